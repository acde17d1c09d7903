import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../functions/routes.js';
import { localAdmin } from '../../scripts/local/httpApiEvent.js';
import { startApiServer, type RunningApiServer } from '../../scripts/local/apiServer.js';
import { repoRoot, useLocalDynamoDb } from './localStack.js';

useLocalDynamoDb();

describe('the local API server with the real route table', () => {
  let api: RunningApiServer;
  beforeAll(async () => {
    api = await startApiServer({ repoRoot });
  });
  afterAll(() => api.close());

  it('answers GET /health through the real handler, with DynamoDB Local behind it', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', storage: 'ok' });
  });

  it('answers an unknown path with 404 in the error model', async () => {
    const response = await fetch(`${api.url}/no/such/route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('answers a wrong method on a known path with 404, as API Gateway does', async () => {
    const response = await fetch(`${api.url}/health`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('NOT_FOUND');
  });

  it('answers a CORS preflight for the H5 app', async () => {
    const response = await fetch(`${api.url}/health`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

const echoRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/lots/{lotId}/plates/{plate}', group: 'system', auth: 'iam', summary: 'echo' },
  { method: 'GET', path: '/lots/{lotId}/plates/recent', group: 'system', auth: 'none', summary: 'echo' },
  { method: 'GET', path: '/files/{path+}', group: 'system', auth: 'none', summary: 'echo' },
  { method: 'GET', path: '/echo', group: 'system', auth: 'none', summary: 'echo' },
];

describe('the events the local API server builds', () => {
  let api: RunningApiServer;
  let appDir: string;
  beforeAll(async () => {
    appDir = mkdtempSync(join(tmpdir(), 'parkade-h5-'));
    mkdirSync(join(appDir, 'js'));
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Parkade</title>');
    writeFileSync(join(appDir, 'js', 'app.js'), 'console.log(1)');
    api = await startApiServer({
      repoRoot,
      appDir,
      routes: echoRoutes,
      functionGroups: {
        system: { entry: 'test/integration/fixtures/echoHandler.ts', memorySize: 256, timeoutSeconds: 5, description: 'echo' },
      },
    });
  });
  afterAll(() => api.close());

  const echo = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${api.url}${path}`, init);
    expect(response.status).toBe(200);
    return (await response.json()) as { event: APIGatewayProxyEventV2WithIAMAuthorizer; context: Record<string, unknown> };
  };

  it('has the payload format 2.0 shape a handler relies on', async () => {
    // node:http rather than fetch: fetch folds repeated headers itself before sending.
    const { event, context } = await new Promise<Awaited<ReturnType<typeof echo>>>((resolve, reject) => {
      const outgoing = request(`${api.url}/lots/lot-demo/plates/${encodeURIComponent('粤B12345')}?a=1&a=2&q=%E4%BA%AC%20A`, { method: 'POST' }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      });
      outgoing.on('error', reject);
      outgoing.setHeader('content-type', 'application/json');
      outgoing.setHeader('X-Custom', ['one', 'two']);
      outgoing.setHeader('cookie', 'session=abc; theme=dark');
      outgoing.setHeader('user-agent', 'parkade-test');
      outgoing.end(JSON.stringify({ plate: '粤B12345' }));
    });

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /lots/{lotId}/plates/{plate}',
      rawPath: '/lots/lot-demo/plates/粤B12345',
      rawQueryString: 'a=1&a=2&q=%E4%BA%AC%20A',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { a: '1,2', q: '京 A' },
      pathParameters: { lotId: 'lot-demo', plate: '粤B12345' },
      body: JSON.stringify({ plate: '粤B12345' }),
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'x-custom': 'one,two', 'content-type': 'application/json', 'user-agent': 'parkade-test' });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.requestContext).toMatchObject({
      accountId: expect.any(String),
      apiId: expect.any(String),
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/lots/lot-demo/plates/粤B12345', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'parkade-test' },
      routeKey: 'POST /lots/{lotId}/plates/{plate}',
      stage: '$default',
      authorizer: { iam: localAdmin },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(context).toMatchObject({ functionName: 'parkade-local-system', memoryLimitInMB: '256' });
    expect(context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(5_000);
  });

  it('gives each request its own request ids', async () => {
    const [first, second] = await Promise.all([echo('/echo'), echo('/echo')]);
    expect(first.event.requestContext.requestId).not.toBe(second.event.requestContext.requestId);
    expect(first.context.awsRequestId).not.toBe(second.context.awsRequestId);
  });

  it('leaves out what a request does not have, and authorizes only iam routes', async () => {
    const { event } = await echo('/echo');
    expect(event.rawQueryString).toBe('');
    for (const absent of ['cookies', 'queryStringParameters', 'pathParameters', 'body'] as const) expect(event).not.toHaveProperty(absent);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('prefers a literal path segment over a parameter, and matches greedy paths', async () => {
    expect((await echo('/lots/lot-demo/plates/recent')).event.routeKey).toBe('GET /lots/{lotId}/plates/recent');
    const { event } = await echo('/files/a/b%20c.txt');
    expect(event.pathParameters).toEqual({ path: 'a/b c.txt' });
  });

  it('base64-encodes bodies that are not text, form posts included', async () => {
    const bytes = Buffer.from([0, 1, 2, 250]);
    const binary = (await echo('/lots/l/plates/p', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes })).event;
    expect(binary).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    const form = (
      await echo('/lots/l/plates/p', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })
    ).event;
    expect(form).toMatchObject({ isBase64Encoded: true, body: Buffer.from('a=1').toString('base64') });
    const text = (await echo('/lots/l/plates/p', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '你好' })).event;
    expect(text).toMatchObject({ isBase64Encoded: false, body: '你好' });
  });

  it('maps results the way API Gateway does', async () => {
    const plain = await fetch(`${api.url}/echo?reply=string`);
    expect([plain.status, plain.headers.get('content-type'), await plain.text()]).toEqual([200, 'application/json', 'plain words']);

    const object = await fetch(`${api.url}/echo?reply=object`);
    expect([object.status, await object.json()]).toEqual([200, { answer: 42 }]);

    const binary = await fetch(`${api.url}/echo?reply=binary`);
    expect(binary.status).toBe(201);
    expect(binary.headers.get('x-count')).toBe('3');
    expect(binary.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));

    for (const failure of ['malformed', 'throw']) {
      const response = await fetch(`${api.url}/echo?reply=${failure}`);
      expect(response.status).toBe(500);
      expect((await response.json()).error.code).toBe('INTERNAL');
    }
  });

  it('refuses a body over 10 MB with 413 and never calls the handler', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(`${api.url}/lots/l/plates/p`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 1);
      for (let index = 0; index < 11; index += 1) outgoing.write(chunk);
      outgoing.end();
    });
    expect(status).toBe(413);
  });

  it('serves the H5 build under /app/, with index.html for client-side routes', async () => {
    const index = await fetch(`${api.url}/app/`);
    expect([index.status, index.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await index.text()).toContain('<title>Parkade</title>');
    expect(await (await fetch(`${api.url}/app/js/app.js`)).text()).toBe('console.log(1)');
    expect(await (await fetch(`${api.url}/app/pages/pay/index`)).text()).toContain('<title>Parkade</title>');
    expect((await fetch(`${api.url}/app/js/missing.js`)).status).toBe(404);
    expect((await fetch(`${api.url}/app/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
