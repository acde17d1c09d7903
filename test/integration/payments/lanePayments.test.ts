/**
 * Payment codes scanned at the exit lane (`POST /device/payments`) through the real local API
 * server and the WeChat Pay simulator's payment codes: a code that pays opens the barrier through
 * the crediting path notifications use; a payer still confirming gets `pay` until the device asks
 * again with the same id; a refused code fails the attempt; any number of repeats of one attempt
 * charge and credit once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { laneDecisionSchema } from '../../../shared/sessions/index.js';
import { sessionItem } from '../devices/laneHarness.js';
import { call, deviceOf, entryLane, exitLane, laneCommands, minutesAgo, payer, post, seedPayingLot, sessionChildren, startDriverApi } from './driverHarness.js';

const succeeds = '134567890123456780';
const confirmsLater = '134567890123456788';
const tooLittleBalance = '134567890123456789';
const neverConfirms = '134567890123456787';

let api: RunningApiServer;
let lot: DemoLot;
let otherLot: DemoLot;
let plateNumber = 100;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedPayingLot('lanepay');
  otherLot = await seedPayingLot('lanepay-other');
});
afterAll(() => api.close());

/** A car parked for 70 minutes that has just been read at the exit lane: the device shows `pay`. */
const carAtExit = async (at: DemoLot = lot) => {
  const plate = `粤B${(plateNumber += 1)}L0`;
  await post(api, deviceOf(at, entryLane), { plate, at: minutesAgo(70) });
  const readAt = new Date().toISOString();
  const exit = await post(api, deviceOf(at, exitLane), { plate, at: readAt });
  expect(exit).toMatchObject({ decision: 'pay', due: expect.any(Number) });
  return { plate, sessionId: exit.sessionId!, due: exit.due!, readAt };
};

const payAtLane = async (car: { sessionId: string; due: number; readAt: string }, authCode: string, paymentId: string, laneId = exitLane) => {
  const response = await call(api, deviceOf(lot, laneId), {
    method: 'POST',
    path: '/device/payments',
    body: { paymentId, sessionId: car.sessionId, amountFen: car.due, coversUntil: car.readAt, authCode },
  });
  return { status: response.status, body: (await response.json()) as any };
};

const newPaymentId = () => `lp-${randomBytes(6).toString('hex')}`;

describe('a payment code at the exit lane', () => {
  it('that pays opens the barrier: the session is credited once, closed at the read, and the open command goes out', async () => {
    const car = await carAtExit();
    const paymentId = newPaymentId();
    const paid = await payAtLane(car, succeeds, paymentId);
    expect(paid.status).toBe(200);
    expect(laneDecisionSchema.parse(paid.body)).toEqual({ decision: 'open', sessionId: car.sessionId, display: [car.plate, '支付成功 一路顺风'] });
    expect(await laneCommands(api, lot, exitLane)).toContainEqual(expect.objectContaining({ sessionId: car.sessionId, reason: 'paid' }));
    expect(await sessionItem(car.sessionId)).toMatchObject({ status: 'closed', closedAt: car.readAt });
    expect(await sessionChildren(car.sessionId, 'Payment')).toEqual([expect.objectContaining({ amountFen: car.due, creditedVia: 'micropay' })]);

    const again = await payAtLane(car, succeeds, paymentId);
    expect(again).toEqual(paid);
    const concurrent = await Promise.all(Array.from({ length: 4 }, () => payAtLane(car, succeeds, paymentId)));
    expect(concurrent).toEqual(Array(4).fill(paid));
    expect(await sessionChildren(car.sessionId, 'Payment')).toHaveLength(1);
    expect(await sessionChildren(car.sessionId, 'PaymentOrder')).toEqual([expect.objectContaining({ state: 'paid', laneId: exitLane })]);
  });

  it('whose payer is still confirming answers pay until the device asks again after they confirmed, then opens; credited once', async () => {
    const car = await carAtExit();
    const paymentId = newPaymentId();
    const waiting = await payAtLane(car, confirmsLater, paymentId);
    expect(waiting.body).toEqual({ decision: 'pay', sessionId: car.sessionId, due: car.due, display: [expect.stringContaining(car.plate), '请在手机上确认付款'] });
    expect(await payAtLane(car, confirmsLater, paymentId)).toEqual(waiting);
    expect(await sessionChildren(car.sessionId, 'Payment')).toHaveLength(0);

    const [stored] = await sessionChildren(car.sessionId, 'PaymentOrder');
    expect(stored).toMatchObject({ state: 'pending' });
    await payer(api).confirmPaymentCode(String(stored!.orderId));
    const opened = await payAtLane(car, confirmsLater, paymentId);
    expect(opened.body).toMatchObject({ decision: 'open', sessionId: car.sessionId });
    expect(await payAtLane(car, confirmsLater, paymentId)).toEqual(opened);
    expect(await sessionChildren(car.sessionId, 'Payment')).toHaveLength(1);
    expect(await sessionItem(car.sessionId)).toMatchObject({ status: 'closed' });
  });

  it('that is refused fails the attempt (the same answer again), charges nothing, and a new code pays', async () => {
    const car = await carAtExit();
    for (const code of [tooLittleBalance, neverConfirms]) {
      const paymentId = newPaymentId();
      const refused = await payAtLane(car, code, paymentId);
      expect(refused.body).toEqual({ decision: 'pay', sessionId: car.sessionId, due: car.due, display: [expect.stringContaining(car.plate), '支付未成功 请重新付款'] });
      expect(await payAtLane(car, code, paymentId)).toEqual(refused);
    }
    expect(await sessionChildren(car.sessionId, 'Payment')).toHaveLength(0);
    expect((await sessionChildren(car.sessionId, 'PaymentOrder')).map((order) => order.state)).toEqual(['failed', 'failed']);
    expect(await sessionItem(car.sessionId)).toMatchObject({ status: 'open' });

    expect((await payAtLane(car, succeeds, newPaymentId())).body).toMatchObject({ decision: 'open', sessionId: car.sessionId });
    expect(await sessionChildren(car.sessionId, 'Payment')).toHaveLength(1);
  });

  it('is checked against the fresh quote like a driver’s order, and an id is one attempt only', async () => {
    const car = await carAtExit();
    const stale = await payAtLane({ ...car, due: car.due - 100 }, succeeds, newPaymentId());
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toMatchObject({ reason: 'amountChanged', quote: { sessionId: car.sessionId, due: car.due } });
    const old = await payAtLane({ ...car, readAt: minutesAgo(20) }, succeeds, newPaymentId());
    expect(old.body.error.details.reason).toBe('quoteExpired');

    const paymentId = newPaymentId();
    expect((await payAtLane(car, tooLittleBalance, paymentId)).status).toBe(200);
    const reused = await payAtLane({ ...car, due: car.due + 1 }, succeeds, paymentId);
    expect(reused.status).toBe(409);
    expect(reused.body.error.details.reason).toBe('keyReused');
  });

  it('is refused for another lot’s session (404), at an entry lane (403) and for a malformed body (400), charging nothing', async () => {
    const foreign = await carAtExit(otherLot);
    expect((await payAtLane(foreign, succeeds, newPaymentId())).status).toBe(404);
    expect(await sessionChildren(foreign.sessionId, 'PaymentOrder')).toHaveLength(0);

    const car = await carAtExit();
    expect((await payAtLane(car, succeeds, newPaymentId(), entryLane)).status).toBe(403);
    expect((await payAtLane(car, 'not-a-code', newPaymentId())).status).toBe(400);
    expect(await sessionChildren(car.sessionId, 'PaymentOrder')).toHaveLength(0);
  });
});
