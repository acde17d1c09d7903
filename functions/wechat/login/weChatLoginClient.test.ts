import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import { readWeChatLoginConfig, WeChatLoginClient } from './weChatLoginClient.js';

/* The real client against a stand-in for api.weixin.qq.com on 127.0.0.1, answering as documented. */

const appId = 'wx1234567890abcdef';
const appSecret = '0123456789abcdef0123456789abcdef';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let answer: (request: Seen) => { status?: number; body?: unknown; hang?: boolean };
let clock: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const entry: Seen = {
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
      };
      seen.push(entry);
      const reply = answer(entry);
      if (reply.hang) return;
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** api.weixin.qq.com as documented, with a stable token that rotates when forced. */
let tokenGeneration: number;
const documented = (request: Seen) => {
  if (request.path === '/sns/jscode2session') {
    const code = request.query.js_code ?? '';
    const errcodes: Record<string, number> = { expired: 40029, used: 40163, risky: 40226, burst: 45011, busy: -1, 'bad-secret': 40125 };
    if (code in errcodes) return { body: { errcode: errcodes[code], errmsg: `errmsg for ${code}` } };
    return { body: { openid: `o-${code}`, session_key: 'tiihtNczf5v6AKRyjwEUhQ==', ...(code === 'union' ? { unionid: 'u-1' } : {}) } };
  }
  if (request.path === '/cgi-bin/stable_token') {
    if (request.body?.force_refresh === true) tokenGeneration += 1;
    return { body: { access_token: `T${tokenGeneration}`, expires_in: 7200 } };
  }
  if (request.path === '/wxa/business/getuserphonenumber') {
    if (request.query.access_token !== `T${tokenGeneration}`) return { body: { errcode: 40001, errmsg: 'invalid credential' } };
    if (request.body?.code === 'expired') return { body: { errcode: 40029, errmsg: 'invalid code' } };
    return {
      body: {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: '13800138000',
          purePhoneNumber: '13800138000',
          countryCode: 86,
          watermark: { timestamp: 1637744274, appid: request.body?.code === 'foreign' ? 'wxother0000000000' : appId },
        },
      },
    };
  }
  return { status: 404 };
};

beforeEach(() => {
  seen = [];
  tokenGeneration = 1;
  clock = Date.parse('2026-11-23T02:00:00Z');
  answer = documented;
});

const client = (timeoutMs = 1_000) =>
  new WeChatLoginClient(readWeChatLoginConfig({ appId, appSecret, apiBaseUrl: baseUrl, timeoutMs }), { now: () => clock });

const failureOf = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('code2session', () => {
  it('sends the documented query and returns the identity', async () => {
    expect(await client().code2session('081Kq4Ga1MSox41ufFGa1elczA2Kq4GQ')).toEqual({
      openId: 'o-081Kq4Ga1MSox41ufFGa1elczA2Kq4GQ',
      sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
    });
    expect(seen).toEqual([
      {
        method: 'GET',
        path: '/sns/jscode2session',
        query: { appid: appId, secret: appSecret, js_code: '081Kq4Ga1MSox41ufFGa1elczA2Kq4GQ', grant_type: 'authorization_code' },
        body: undefined,
      },
    ]);
    expect((await client().code2session('union')).unionId).toBe('u-1');
  });

  it.each([
    ['expired', 'UNAUTHORIZED', 'invalidCode'],
    ['used', 'UNAUTHORIZED', 'codeUsed'],
    ['risky', 'FORBIDDEN', 'riskyUser'],
    ['burst', 'RATE_LIMITED', 'rateLimited'],
  ])('errcode for %s → %s (%s)', async (code, errorCode, reason) => {
    expect(await failureOf(client().code2session(code))).toMatchObject({ code: errorCode, details: { reason } });
  });

  it('"system busy" (-1), an HTTP error or no answer in time are UNAVAILABLE', async () => {
    expect((await failureOf(client().code2session('busy'))).code).toBe('UNAVAILABLE');
    answer = () => ({ status: 502 });
    expect((await failureOf(client().code2session('x'))).code).toBe('UNAVAILABLE');
    answer = () => ({ hang: true });
    expect((await failureOf(client(150).code2session('x'))).code).toBe('UNAVAILABLE');
  });

  it('an errcode that means our set-up is wrong is INTERNAL, and the secret stays out of the message', async () => {
    const error = await failureOf(client().code2session('bad-secret'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain(appSecret);
  });
});

describe('phone number', () => {
  it('gets a stable access token once, then asks for the number', async () => {
    const login = client();
    expect(await login.phoneNumber('e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144')).toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
    });
    await login.phoneNumber('again');
    expect(seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /cgi-bin/stable_token',
      'POST /wxa/business/getuserphonenumber',
      'POST /wxa/business/getuserphonenumber',
    ]);
    expect(seen[0]!.body).toEqual({ grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false });
    expect(seen[1]!.body).toEqual({ code: 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144' });
  });

  it('renews the token before it expires', async () => {
    const login = client();
    await login.phoneNumber('a');
    clock += 7200_000 - 5 * 60_000;
    await login.phoneNumber('b');
    expect(seen.filter(({ path }) => path === '/cgi-bin/stable_token')).toHaveLength(2);
  });

  it('a token WeChat calls stale is force-refreshed once and the call retried', async () => {
    const login = client();
    await login.phoneNumber('a');
    tokenGeneration += 1; // rotated elsewhere
    expect((await login.phoneNumber('b')).purePhoneNumber).toBe('13800138000');
    expect(seen.filter(({ path }) => path === '/cgi-bin/stable_token').map(({ body }) => body?.force_refresh)).toEqual([false, true]);
  });

  it('an expired phone code is UNAUTHORIZED; a number for another app is not trusted', async () => {
    expect((await failureOf(client().phoneNumber('expired'))).code).toBe('UNAUTHORIZED');
    expect((await failureOf(client().phoneNumber('foreign'))).code).toBe('UNAVAILABLE');
  });
});

describe('configuration', () => {
  it('is checked, naming the field', () => {
    expect(() => readWeChatLoginConfig({ appId: 'nope', appSecret })).toThrow(/appId/);
  });
});
