/**
 * DESIGN.md journeys 1–3 from the driver's side, through the real local API server, the lane
 * devices' signed routes and the WeChat simulators: the driver logs in, sees the fee, pays, and
 * the car gets out (in the grace window, or by the barrier command the payment issues).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import {
  asDriver,
  deviceOf,
  entryLane,
  exitLane,
  laneCommands,
  login,
  minutesAgo,
  order,
  payer,
  post,
  quoteOf,
  seedPayingLot,
  sessionChildren,
  startDriverApi,
} from '../payments/driverHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedPayingLot('journeys');
});
afterAll(() => api.close());

describe('journey 1: a plated car pays in the lot and leaves in the grace window', () => {
  it('entry → login → in-lot quote → order → paid → the exit camera opens at once', async () => {
    const plate = '粤B1J001';
    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(130) });
    expect(entry.decision).toBe('open');

    const alice = await login(api, 'alice');
    const quote = await quoteOf(api, alice, lot, '粤b 1j001');
    expect(quote.status).toBe(200);
    // 2 h 10 min: ¥11.00 by day, less when the night band (22:00–08:00 Beijing) counts.
    const fee = quote.body.grossFee as number;
    expect(fee).toBeGreaterThan(0);
    expect(quote.body).toMatchObject({ sessionId: entry.sessionId, plate, paid: 0, due: fee, exitGraceMinutes: 15 });
    expect(Object.keys(quote.body).sort()).toEqual(
      ['chargedUntil', 'coversUntil', 'discounts', 'due', 'durationMinutes', 'enteredAt', 'exitGraceMinutes', 'grossFee', 'lotId', 'netFee', 'paid', 'plate', 'sessionId'].sort(),
    );

    const placed = await order(api, alice, quote.body);
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ state: 'pending', amountFen: fee, sessionId: entry.sessionId });
    expect(placed.body.payment.package).toMatch(/^prepay_id=wx/);

    const delivery = await payer(api).pay(placed.body.order.orderId);
    expect(delivery).toEqual({ delivered: true, status: 204 });

    const exit = await post(api, deviceOf(lot, exitLane), { plate, at: new Date().toISOString() });
    expect(exit).toMatchObject({ decision: 'open', sessionId: entry.sessionId });
    const polled = await asDriver(api, alice, 'GET', `/orders/${placed.body.order.orderId}`);
    expect(polled.body).toMatchObject({ state: 'paid', amountFen: fee });
    expect(await sessionChildren(entry.sessionId!, 'Payment')).toHaveLength(1);
  });
});

describe('journey 2: pay at the exit lane', () => {
  it('exit → pay → the driver scans the lane code (no typing) → pays → the barrier command is waiting as soon as the payment is confirmed', async () => {
    const plate = '粤B2J002';
    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(70) });
    const exit = await post(api, deviceOf(lot, exitLane), { plate, at: new Date().toISOString() });
    expect(exit).toMatchObject({ decision: 'pay', sessionId: entry.sessionId });

    const bob = await login(api, 'bob');
    const atLane = await asDriver(api, bob, 'GET', `/lots/${lot.lotId}/lanes/${exitLane}/vehicle`);
    expect(atLane.status).toBe(200);
    expect(atLane.body).toMatchObject({ laneId: exitLane, sessionId: entry.sessionId, plate, due: exit.due });

    const placed = await order(api, bob, atLane.body, undefined, { laneId: exitLane });
    expect(placed.status).toBe(201);
    // The notification's own handling issues the command (latency is measured by npm run bench, not here).
    await payer(api).pay(placed.body.order.orderId);
    const commands = await laneCommands(api, lot, exitLane);
    expect(commands).toContainEqual(expect.objectContaining({ commandId: `pay-${placed.body.order.orderId}`, sessionId: entry.sessionId, reason: 'paid' }));

    const session = await asDriver(api, bob, 'GET', `/lots/${lot.lotId}/lanes/${exitLane}/vehicle`);
    expect(session.status).toBe(409);
    expect(session.body.error.details.reason).toBe('sessionClosed');
  });
});

describe('journey 3: a car without a plate', () => {
  it('scan at entry → temporary plate, barrier opens → exit by identity → pay → barrier opens; the phone finds the session too', async () => {
    const carol = await login(api, 'carol');
    const entered = await asDriver(api, carol, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    expect(entered.status).toBe(201);
    expect(entered.body.plate).toMatch(/^临[0-9A-HJ-NP-Z]{6}$/);
    expect(await laneCommands(api, lot, entryLane)).toContainEqual(expect.objectContaining({ sessionId: entered.body.sessionId, reason: 'noPlateEntry' }));

    const again = await asDriver(api, carol, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    expect(again).toMatchObject({ status: 200, body: { sessionId: entered.body.sessionId, plate: entered.body.plate } });

    const phone = await asDriver(api, carol, 'POST', '/driver/phone', { code: '13912345678-abc' });
    expect(phone.body).toEqual({ phone: '139****5678' });
    const { openTemporarySessionOfPhone } = await import('../../../functions/drivers/temporaryPlates.js');
    expect((await openTemporarySessionOfPhone(lot.lotId, '13912345678'))?.sessionId).toBe(entered.body.sessionId);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const exit = await post(api, deviceOf(lot, exitLane), { plate: null, at: new Date().toISOString() });
    expect(exit.decision).toBe('pay');

    const atLane = await asDriver(api, carol, 'GET', `/lots/${lot.lotId}/lanes/${exitLane}/vehicle`);
    expect(atLane.body).toMatchObject({ sessionId: entered.body.sessionId, plate: entered.body.plate });
    expect(atLane.body.due).toBeGreaterThan(0);

    const dave = await login(api, 'dave');
    const stranger = await asDriver(api, dave, 'GET', `/lots/${lot.lotId}/lanes/${exitLane}/vehicle`);
    expect(stranger.status).toBe(404);

    const placed = await order(api, carol, atLane.body, undefined, { laneId: exitLane });
    await payer(api).pay(placed.body.order.orderId);
    expect(await laneCommands(api, lot, exitLane)).toContainEqual(expect.objectContaining({ sessionId: entered.body.sessionId, reason: 'paid' }));
    expect(await openTemporarySessionOfPhone(lot.lotId, '13912345678')).toBeNull();

    const history = await asDriver(api, carol, 'GET', '/driver/history');
    expect(history.body.entries).toEqual([
      expect.objectContaining({ sessionId: entered.body.sessionId, status: 'closed', payments: [expect.objectContaining({ state: 'paid' })] }),
    ]);
  });
});

describe('journey 3: the phone-number fallback typed at the exit lane', () => {
  const enterWithoutPlate = async (who: string, phone: string) => {
    const driver = await login(api, who);
    const entered = await asDriver(api, driver, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    expect(entered.status).toBe(201);
    expect((await asDriver(api, driver, 'POST', '/driver/phone', { code: `${phone}-x` })).status).toBe(200);
    return { driver, sessionId: entered.body.sessionId as string, plate: entered.body.plate as string };
  };

  it('the typed phone names the driver’s no-plate session at the barrier; their payment then opens it', async () => {
    const { driver, sessionId, plate } = await enterWithoutPlate('erin', '13700000301');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const exit = await post(api, deviceOf(lot, exitLane), { plate: null, phone: '13700000301', at: new Date().toISOString() });
    expect(exit).toMatchObject({ decision: 'pay', sessionId, due: expect.any(Number) });
    expect(exit.due).toBeGreaterThan(0);
    expect(exit.display[0]).toContain(plate);

    const atLane = await asDriver(api, driver, 'GET', `/lots/${lot.lotId}/lanes/${exitLane}/vehicle`);
    expect(atLane.body).toMatchObject({ sessionId, due: exit.due });
    const placed = await order(api, driver, atLane.body, undefined, { laneId: exitLane });
    await payer(api).pay(placed.body.order.orderId);
    expect(await laneCommands(api, lot, exitLane)).toContainEqual(expect.objectContaining({ sessionId, reason: 'paid' }));
    const closed = await asDriver(api, driver, 'GET', '/driver/history');
    expect(closed.body.entries).toContainEqual(expect.objectContaining({ sessionId, status: 'closed' }));
  });

  it('opens at once when the no-plate session is paid already, and closes it', async () => {
    const { driver, sessionId, plate } = await enterWithoutPlate('frank', '13700000302');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const quote = await quoteOf(api, driver, lot, plate);
    const placed = await order(api, driver, quote.body);
    await payer(api).pay(placed.body.order.orderId);

    const exit = await post(api, deviceOf(lot, exitLane), { plate: null, phone: '13700000302', at: new Date().toISOString() });
    expect(exit).toMatchObject({ decision: 'open', sessionId });
    const { openTemporarySessionOfPhone } = await import('../../../functions/drivers/temporaryPlates.js');
    expect(await openTemporarySessionOfPhone(lot.lotId, '13700000302')).toBeNull();
  });

  it('a phone nobody verified gets the same answer as a car without a plate', async () => {
    const withoutPhone = await post(api, deviceOf(lot, exitLane), { plate: null, at: new Date().toISOString() });
    const unknownPhone = await post(api, deviceOf(lot, exitLane), { plate: null, phone: '13700000399', at: new Date().toISOString() });
    expect(unknownPhone).toEqual(withoutPhone);
    expect(unknownPhone).toEqual({ decision: 'pay', display: ['无牌车', '请扫码缴费'] });
  });
});
