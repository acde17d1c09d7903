/**
 * Leaving when nothing is due (POST /lots/{lotId}/lanes/{laneId}/departure), through the real
 * local API server on DynamoDB Local with signed lane devices: a car the exit camera could not let
 * out by itself (no plate, or a misread) but that owes nothing is let out by its driver scanning
 * the lane's code; the visit closes as a camera exit does and the barrier's open command goes out.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { generateDemoLot, withDeviceSecrets, type DemoLot } from '../../../scripts/local/demoLot.js';
import { seedDemoLot } from '../../../scripts/local/seedDemoLot.js';
import { asDriver, deviceOf, entryLane, exitLane, laneCommands, local, login, minutesAgo, post, sessionChildren, startDriverApi, type Driver } from '../payments/driverHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  // The demo tariff as it is: the first 15 minutes are free, the exit grace is 15 minutes.
  const lotId = `lot-leave-${randomBytes(3).toString('hex')}`;
  const generated = generateDemoLot();
  lot = withDeviceSecrets({ ...generated, lotId, merchants: generated.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })) }, process.env.PARKADE_DEVICE_MASTER_KEY ?? '');
  await seedDemoLot(local.documents, local.tableName, lot);
});
afterAll(() => api.close());

const lanePath = () => `/lots/${lot.lotId}/lanes/${exitLane}`;
const leave = (driver: Driver, key: string | null = `leave-${randomBytes(6).toString('hex')}`) =>
  asDriver(api, driver, 'POST', `${lanePath()}/departure`, undefined, key === null ? {} : { 'idempotency-key': key });
const leaveCommands = async () => (await laneCommands(api, lot, exitLane)).filter((command) => command.reason === 'nothingDue');
const sessionItem = async (sessionId: string) => (await sessionChildren(sessionId, 'Session'))[0];

describe('a car without a plate inside its free minutes', () => {
  it('is let out by its driver at the exit-lane code: the visit closes at the camera’s read and the barrier opens, once', async () => {
    const carol = await login(api, 'leavingcarol');
    const entered = await asDriver(api, carol, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    expect(entered.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const readAt = new Date().toISOString();
    expect(await post(api, deviceOf(lot, exitLane), { plate: null, at: readAt })).toEqual({ decision: 'pay', display: ['无牌车', '请扫码缴费'] });

    const atLane = await asDriver(api, carol, 'GET', `${lanePath()}/vehicle`);
    expect(atLane.body).toMatchObject({ sessionId: entered.body.sessionId, plate: entered.body.plate, due: 0, exitGraceMinutes: 15 });

    expect((await leave(carol, null)).status).toBe(400);
    const stranger = await leave(await login(api, 'leavingdave'));
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.details.reason).toBe('plateNotRecognised');
    expect(await leaveCommands()).toEqual([]);

    const key = 'leave-carol-1';
    const left = await leave(carol, key);
    expect(left.status).toBe(201);
    expect(left.body).toEqual({ sessionId: entered.body.sessionId, plate: entered.body.plate, laneId: exitLane, leftAt: readAt, barrier: 'open' });
    expect(await leaveCommands()).toEqual([expect.objectContaining({ sessionId: entered.body.sessionId })]);
    expect(await sessionItem(entered.body.sessionId)).toMatchObject({ status: 'closed', closedBy: 'camera', closedAt: readAt, owingFen: 0 });

    const again = await leave(carol, key);
    expect(again).toMatchObject({ status: 200, body: left.body });
    expect(await leaveCommands()).toHaveLength(1);
    const afterwards = await leave(carol);
    expect(afterwards.status).toBe(404);
    const history = await asDriver(api, carol, 'GET', '/driver/history');
    expect(history.body.entries).toEqual([expect.objectContaining({ sessionId: entered.body.sessionId, status: 'closed' })]);
  });

  it('leaves once however many copies of one tap arrive at once', async () => {
    const erin = await login(api, 'leavingerin');
    const entered = await asDriver(api, erin, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await post(api, deviceOf(lot, exitLane), { plate: null, at: new Date().toISOString() });
    const answers = await Promise.all(Array.from({ length: 6 }, () => leave(erin, 'leave-erin-tap')));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    for (const answer of answers) expect(answer.body).toMatchObject({ sessionId: entered.body.sessionId });
    const exits = (await local.documents.send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `LOT#${lot.lotId}#PLATE#${entered.body.plate}` },
        ConsistentRead: true,
      }),
    )).Items!.filter((item) => item.kind === 'exit');
    expect(exits).toHaveLength(1);
  });
});

describe('a car that owes something', () => {
  it('is refused with the fee to pay, and stays parked; another driver’s car is not theirs to let out', async () => {
    const plate = '粤B7L001';
    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(70) });
    const exit = await post(api, deviceOf(lot, exitLane), { plate, at: new Date().toISOString() });
    expect(exit).toMatchObject({ decision: 'pay', sessionId: entry.sessionId });
    const frank = await login(api, 'leavingfrank');
    expect(await leave(frank)).toMatchObject({ status: 404, body: { error: { details: { reason: 'plateNotRecognised' } } } });
    expect((await asDriver(api, frank, 'POST', '/driver/plates', { plate })).status).toBe(201);
    const refused = await leave(frank);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'feeDue', quote: { sessionId: entry.sessionId, due: exit.due, exitGraceMinutes: 15 } });
    expect(await sessionItem(entry.sessionId!)).toMatchObject({ status: 'open' });
  });
});

describe('a misread plate the camera could not place (manual)', () => {
  it('is let out by the driver who bound the one candidate it could be, when that car owes nothing', async () => {
    const [mine, other] = ['粤B8L346', '粤B8L345'];
    const entries = await Promise.all([mine, other].map((plate) => post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(5) })));
    expect(await post(api, deviceOf(lot, exitLane), { plate: '粤B8L34Z', at: new Date().toISOString() })).toMatchObject({ decision: 'manual' });

    const grace = await login(api, 'leavinggrace');
    expect(await leave(grace)).toMatchObject({ status: 404, body: { error: { details: { reason: 'plateNotRecognised' } } } });
    expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate: mine })).status).toBe(201);
    const left = await leave(grace);
    expect(left).toMatchObject({ status: 201, body: { sessionId: entries[0]!.sessionId, plate: mine } });
    expect(await sessionItem(entries[0]!.sessionId!)).toMatchObject({ status: 'closed', owingFen: 0 });
    expect(await sessionItem(entries[1]!.sessionId!)).toMatchObject({ status: 'open' });
    expect(await leaveCommands()).toContainEqual(expect.objectContaining({ sessionId: entries[0]!.sessionId }));
  });
});
