/**
 * What API Gateway (HTTP API, Lambda proxy, payload format 2.0) and the Lambda runtime do around
 * a handler, for the local server: the route match, the event, the context, and turning the
 * handler's result into an HTTP response. Behaviours copied from the real service:
 * - header names lower-cased, repeated headers joined with commas; cookies moved out of the
 *   headers into `cookies`;
 * - `rawPath` and the path parameters arrive percent-decoded, `rawQueryString` as sent;
 *   repeated query parameters joined with commas;
 * - the body is a UTF-8 string only for text/*, JSON, XML and JavaScript content types;
 *   anything else (form posts and a missing content type included) arrives base64-encoded;
 * - a result without `statusCode` is a 200 `application/json` response whose body is the string
 *   returned, or the JSON of whatever else was returned.
 */
import type {
  APIGatewayEventRequestContextIAMAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FunctionGroup, RouteDefinition } from '../../functions/routes.js';
import { routeKeyOf } from '../../functions/routes.js';

export const localAccountId = '000000000000';
export const localApiId = 'local';

/** The caller every `iam` route sees locally: an administrator of the local account. */
export const localAdmin: APIGatewayEventRequestContextIAMAuthorizer['iam'] = {
  accessKey: 'ASIALOCALADMIN000000',
  accountId: localAccountId,
  callerId: 'AIDALOCALADMIN000000',
  cognitoIdentity: null,
  principalOrgId: 'o-local',
  userArn: `arn:aws:iam::${localAccountId}:user/parkade-local-admin`,
  userId: 'AIDALOCALADMIN000000',
};

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

/**
 * The route for a request, chosen like API Gateway: a literal segment beats a `{param}`, which
 * beats a greedy `{proxy+}`. `pathMatched` tells a wrong method on a known path from an unknown
 * path (API Gateway answers both with 404).
 */
export const matchRoute = (
  routes: readonly RouteDefinition[],
  method: string,
  encodedPath: string,
): { match: RouteMatch | undefined; pathMatched: boolean } => {
  const segments = encodedPath.split('/').slice(1);
  const candidates = routes
    .map((route) => ({ route, fit: fitPath(route.path, segments) }))
    .filter((candidate): candidate is { route: RouteDefinition; fit: PathFit } => candidate.fit !== undefined);
  const best = candidates
    .filter((candidate) => candidate.route.method === method)
    .sort((a, b) => compareSpecificity(b.fit.specificity, a.fit.specificity))[0];
  return {
    match: best && { route: best.route, pathParameters: best.fit.pathParameters },
    pathMatched: candidates.length > 0,
  };
};

interface PathFit {
  /** Per template segment: 2 literal, 1 parameter, 0 greedy. */
  specificity: number[];
  pathParameters: Record<string, string>;
}

const fitPath = (template: string, segments: string[]): PathFit | undefined => {
  const parts = template.split('/').slice(1);
  const specificity: number[] = [];
  const pathParameters: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy?.[1] !== undefined) {
      const rest = segments.slice(index);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      pathParameters[greedy[1]] = decodePath(rest.join('/'));
      specificity.push(0);
      return { specificity, pathParameters };
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    const parameter = /^\{(\w+)\}$/.exec(part);
    if (parameter?.[1] !== undefined) {
      if (segment === '') return undefined;
      pathParameters[parameter[1]] = decodePath(segment);
      specificity.push(1);
    } else if (part === segment) {
      specificity.push(2);
    } else {
      return undefined;
    }
  }
  return segments.length === parts.length ? { specificity, pathParameters } : undefined;
};

const compareSpecificity = (a: number[], b: number[]): number => {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
};

const decodePath = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export interface RequestFacts {
  method: string;
  /** The request target as sent: path and query string, still percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
}

const textContentTypes = /^(text\/[^;]+|application\/(json|xml|javascript))\s*(;.*)?$/i;

/** The payload format 2.0 event API Gateway would send for this request on this route. */
export const buildHttpApiEvent = (
  request: RequestFacts,
  match: RouteMatch,
  { requestId = randomUUID(), now = new Date() }: { requestId?: string; now?: Date } = {},
): APIGatewayProxyEventV2 => {
  const queryAt = request.url.indexOf('?');
  const encodedPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const rawPath = decodePath(encodedPath);
  const routeKey = routeKeyOf(match.route);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? '').toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter((cookie) => cookie !== ''));
    } else {
      headers[name] = name in headers ? `${headers[name]},${value}` : value;
    }
  }
  const hostHeader = headers.host ?? 'localhost';
  const port = /:(\d+)$/.exec(hostHeader)?.[1] ?? '80';
  const domainName = hostHeader.replace(/:\d+$/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = port;
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }

  const requestContext: APIGatewayEventRequestContextV2 & { authorizer?: APIGatewayEventRequestContextIAMAuthorizer } = {
    accountId: localAccountId,
    apiId: localApiId,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: request.method,
      path: rawPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey,
    stage: '$default',
    time: apiGatewayTime(now),
    timeEpoch: now.getTime(),
    ...(match.route.auth === 'iam' ? { authorizer: { iam: localAdmin } } : {}),
  };

  const hasBody = request.body.length > 0;
  const isText = textContentTypes.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext,
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** API Gateway's `requestContext.time`: `12/Mar/2026:19:03:58 +0000`. */
const apiGatewayTime = (at: Date): string =>
  `${twoDigits(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
  `${twoDigits(at.getUTCHours())}:${twoDigits(at.getUTCMinutes())}:${twoDigits(at.getUTCSeconds())} +0000`;

/** The Lambda context a function group's handler gets, with its deadline from the group's timeout. */
export const buildLambdaContext = (groupName: string, group: FunctionGroup, region: string, startedAt = Date.now()): Context => {
  const functionName = `parkade-local-${groupName}`;
  const deadline = startedAt + group.timeoutSeconds * 1000;
  const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/');
  const callbacksUnsupported = () => {
    throw new Error('Parkade handlers are async: return the result instead of calling context.done/succeed/fail');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB: String(group.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: callbacksUnsupported,
    fail: callbacksUnsupported,
    succeed: callbacksUnsupported,
  };
};

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** What API Gateway sends to the client for a handler's result; undefined when it is malformed. */
export const httpResponseOf = (result: unknown): HttpResponse | undefined => {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    if (!Number.isInteger(structured.statusCode)) return undefined;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (structured.cookies !== undefined && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
    const body = structured.body ?? '';
    return {
      statusCode: structured.statusCode as number,
      headers,
      body: structured.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null'), 'utf8'),
  };
};
