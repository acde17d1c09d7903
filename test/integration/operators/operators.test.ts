/**
 * Operator actions through the operators handler, against DynamoDB Local and the embedded MQTT
 * broker: who may act, what each action changes, the audit entry it leaves, and retries.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The handler's logger is made when its module loads, before the body of this file runs.
vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { generateTokenKey, decodeTokenKey } from '../../../functions/access/index.js';
import { httpEvent, lambdaContext } from '../../../functions/http/testEvents.js';
import { handler } from '../../../functions/operators/handler.js';
import { laneCommandsAfter } from '../../../functions/sessions/laneCommands.js';
import { lanePresencePut } from '../../../functions/sessions/lanePresence.js';
import { loadPlateStream } from '../../../functions/sessions/plateStreams.js';
import { recordPlateEventItems } from '../../../functions/sessions/recordPlateEvent.js';
import { sessionKey } from '../../../functions/sessions/sessions.js';
import { transactWrite } from '../../../functions/sessions/transactWrite.js';
import { generateDemoLot, type DemoLot } from '../../../scripts/local/demoLot.js';
import { mqttPasswordOf, startMqttBroker, type LocalMqttBroker } from '../../../scripts/local/mqttBroker.js';
import { seedDemoLot } from '../../../scripts/local/seedDemoLot.js';
import { issueAccessToken, type TokenPrincipal } from '../../../shared/access/index.js';
import { presenceExpiresAt, sessionIdFor } from '../../../shared/sessions/index.js';
import { useLocalDynamoDb } from '../localStack.js';

const { documents, tableName } = useLocalDynamoDb();
const tokenKey = generateTokenKey();
process.env.PARKADE_TOKEN_KEY = tokenKey;

const lotNamed = (lotId: string): DemoLot => {
  const lot = generateDemoLot();
  return { ...lot, lotId, merchants: lot.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })) };
};
const lot = lotNamed('lot-operators');
const otherLot = lotNamed('lot-operators-other');
const exitLane = 'lane-east-out';
const entryLane = 'lane-east-in';
const exitDevice = lot.devices.find((device) => device.laneId === exitLane)!;

let broker: LocalMqttBroker;
let device: MqttClient;
const received: Buffer[] = [];

beforeAll(async () => {
  await seedDemoLot(documents, tableName, lot);
  await seedDemoLot(documents, tableName, otherLot);
  broker = await startMqttBroker({
    devices: (deviceId) => (deviceId === exitDevice.deviceId ? { ...exitDevice, lotId: lot.lotId } : undefined),
  });
  process.env.PARKADE_LANE_COMMANDS = 'mqtt';
  process.env.PARKADE_MQTT_URL = broker.publisherUrl;
  device = await connectAsync(
    broker.url.replace('mqtt://', `mqtt://${exitDevice.deviceId}:${mqttPasswordOf(exitDevice.secret, exitDevice.deviceId)}@`),
    { clientId: exitDevice.deviceId, protocolVersion: 4, reconnectPeriod: 0 },
    false,
  );
  await device.subscribeAsync(`parkade/${lot.lotId}/lanes/${exitLane}/commands`, { qos: 1 });
  device.on('message', (_topic, payload) => received.push(payload));
});
afterAll(async () => {
  await device.endAsync();
  await broker.close();
});

const operatorOf = (lotId: string): TokenPrincipal => ({ kind: 'operator', operatorId: `op-${lotId}`, lotId });
const bearer = (principal: TokenPrincipal) => `Bearer ${issueAccessToken(decodeTokenKey(tokenKey), { principal, now: new Date() }).token}`;

interface Call {
  path?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
  authorization?: string | null;
  idempotencyKey?: string;
}

const call = async (routeKey: string, { path = {}, body, query, authorization = bearer(operatorOf(lot.lotId)), idempotencyKey }: Call = {}) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const response = (await handler(
    httpEvent(routeKey, {
      pathParameters: { lotId: lot.lotId, ...path },
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(query === undefined ? {} : { queryStringParameters: query }),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, headers: response.headers ?? {}, json: response.body ? JSON.parse(response.body) : undefined };
};

const openLane = (laneId: string, extra: Call = {}) =>
  call('POST /lots/{lotId}/lanes/{laneId}/open', { path: { laneId }, body: { reason: 'Driver paid cash at the booth' }, ...extra });

const auditOf = async () => (await call('GET /lots/{lotId}/audit')).json.entries as Record<string, unknown>[];

let carNumber = 0;
/** A car enters through the entry lane now; its plate and session id. */
const carEnters = async (plate = `粤B${String(10000 + (carNumber += 1))}`) => {
  const at = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const eventId = `evt-${plate.slice(2)}-${carNumber}`;
  const stream = await loadPlateStream(lot.lotId, plate);
  const items = await recordPlateEventItems({ stream, record: { kind: 'entry', eventId, laneId: entryLane, plate, at, source: 'online' }, now: at });
  expect((await transactWrite(items)).committed).toBe(true);
  return { plate, sessionId: sessionIdFor(lot.lotId, { laneId: entryLane, eventId }) };
};

const storedSession = async (sessionId: string) =>
  (await documents.send(new GetCommand({ TableName: tableName, Key: sessionKey(sessionId), ConsistentRead: true }))).Item;

describe('who may act', () => {
  it('asks for an operator token (401), and refuses a driver’s token or another lot’s operator (403)', async () => {
    expect((await openLane(exitLane, { authorization: null })).status).toBe(401);
    const driver = await openLane(exitLane, { authorization: bearer({ kind: 'driver', driverId: 'drv-1', openId: 'open-1' }) });
    expect(driver.status).toBe(403);
    const stranger = await openLane(exitLane, { authorization: bearer(operatorOf(otherLot.lotId)) });
    expect(stranger.status).toBe(403);
    expect(stranger.json.error.code).toBe('FORBIDDEN');
    expect((await call('GET /lots/{lotId}/audit', { authorization: bearer(operatorOf(otherLot.lotId)) })).status).toBe(403);
  });
});

describe('opening a barrier by hand', () => {
  it('pushes an open command to the lane’s device, keeps it for polling, and audits who, when and why', async () => {
    const before = received.length;
    const response = await openLane(exitLane);
    expect(response.status).toBe(200);
    const { actionId, command } = response.json;
    expect(command).toMatchObject({ commandId: actionId, lotId: lot.lotId, laneId: exitLane, kind: 'open', reason: 'Driver paid cash at the booth' });

    await expect.poll(() => received.length).toBe(before + 1);
    expect(JSON.parse(received.at(-1)!.toString('utf8'))).toEqual(command);
    const polled = await laneCommandsAfter(lot.lotId, exitLane, null, new Date());
    expect(polled.map((entry) => entry.command.commandId)).toContain(actionId);

    expect(await auditOf()).toContainEqual(
      expect.objectContaining({
        actionId,
        action: 'openBarrier',
        who: `op-${lot.lotId}`,
        reason: 'Driver paid cash at the booth',
        laneId: exitLane,
        when: command.issuedAt,
      }),
    );
  });

  it('lets the car waiting at the lane leave: its session closes as closed by an operator', async () => {
    const { plate, sessionId } = await carEnters();
    const readAt = new Date(Date.now() - 60_000).toISOString();
    const presence = {
      lotId: lot.lotId,
      laneId: exitLane,
      eventId: `exit-${carNumber}`,
      readAt,
      readPlate: plate,
      plate,
      sessionId,
      decision: 'pay' as const,
      due: 1100,
      candidates: [],
      expiresAt: presenceExpiresAt(readAt),
    };
    expect((await transactWrite([lanePresencePut(presence, readAt)])).committed).toBe(true);

    const response = await openLane(exitLane);
    expect(response.json).toMatchObject({ sessionId, command: { sessionId } });
    expect(await storedSession(sessionId)).toMatchObject({ status: 'closed', closedBy: 'operator', closedAt: readAt });
  });

  it('acts once for a retried request with the same Idempotency-Key', async () => {
    const first = await openLane(exitLane, { idempotencyKey: 'tap-1' });
    const again = await openLane(exitLane, { idempotencyKey: 'tap-1' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    expect((await auditOf()).filter((entry) => entry.actionId === first.json.actionId)).toHaveLength(1);
  });

  it('answers 404 for a lane the lot does not have, and 400 without a reason', async () => {
    expect((await openLane('lane-nowhere')).status).toBe(404);
    const noReason = await call('POST /lots/{lotId}/lanes/{laneId}/open', { path: { laneId: exitLane }, body: { reason: '  ' } });
    expect(noReason.status).toBe(400);
  });
});

describe('closing an abandoned session', () => {
  const close = (sessionId: string, extra: Call = {}) =>
    call('POST /lots/{lotId}/sessions/{sessionId}/close', { path: { sessionId }, body: { reason: 'Car towed away on Monday' }, ...extra });

  it('closes it as closed by an operator, with what it owes, and audits it', async () => {
    const { sessionId, plate } = await carEnters();
    const response = await close(sessionId);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ sessionId, plate });
    const session = await storedSession(sessionId);
    expect(session).toMatchObject({ status: 'closed', closedBy: 'operator', closedAt: response.json.closedAt });
    expect(session?.owingFen).toEqual(expect.any(Number));
    expect(await auditOf()).toContainEqual(
      expect.objectContaining({ action: 'closeSession', sessionId, reason: 'Car towed away on Monday', actionId: response.json.actionId }),
    );
  });

  it('refuses to close a closed session (409) and does not find another lot’s session (404)', async () => {
    const { sessionId } = await carEnters();
    expect((await close(sessionId)).status).toBe(200);
    expect((await close(sessionId)).json.error.code).toBe('CONFLICT');
    expect((await close(sessionId, { path: { sessionId }, authorization: bearer(operatorOf(otherLot.lotId)) })).status).toBe(403);
    expect((await close('lot-operators-other.lane-east-in.evt-x')).status).toBe(404);
  });

  it('gives a retried request the first answer', async () => {
    const { sessionId } = await carEnters();
    const first = await close(sessionId, { idempotencyKey: 'close-1' });
    const again = await close(sessionId, { idempotencyKey: 'close-1' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
  });
});

describe('correcting a misread plate', () => {
  const correct = (sessionId: string, plate: string, extra: Call = {}) =>
    call('POST /lots/{lotId}/sessions/{sessionId}/plate', { path: { sessionId }, body: { plate, reason: 'Camera read 8 for B' }, ...extra });

  it('moves the session, with its id, to the right plate: the old plate has no car in the lot, the new one has', async () => {
    const { sessionId, plate: misread } = await carEnters();
    const right = `粤C${misread.slice(2)}`;
    const response = await correct(sessionId, right);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ sessionId, from: misread, to: right });

    expect(await storedSession(sessionId)).toMatchObject({ plate: right, status: 'open', gsi1pk: `LOT#${lot.lotId}#PLATE#${right}` });
    expect((await loadPlateStream(lot.lotId, misread)).openSessionId).toBeNull();
    const moved = await loadPlateStream(lot.lotId, right);
    expect(moved.openSessionId).toBe(sessionId);
    expect(moved.events.map((event) => event.plate)).toEqual([right]);
    expect(await auditOf()).toContainEqual(
      expect.objectContaining({ action: 'correctPlate', sessionId, reason: 'Camera read 8 for B', details: { from: misread, to: right } }),
    );
  });

  it('refuses a plate already in the car park at the same time (409) and text that is not a plate (400)', async () => {
    const first = await carEnters();
    const second = await carEnters();
    expect((await correct(first.sessionId, second.plate)).status).toBe(409);
    expect((await correct(first.sessionId, 'not-a-plate')).status).toBe(400);
    expect(await storedSession(first.sessionId)).toMatchObject({ plate: first.plate });
  });
});

describe('notifying a driver', () => {
  const notify = (body: unknown) => call('POST /lots/{lotId}/notices', { body });

  it('leaves a notice for the plate of a car in the lot, and audits it', async () => {
    const { plate, sessionId } = await carEnters();
    const response = await notify({ plate: ` ${plate.slice(0, 2)} ${plate.slice(2)} `, topic: 'windowOpen', message: 'B2 层 17 号车位' });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ plate, sessionId, delivery: 'inbox' });
    expect(response.json.text).toMatch(/车窗未关[\s\S]*B2 层 17 号车位/);

    const notices = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notice)',
        ExpressionAttributeValues: { ':pk': `LOT#${lot.lotId}#PLATE#${plate}`, ':notice': 'NOTICE#' },
      }),
    );
    expect(notices.Items).toEqual([expect.objectContaining({ entity: 'PlateNotice', noticeId: response.json.noticeId, topic: 'windowOpen', sessionId })]);
    expect(await auditOf()).toContainEqual(expect.objectContaining({ action: 'notifyDriver', sessionId, details: { plate, topic: 'windowOpen' } }));
  });

  it('stores audit entries as readable items of the lot', async () => {
    const items = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `LOT#${lot.lotId}`, ':audit': 'AUDIT#' },
      }),
    );
    expect(items.Items?.length).toBeGreaterThan(0);
    for (const item of items.Items ?? []) {
      expect(item).toMatchObject({ entity: 'AuditEntry', lotId: lot.lotId, who: expect.any(String), reason: expect.any(String) });
      expect(item.sk).toBe(`AUDIT#${new Date(String(item.when)).toISOString()}#${String(item.actionId)}`);
    }
  });

  it('answers 404 for a plate not in the car park and 400 for text that is not a plate', async () => {
    expect((await notify({ plate: '粤B99999', topic: 'lightsOn' })).status).toBe(404);
    expect((await notify({ plate: 'hello', topic: 'lightsOn' })).status).toBe(400);
    expect((await notify({ plate: '粤B99999', topic: 'other' })).status).toBe(400);
  });
});

describe('the audit trail', () => {
  it('lists the lot’s entries newest first, and pages with `before`', async () => {
    const entries = await auditOf();
    const times = entries.map((entry) => Date.parse(String(entry.when)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page = await call('GET /lots/{lotId}/audit', { query: { limit: '2' } });
    expect(page.json.entries).toHaveLength(2);
    const next = await call('GET /lots/{lotId}/audit', { query: { limit: '2', before: page.json.before } });
    for (const entry of next.json.entries) expect(Date.parse(entry.when)).toBeLessThan(Date.parse(page.json.before));
  });
});
