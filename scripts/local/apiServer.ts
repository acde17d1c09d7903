/**
 * The local stand-in for API Gateway: a node:http server that routes by functions/routes.ts,
 * calls the same handler modules the Lambda functions run (loaded once per function group, like
 * a warm Lambda), and serves the H5 build of the mini-program under /app/. `npm start` and the
 * integration tests both start it through `startApiServer`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { ErrorBody, ErrorCode } from '../../shared/errors/index.js';
import { functionGroups as declaredGroups, routes as declaredRoutes } from '../../functions/routes.js';
import { paymentNotificationPath } from '../../functions/payments/weChatEnvironment.js';
import type { FunctionGroup, RouteDefinition } from '../../functions/routes.js';
import { buildHttpApiEvent, buildLambdaContext, httpResponseOf, matchRoute, type HttpResponse, type RouteMatch } from './httpApiEvent.js';

/** API Gateway's request payload limit. */
export const maxRequestBytes = 10 * 1024 * 1024;

/** The H5 app's path prefix. */
export const appPathPrefix = '/app/';

/** CORS as the HTTP API is configured for the mini-program's H5 build. */
export const corsPolicy = {
  allowOrigins: '*',
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
  exposeHeaders: ['etag', 'apigw-requestid'],
  maxAgeSeconds: 600,
} as const;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface ApiServerOptions {
  /** Repository root; function group entries are relative to it. */
  repoRoot: string;
  routes?: readonly RouteDefinition[];
  functionGroups?: Record<string, FunctionGroup>;
  /** The H5 build (index.html and assets), served under /app/ when it exists. */
  appDir?: string;
  /** Region reported in the Lambda context. */
  region?: string;
  /** One line per request and per handler failure. */
  log?: (line: string) => void;
  /** The WeChat Pay simulator's directory: its h5 payment confirmation page is served under /sim/pay/. */
  paymentSimulatorDir?: string;
}

export interface RunningApiServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export const startApiServer = async (
  options: ApiServerOptions & { port?: number; host?: string },
): Promise<RunningApiServer> => {
  const server = createApiServer(options);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
};

export const createApiServer = (options: ApiServerOptions): Server => {
  const routes = options.routes ?? declaredRoutes;
  const groups: Record<string, FunctionGroup> = options.functionGroups ?? declaredGroups;
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-east-1';
  const log = options.log ?? (() => undefined);
  const handlers = new Map<string, Promise<Handler>>();

  const handlerOf = (groupName: string, group: FunctionGroup): Promise<Handler> => {
    let loading = handlers.get(groupName);
    if (loading === undefined) {
      loading = import(pathToFileURL(resolve(options.repoRoot, group.entry)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${group.entry} does not export a handler function`);
        return module.handler as Handler;
      });
      // A failed load is retried on the next request (the file may be written meanwhile).
      loading.catch(() => handlers.delete(groupName));
      handlers.set(groupName, loading);
    }
    return loading;
  };

  const invoke = async (request: IncomingMessage, match: RouteMatch, requestId: string, body: Buffer): Promise<HttpResponse> => {
    const group = groups[match.route.group];
    if (group === undefined) return errorResponse(500, 'INTERNAL', `Route names unknown function group ${match.route.group}`);

    const event = buildHttpApiEvent(
      {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        protocol: `HTTP/${request.httpVersion}`,
      },
      match,
      { requestId },
    );
    const context = buildLambdaContext(match.route.group, group, region);
    try {
      const handler = await handlerOf(match.route.group, group);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${group.timeoutSeconds}.00 seconds`)),
          context.getRemainingTimeInMillis(),
        );
      });
      const result = await Promise.race([handler(event, context), timedOut]).finally(() => clearTimeout(timer));
      const response = httpResponseOf(result);
      if (response === undefined) {
        log(`${match.route.group}: malformed Lambda proxy response ${JSON.stringify(result)}`);
        return errorResponse(500, 'INTERNAL', 'Internal Server Error');
      }
      return response;
    } catch (error) {
      log(`${match.route.group} (${context.awsRequestId}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(500, 'INTERNAL', 'Internal Server Error');
    }
  };

  return createServer((request, response) => {
    const startedAt = Date.now();
    const requestId = randomUUID();
    response.setHeader('apigw-requestid', requestId);
    applyCors(request, response);
    response.on('finish', () => log(`${request.method} ${request.url} ${response.statusCode} ${Date.now() - startedAt} ms`));

    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      response.writeHead(204).end();
      return;
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (options.paymentSimulatorDir !== undefined && path.startsWith(paymentPagePrefix)) {
      const { port } = request.socket.address() as AddressInfo;
      servePaymentPage(options.paymentSimulatorDir, `http://localhost:${port}${paymentNotificationPath}`, request, path, response).catch((error: unknown) =>
        send(response, errorResponse(500, 'INTERNAL', String(error))),
      );
      request.resume();
      return;
    }
    const { match, pathMatched } = matchRoute(routes, request.method ?? 'GET', path);
    if (match === undefined) {
      // API Gateway answers a wrong method on a known path like an unknown path: 404.
      if (!pathMatched && options.appDir !== undefined && isAppPath(path)) serveApp(options.appDir, path, request, response);
      else send(response, errorResponse(404, 'NOT_FOUND', `No route for ${request.method} ${path}`));
      request.resume();
      return;
    }
    readBody(request)
      .then((body) =>
        body === undefined ? errorResponse(413, 'PAYLOAD_TOO_LARGE', 'Request Entity Too Large') : invoke(request, match, requestId, body),
      )
      .then((result) => send(response, result), (error: unknown) => send(response, errorResponse(500, 'INTERNAL', String(error))));
  });
};

/** The body, or undefined once it passes API Gateway's limit (the rest is not read). */
const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolveBody, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > maxRequestBytes) {
      resolveBody(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        request.removeAllListeners('data');
        request.pause();
        resolveBody(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (response: ServerResponse, result: HttpResponse): void => {
  if (result.statusCode === 413) response.setHeader('connection', 'close');
  for (const [name, value] of Object.entries(result.headers)) {
    // API Gateway owns the CORS headers when CORS is configured.
    if (!name.startsWith('access-control-')) response.setHeader(name, value);
  }
  response.setHeader('content-length', result.body.length);
  response.writeHead(result.statusCode).end(result.body);
};

const errorResponse = (statusCode: number, code: ErrorCode, message: string): HttpResponse => {
  const body: ErrorBody = { error: { code, message } };
  return { statusCode, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
};

const applyCors = (request: IncomingMessage, response: ServerResponse): void => {
  if (request.headers.origin === undefined) return;
  response.setHeader('access-control-allow-origin', corsPolicy.allowOrigins);
  response.setHeader('access-control-expose-headers', corsPolicy.exposeHeaders.join(','));
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', corsPolicy.allowMethods.join(','));
    response.setHeader('access-control-allow-headers', corsPolicy.allowHeaders.join(','));
    response.setHeader('access-control-max-age', String(corsPolicy.maxAgeSeconds));
  }
};

/** The h5 build's stand-in for WeChat's payment sheet (the mini-program opens it for `requestPayment`). */
export const paymentPagePrefix = '/sim/pay/';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/**
 * GET /sim/pay/<prepayId>: the confirmation page; POST …/confirm pays (the simulator then
 * notifies our route), POST …/cancel closes the sheet. POSTs answer the page's model as JSON.
 */
const servePaymentPage = async (dir: string, notifyUrl: string, request: IncomingMessage, path: string, response: ServerResponse): Promise<void> => {
  const { SimulatedPaymentProvider } = await import('../../functions/wechat/pay/index.js');
  const simulator = new SimulatedPaymentProvider({ dir, notifyUrl });
  const [prepayId = '', action] = path.slice(paymentPagePrefix.length).split('/');
  const json = (status: number, body: unknown) => send(response, { statusCode: status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
  try {
    if (request.method === 'POST' && (action === 'confirm' || action === 'cancel')) {
      json(200, action === 'confirm' ? await simulator.confirmPayment(prepayId) : simulator.cancelPayment(prepayId));
      return;
    }
    if (request.method !== 'GET' || action !== undefined) {
      send(response, errorResponse(404, 'NOT_FOUND', `No route for ${request.method} ${path}`));
      return;
    }
    const page = simulator.confirmationPage(prepayId);
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(page.payee)}</title></head>
<body style="font-family:sans-serif;text-align:center;padding:2em"><p>${escapeHtml(page.payee)}</p><p>${escapeHtml(page.description)}</p><h1>${escapeHtml(page.amountText)}</h1>
${page.canPay ? `<form method="post" action="${paymentPagePrefix}${encodeURIComponent(prepayId)}/confirm"><button style="font-size:1.2em;padding:.5em 2em">确认支付</button></form>` : `<p>${escapeHtml(page.notice ?? page.state)}</p>`}
</body></html>`;
    send(response, { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: Buffer.from(html) });
  } catch (error) {
    const { isDomainError } = await import('../../shared/errors/index.js');
    if (!isDomainError(error)) throw error;
    json(error.code === 'NOT_FOUND' ? 404 : 409, error.toBody());
  }
};

const isAppPath = (path: string): boolean => path === '/app' || path.startsWith(appPathPrefix);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file of the H5 build; unknown paths without an extension get index.html (client-side routes). */
const serveApp = (appDir: string, path: string, request: IncomingMessage, response: ServerResponse): void => {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, errorResponse(404, 'NOT_FOUND', `No route for ${request.method} ${path}`));
    return;
  }
  if (path === '/app') {
    response.writeHead(301, { location: appPathPrefix }).end();
    return;
  }
  const root = resolve(appDir);
  const index = resolve(root, 'index.html');
  if (!existsSync(index)) {
    send(response, errorResponse(404, 'NOT_FOUND', 'The H5 app is not built yet: run `npm run build:h5`'));
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice(appPathPrefix.length));
  } catch {
    send(response, errorResponse(400, 'VALIDATION_FAILED', `Malformed path ${path}`));
    return;
  }
  const requested = resolve(root, relative);
  const inside = requested === root || requested.startsWith(root + sep);
  const file = inside && existsSync(requested) && statSync(requested).isFile() ? requested : undefined;
  if (!inside || (file === undefined && extname(relative) !== '')) {
    send(response, errorResponse(404, 'NOT_FOUND', `No file ${path}`));
    return;
  }
  const served = file ?? index;
  response.writeHead(200, {
    'content-type': contentTypes[extname(served).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(statSync(served).size),
    // index.html must not be cached so a rebuild shows at once; hashed assets may be.
    'cache-control': served === index ? 'no-cache' : 'public, max-age=3600',
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(served).pipe(response);
};
