/**
 * What the driver and payment tests share: the device tests' lane harness (DynamoDB Local, the
 * real local API server, signed lane devices), a lot of their own with a tariff that charges
 * from the first minute (so a car that came in a moment ago owes something), the WeChat login
 * and pay simulators over a directory of this test file, and calls as a logged-in driver.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { local, call, deviceOf, entryLane, exitLane, post, startApi } from '../devices/laneHarness.js';
import { generateDemoLot, withDeviceSecrets, demoTariff, type DemoLot } from '../../../scripts/local/demoLot.js';
import { seedDemoLot } from '../../../scripts/local/seedDemoLot.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { decodeTokenKey, generateTokenKey } from '../../../functions/access/tokenKey.js';
import { issueAccessToken } from '../../../shared/access/index.js';
import { paymentNotificationPath, weChatPayNotifyUrlVariable, weChatSimulatorDirVariable } from '../../../functions/payments/weChatEnvironment.js';
import { SimulatedPaymentProvider, type NotificationDelivery } from '../../../functions/wechat/pay/index.js';
import type { NotificationRequest } from '../../../shared/payments/index.js';

export { local, call, deviceOf, entryLane, exitLane, post };

process.env.PARKADE_TOKEN_KEY = generateTokenKey();
export const simulatorDir = mkdtempSync(join(tmpdir(), 'parkade-wechat-'));
process.env[weChatSimulatorDirVariable] = simulatorDir;

/** Starts the API and tells the payment simulator where our notification route is. */
export const startDriverApi = async (): Promise<RunningApiServer> => {
  const api = await startApi();
  process.env[weChatPayNotifyUrlVariable] = `${api.url}${paymentNotificationPath}`;
  return api;
};

/** The payer's side of WeChat Pay, over the same directory as the API's provider. */
export const payer = (api: RunningApiServer, options: { refundSettleDelayMs?: number | null } = {}) =>
  new SimulatedPaymentProvider({ dir: simulatorDir, notifyUrl: `${api.url}${paymentNotificationPath}`, ...options });

/** A payer whose notifications are kept instead of sent, to deliver later, late or many times. */
export const capturingPayer = (api: RunningApiServer) => {
  const captured: NotificationRequest[] = [];
  const provider = new SimulatedPaymentProvider({
    dir: simulatorDir,
    notifyUrl: `${api.url}${paymentNotificationPath}`,
    deliver: async (_url, notification): Promise<NotificationDelivery> => {
      captured.push(notification);
      return { delivered: true, status: 204 };
    },
  });
  return { provider, captured };
};

/** Posts a captured notification to our route as WeChat would; answers the HTTP status. */
export const deliver = async (api: RunningApiServer, notification: NotificationRequest): Promise<number> =>
  (await fetch(`${api.url}${paymentNotificationPath}`, { method: 'POST', headers: notification.headers as Record<string, string>, body: notification.body })).status;

/** A demo lot under its own id whose default tariff charges from the first minute. */
export const seedPayingLot = async (name: string): Promise<DemoLot> => {
  const generated = generateDemoLot();
  const lotId = `lot-${name}-${randomBytes(3).toString('hex')}`;
  const tariff = { ...demoTariff, schedules: { ...demoTariff.schedules, default: { ...demoTariff.schedules.default, freeMinutes: 0 } } };
  const lot = withDeviceSecrets(
    { ...generated, lotId, tariff, merchants: generated.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })) },
    process.env.PARKADE_DEVICE_MASTER_KEY ?? '',
  );
  await seedDemoLot(local.documents, local.tableName, lot);
  return lot;
};

export interface Driver {
  token: string;
  driverId: string;
}

export const login = async (api: RunningApiServer, who: string): Promise<Driver> => {
  const response = await fetch(`${api.url}/driver/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `${who}-${randomBytes(4).toString('hex')}` }) });
  const body = (await response.json()) as { token: string; driver: { driverId: string } };
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(body)}`);
  return { token: body.token, driverId: body.driver.driverId };
};

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export const asDriver = async <T = any>(
  api: RunningApiServer,
  driver: Driver,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${driver.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
};

export const asAdmin = async <T = any>(api: RunningApiServer, method: string, path: string, body?: unknown): Promise<Answer<T>> => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
};

/** A call as an operator of `lotId`, with a token signed by the API's key. */
export const asOperator = async <T = any>(api: RunningApiServer, lotId: string, method: string, path: string, body?: unknown): Promise<Answer<T>> => {
  const { token } = issueAccessToken(decodeTokenKey(process.env.PARKADE_TOKEN_KEY ?? ''), {
    principal: { kind: 'operator', operatorId: `op-${lotId}`, lotId },
    now: new Date(),
  });
  return asDriver<T>(api, { token, driverId: '' }, method, path, body);
};

/** `minutes` ago, as devices send it. */
export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

export const quoteOf = (api: RunningApiServer, driver: Driver, lot: DemoLot, plate: string) =>
  asDriver(api, driver, 'GET', `/lots/${lot.lotId}/plates/${encodeURIComponent(plate)}/quote`);

export const order = (
  api: RunningApiServer,
  driver: Driver,
  quote: { sessionId: string; due: number; coversUntil: string },
  key = `key-${randomBytes(6).toString('hex')}`,
  extra: Record<string, unknown> = {},
) => asDriver(api, driver, 'POST', `/sessions/${quote.sessionId}/orders`, { amountFen: quote.due, coversUntil: quote.coversUntil, ...extra }, { 'idempotency-key': key });

/** The open commands a lane's device would get by polling. */
export const laneCommands = async (api: RunningApiServer, lot: DemoLot, laneId: string): Promise<{ commandId: string; sessionId?: string; reason: string }[]> => {
  const response = await call(api, deviceOf(lot, laneId), { method: 'GET', path: '/device/commands' });
  return ((await response.json()) as { commands: { commandId: string; sessionId?: string; reason: string }[] }).commands;
};

/** Every item of a session's partition of one entity. */
export const sessionChildren = async (sessionId: string, entity: string): Promise<Record<string, unknown>[]> => {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { Items } = await local.documents.send(
    new QueryCommand({ TableName: local.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}` }, ConsistentRead: true }),
  );
  return (Items ?? []).filter((item) => item.entity === entity);
};
