/**
 * What the proofs share: the real handlers of every function group, called in-process with the
 * API Gateway events the local server would build (scripts/local/httpApiEvent.ts), against a
 * table of this test file's own in DynamoDB Local (so a scan before and after a request shows
 * exactly what it wrote), with every kind of caller: anonymous, token holders, signed lane
 * devices and IAM administrators. In-process rather than over HTTP because the local server
 * makes every caller of an `iam` route the local administrator; here the IAM caller is only
 * there when the test says so, as behind API Gateway's IAM authoriser.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { functionGroups, routeKeyOf, routes, type RouteDefinition } from '../../../functions/routes.js';
import { parkadeTable, tableNameVariable } from '../../../functions/store/table.js';
import { decodeTokenKey, generateTokenKey, tokenKeyVariable } from '../../../functions/access/tokenKey.js';
import { masterKeyVariable } from '../../../functions/devices/deviceEnvironment.js';
import { weChatPayNotifyUrlVariable, weChatSimulatorDirVariable } from '../../../functions/payments/weChatEnvironment.js';
import { issueAccessToken, type TokenPrincipal } from '../../../shared/access/index.js';
import { signDeviceRequest } from '../../../shared/devices/index.js';
import { ensureTable } from '../../../scripts/local/createTable.js';
import { buildHttpApiEvent, buildLambdaContext, httpResponseOf, localAdmin } from '../../../scripts/local/httpApiEvent.js';
import type { DeviceCredentials } from '../../../scripts/sim/deviceClient.js';
import { repoRoot, useLocalDynamoDb } from '../localStack.js';

export const local = useLocalDynamoDb();
/** This file's own table: other test files write to the run's shared one meanwhile. */
export const proofTableName = `proof-${randomBytes(4).toString('hex')}`;
process.env[tableNameVariable] = proofTableName;
process.env[tokenKeyVariable] = generateTokenKey();
process.env[masterKeyVariable] = randomBytes(32).toString('hex');
process.env[weChatSimulatorDirVariable] = mkdtempSync(join(tmpdir(), 'parkade-proof-wechat-'));
export const simulatorDir = process.env[weChatSimulatorDirVariable];
// Nothing listens there: the proofs deliver the simulator's notifications to the handler themselves.
process.env[weChatPayNotifyUrlVariable] = 'http://127.0.0.1:9/payments/wechat/notify';

export const createProofTable = () => ensureTable(local.client, parkadeTable, proofTableName);
export const dropProofTable = async () => {
  await local.client.send(new DeleteTableCommand({ TableName: proofTableName }));
};

/** Who calls. `admin` is an IAM caller (SigV4), seen by the handler only on `iam` routes. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'token'; principal: TokenPrincipal }
  /** A token the API issued (a driver's, from WeChat login). */
  | { kind: 'bearer'; token: string }
  | { kind: 'device'; device: DeviceCredentials }
  | { kind: 'admin' };

export interface ProofRequest {
  /** Decoded path parameter values; the URL carries them percent-encoded. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ProofAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  text: string;
  /** The JSON body, or undefined when the body is not JSON. */
  json: any;
}

const tokenOf = (principal: TokenPrincipal): string =>
  issueAccessToken(decodeTokenKey(process.env[tokenKeyVariable] ?? ''), { principal, now: new Date() }).token;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
const handlers = new Map<string, Promise<Handler>>();
const handlerOf = (route: RouteDefinition): Promise<Handler> => {
  let loading = handlers.get(route.group);
  if (loading === undefined) {
    const entry = functionGroups[route.group].entry;
    loading = import(pathToFileURL(resolve(repoRoot, entry)).href).then((module: { handler: Handler }) => module.handler);
    handlers.set(route.group, loading);
  }
  return loading;
};

export const routeOf = (routeKey: string): RouteDefinition => {
  const found = routes.find((route) => routeKeyOf(route) === routeKey);
  if (found === undefined) throw new Error(`No route ${routeKey} in functions/routes.ts`);
  return found;
};

/** `/lots/{lotId}` with `{ lotId: 'a b' }` → `/lots/a%20b`. */
export const pathOf = (route: RouteDefinition, params: Record<string, string> = {}): string =>
  route.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`));

/** One request through the route's real handler, as API Gateway would deliver it. */
export const invoke = async (routeKey: string, caller: Caller, request: ProofRequest = {}): Promise<ProofAnswer> => {
  const route = routeOf(routeKey);
  const path = pathOf(route, request.params);
  const query = new URLSearchParams(request.query ?? {}).toString();
  const body =
    request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body), 'utf8');
  const headers: Record<string, string> = { ...(body.length > 0 ? { 'content-type': 'application/json' } : {}), ...callerHeaders(caller, route.method, decodedPathOf(route, request.params), body), ...request.headers };
  const event = buildHttpApiEvent(
    {
      method: route.method,
      url: query === '' ? path : `${path}?${query}`,
      rawHeaders: Object.entries(headers).flat(),
      body,
      sourceIp: '203.0.113.9',
      protocol: 'HTTP/1.1',
    },
    { route, pathParameters: request.params ?? {} },
  );
  // API Gateway's IAM authoriser names the caller only when the request was SigV4-signed by one.
  if (caller.kind !== 'admin') delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const handler = await handlerOf(route);
  const response = httpResponseOf(await handler(event, buildLambdaContext(route.group, functionGroups[route.group], 'ap-east-1')));
  if (response === undefined) throw new Error(`${routeKey} gave a malformed proxy response`);
  const text = response.body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
};

/** The path as API Gateway hands it to the handler (`rawPath`, decoded): what a device signs. */
const decodedPathOf = (route: RouteDefinition, params: Record<string, string> = {}): string =>
  route.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => params[name] ?? `missing-${name}`);

const callerHeaders = (caller: Caller, method: string, path: string, body: Buffer): Record<string, string> => {
  switch (caller.kind) {
    case 'anonymous':
      return {};
    case 'token':
      return { authorization: `Bearer ${tokenOf(caller.principal)}` };
    case 'bearer':
      return { authorization: `Bearer ${caller.token}` };
    case 'admin':
      // What an IAM caller sends; only API Gateway's authoriser understands it.
      return { authorization: `AWS4-HMAC-SHA256 Credential=${localAdmin?.accessKey}/20261123/ap-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00` };
    case 'device':
      return signDeviceRequest(caller.device.secret, {
        deviceId: caller.device.deviceId,
        method,
        path,
        body,
        timestamp: Math.floor(Date.now() / 1000),
        nonce: randomBytes(16).toString('hex'),
      });
  }
};

type Item = Record<string, unknown>;

/** The DynamoDB commands that write, by their document-client and low-level names. */
export const writeCommands = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
let writesSent = 0;
let counting: Promise<void> | undefined;

/**
 * How many writes the handlers have sent so far. Only this process writes to the proof table, so
 * a request that sent none changed nothing, and the proofs scan the table only after one that did.
 */
export const writeCount = async (): Promise<number> => {
  counting ??= import('../../../functions/store/client.js').then(({ documentClient }) => {
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (writeCommands.has(String(context.commandName))) writesSent += 1;
        return next(args);
      },
      { step: 'initialize', name: 'proofWriteCounter' },
    );
  });
  await counting;
  return writesSent;
};

/**
 * Items that record an attempt rather than a change, and expire by TTL: a device's nonce is its
 * authentication's one write, before the request is read (replay protection must remember a
 * signed request whatever its body); a driver's plate-lookup counter counts lookups that found
 * nothing too (that is what stops plate enumeration); a staff login's failure counters (per login
 * and per source address) count refused passwords, which is what slows password guessing.
 */
export const attemptEntities = new Set(['Nonce', 'LookupCounter', 'LoginFailures']);

const stable = (value: unknown): string =>
  JSON.stringify(value, (_, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Set)
      ? Object.fromEntries(Object.entries(inner as Item).sort(([a], [b]) => a.localeCompare(b)))
      : inner instanceof Set
        ? [...inner].sort()
        : inner,
  );

/** Every item of the proof table. */
const scanTable = async (): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await local.documents.send(new ScanCommand({ TableName: proofTableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
};

/** Every item of the proof table but attempts, by key. */
export const snapshot = async (): Promise<Map<string, string>> =>
  new Map((await scanTable()).filter((item) => !attemptEntities.has(String(item.entity))).map((item) => [`${String(item.pk)} | ${String(item.sk)}`, stable(item)]));

/** What changed between two snapshots: keys added, removed or rewritten, with the item after. */
export const changes = (before: Map<string, string>, after: Map<string, string>): string[] => {
  const changed: string[] = [];
  for (const [key, item] of after) if (before.get(key) !== item) changed.push(`${before.has(key) ? 'changed' : 'added'} ${key}: ${item}`);
  for (const key of before.keys()) if (!after.has(key)) changed.push(`removed ${key}`);
  return changed;
};

/** Every item of one entity, for checks of totals. */
export const itemsOfEntity = async (entity: string): Promise<Item[]> => (await scanTable()).filter((item) => item.entity === entity);
