/**
 * Every money path against DynamoDB Local through the real local API server and the WeChat Pay
 * simulator: a payment is credited exactly once whatever arrives how often, in what order, or
 * after a crash; stale quotes and reused keys are refused; refunds never exceed what was paid;
 * reconciliation finds what does not match; a driver never sees another driver's order.
 */
import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import type { PaymentProvider } from '../../../shared/payments/index.js';
import {
  asAdmin,
  asDriver,
  asOperator,
  capturingPayer,
  deliver,
  deviceOf,
  entryLane,
  local,
  login,
  minutesAgo,
  order,
  payer,
  post,
  quoteOf,
  seedPayingLot,
  sessionChildren,
  startDriverApi,
  type Driver,
} from './driverHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
let alice: Driver;
let plateNumber = 100;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedPayingLot('payments');
  alice = await login(api, 'alice');
});
afterAll(() => api.close());

/** A car parked for `minutes` and its quote for Alice. */
const parkedCar = async (minutes = 130) => {
  const plate = `粤B${(plateNumber += 1)}P0`;
  await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(minutes) });
  const quote = await quoteOf(api, alice, lot, plate);
  expect(quote.status).toBe(200);
  return { plate, quote: quote.body as { sessionId: string; due: number; coversUntil: string } };
};

const paymentsOf = (sessionId: string) => sessionChildren(sessionId, 'Payment');

describe('notifications', () => {
  it('ten concurrent copies of the first notification, then redeliveries, credit the session once', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    const { provider, captured } = capturingPayer(api);
    await provider.pay(placed.body.order.orderId);
    const [notification] = captured;
    const statuses = await Promise.all(Array.from({ length: 10 }, () => deliver(api, notification!)));
    expect(statuses).toEqual(Array(10).fill(204));
    const redelivered = await Promise.all(Array.from({ length: 10 }, () => payer(api).redeliverPaymentNotification(placed.body.order.orderId)));
    expect(redelivered.every((delivery) => delivery.status === 204)).toBe(true);

    expect(await paymentsOf(quote.sessionId)).toHaveLength(1);
    const after = await quoteOf(api, alice, lot, placed.body.order.plate);
    expect(after.body).toMatchObject({ paid: quote.due, due: 0 });
  });

  it('a notification that does not verify is refused (401) and credits nothing', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    const { provider, captured } = capturingPayer(api);
    await provider.pay(placed.body.order.orderId);
    const tampered = { ...captured[0]!, body: captured[0]!.body.replace('"resource"', '"resource" ') };
    expect(await deliver(api, tampered)).toBe(401);
    expect(await paymentsOf(quote.sessionId)).toHaveLength(0);
  });

  it('a notification for an order that is not ours gets 404, so WeChat keeps it for a person to see', async () => {
    const { provider, captured } = capturingPayer(api);
    const outTradeNo = `PKforeign${randomBytes(6).toString('hex')}`;
    await provider.createJsapiOrder({ outTradeNo, description: 'not ours', amountFen: 300, payerOpenId: 'o-someone' });
    await provider.pay(outTradeNo);
    expect(await deliver(api, captured[0]!)).toBe(404);
  });

  it('the driver’s poll asks the provider when the notification is late; the late notification then changes nothing', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    const orderId = placed.body.order.orderId as string;
    const { provider, captured } = capturingPayer(api);
    await provider.pay(orderId);
    expect((await asDriver(api, alice, 'GET', `/orders/${orderId}`)).body.state).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect((await asDriver(api, alice, 'GET', `/orders/${orderId}`)).body.state).toBe('paid');
    expect(await deliver(api, captured[0]!)).toBe(204);
    const payments = await paymentsOf(quote.sessionId);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ creditedVia: 'query', amountFen: quote.due });
  });
});

describe('orders', () => {
  it('refuses a stale amount with the fresh quote', async () => {
    const { quote } = await parkedCar();
    const stale = await order(api, alice, { ...quote, due: quote.due - 100 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toMatchObject({ reason: 'amountChanged', quote: { sessionId: quote.sessionId, due: quote.due } });
    const old = await order(api, alice, { ...quote, coversUntil: minutesAgo(20) });
    expect(old.body.error.details.reason).toBe('quoteExpired');
  });

  it('the same Idempotency-Key gives the same order; the same key for another amount is refused', async () => {
    const { quote } = await parkedCar();
    const first = await order(api, alice, quote, 'same-key-0001');
    const again = await order(api, alice, quote, 'same-key-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.order.orderId).toBe(first.body.order.orderId);
    expect(again.body.payment.package).toBe(first.body.payment.package);
    expect((await order(api, alice, { ...quote, due: quote.due + 1 }, 'same-key-0001')).status).toBe(409);
    expect(await sessionChildren(quote.sessionId, 'PaymentOrder')).toHaveLength(1);
  });

  it('a new attempt closes the previous unpaid one; if that one was paid meanwhile it is credited and the new one refused', async () => {
    const { plate, quote } = await parkedCar();
    const first = await order(api, alice, quote);
    const second = await order(api, alice, quote);
    expect(second.status).toBe(201);
    expect((await asDriver(api, alice, 'GET', `/orders/${first.body.order.orderId}`)).body.state).toBe('closed');
    await expect(payer(api).pay(first.body.order.orderId)).rejects.toThrow(/cannot be paid/);

    const { provider } = capturingPayer(api);
    await provider.pay(second.body.order.orderId);
    const third = await order(api, alice, quote);
    expect(third.status).toBe(409);
    expect(third.body.error.details.quote).toMatchObject({ plate, due: 0 });
    expect(await paymentsOf(quote.sessionId)).toHaveLength(1);
  });

  it('a driver cannot read another driver’s order or history', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    const mallory = await login(api, 'mallory');
    expect((await asDriver(api, mallory, 'GET', `/orders/${placed.body.order.orderId}`)).status).toBe(404);
    expect((await asDriver(api, mallory, 'GET', '/driver/history')).body.entries).toEqual([]);
    expect((await asDriver(api, mallory, 'POST', '/driver/invoices', { orderIds: [placed.body.order.orderId], title: 'x', email: 'm@example.com' })).status).toBe(404);
    expect((await fetch(`${api.url}/orders/${placed.body.order.orderId}`)).status).toBe(401);
  });
});

describe('a crash between steps', () => {
  it('after the provider took the order but before we recorded it: the payment still credits once and the retry answers the paid order', async () => {
    const { quote } = await parkedCar();
    const { placeOrder } = await import('../../../functions/payments/createOrder.js');
    const { paymentProvider } = await import('../../../functions/payments/paymentProvider.js');
    const real = await paymentProvider();
    const dying: PaymentProvider = Object.assign(Object.create(real) as PaymentProvider, {
      createJsapiOrder: async (input: Parameters<PaymentProvider['createJsapiOrder']>[0]) => {
        await real.createJsapiOrder(input);
        throw new Error('the process died');
      },
    });
    const { SimulatedWeChatLogin } = await import('../../../functions/wechat/login/index.js');
    const principal = { kind: 'driver' as const, driverId: alice.driverId, openId: new SimulatedWeChatLogin().openIdOf('alice') };
    const key = 'crash-key-0001';
    await expect(
      placeOrder({ driver: principal, sessionId: quote.sessionId, idempotencyKey: key, amountFen: quote.due, coversUntil: quote.coversUntil, now: new Date() }, dying),
    ).rejects.toThrow('the process died');
    const [stored] = await sessionChildren(quote.sessionId, 'PaymentOrder');
    expect(stored).toMatchObject({ state: 'created' });

    await payer(api).pay(String(stored!.orderId));
    const retried = await order(api, alice, quote, key);
    expect(retried.status).toBe(200);
    expect(retried.body.order).toMatchObject({ orderId: stored!.orderId, state: 'paid' });
    expect(retried.body.payment).toBeUndefined();
    expect(await paymentsOf(quote.sessionId)).toHaveLength(1);
  });

  it('after a refund was reserved but before the provider was asked: the retry refunds once', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    await payer(api).pay(placed.body.order.orderId);
    const { refundOrder } = await import('../../../functions/payments/refunds.js');
    const { paymentProvider } = await import('../../../functions/payments/paymentProvider.js');
    const real = await paymentProvider();
    const dying: PaymentProvider = Object.assign(Object.create(real) as PaymentProvider, {
      refund: async () => {
        throw new Error('the process died');
      },
    });
    const request = { orderId: placed.body.order.orderId as string, refundId: 'crash-refund-1', amountFen: 300, reason: 'test', who: 'tester', now: new Date() };
    await expect(refundOrder(request, dying)).rejects.toThrow('the process died');
    const retried = await asAdmin(api, 'POST', `/admin/orders/${request.orderId}/refunds`, { refundId: request.refundId, amountFen: 300, reason: 'test' });
    expect(retried.status).toBe(201);
    expect(retried.body.refund).toMatchObject({ refundId: request.refundId, amountFen: 300 });
    const [stored] = await sessionChildren(quote.sessionId, 'PaymentOrder');
    expect(Number(stored!.refundedFen) + Number(stored!.refundingFen)).toBe(300);
    const refunds = await sessionChildren(quote.sessionId, 'Refund');
    expect(refunds).toHaveLength(1);
  });
});

describe('refunds', () => {
  const settled = async (orderId: string, refundedFen: number) => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const polled = await asDriver(api, alice, 'GET', `/orders/${orderId}`);
      if (polled.body.refundedFen === refundedFen) return polled.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`order ${orderId} never reached ${refundedFen} fen refunded`);
  };

  it('partial then full, idempotent by refund id, never more than was paid, even concurrently', async () => {
    const { quote } = await parkedCar();
    // What 130 minutes cost depends on the hour (day and night bands); the refunds add up to it: first, one of three, rest.
    expect(quote.due).toBeGreaterThan(500);
    const firstFen = quote.due - 500;
    const placed = await order(api, alice, quote);
    const orderId = placed.body.order.orderId as string;
    const unpaid = await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: 'r-unpaid-1', amountFen: 100, reason: 'goodwill' });
    expect(unpaid.status).toBe(409);
    await payer(api).pay(orderId);

    const first = await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: `r-${orderId}-1`, amountFen: firstFen, reason: 'barrier fault' });
    expect(first.status).toBe(201);
    expect(first.body.refund).toMatchObject({ amountFen: firstFen, requestedBy: expect.stringContaining('arn:aws:iam::') , reason: 'barrier fault' });
    const again = await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: `r-${orderId}-1`, amountFen: firstFen, reason: 'barrier fault' });
    expect(again.status).toBe(201);
    expect((await settled(orderId, firstFen)).state).toBe('partiallyRefunded');

    const concurrent = await Promise.all(
      [2, 3, 4].map((n) => asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: `r-${orderId}-${n}`, amountFen: 300, reason: 'split' })),
    );
    expect(concurrent.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(concurrent.filter((answer) => answer.status === 409)).toHaveLength(2);
    const rest = await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: `r-${orderId}-5`, amountFen: 200, reason: 'rest' });
    expect(rest.status).toBe(201);
    const final = await settled(orderId, quote.due);
    expect(final.state).toBe('refunded');
    expect((await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, { refundId: `r-${orderId}-6`, amountFen: 1, reason: 'more' })).status).toBe(409);
    expect(await sessionChildren(quote.sessionId, 'Refund')).toHaveLength(3);
  });
});

describe('refunds by an operator', () => {
  it('refund an order of their own lot, audited once per refund id, never above what was paid; nobody else may', async () => {
    const { quote } = await parkedCar();
    const placed = await order(api, alice, quote);
    const orderId = placed.body.order.orderId as string;
    await payer(api).pay(orderId);
    const path = `/lots/${lot.lotId}/orders/${orderId}/refunds`;
    const request = { refundId: `op-${orderId}-1`, amountFen: 400, reason: 'Barrier came down on the car' };

    const first = await asOperator(api, lot.lotId, 'POST', path, request);
    expect(first.status).toBe(201);
    expect(first.body.refund).toMatchObject({ orderId, amountFen: 400, requestedBy: `op-${lot.lotId}`, reason: request.reason });
    const again = await asOperator(api, lot.lotId, 'POST', path, request);
    expect(again.status).toBe(201);
    expect(again.body.refund.refundId).toBe(request.refundId);

    const audit = await asOperator(api, lot.lotId, 'GET', `/lots/${lot.lotId}/audit`);
    expect(audit.body.entries.filter((entry: { action: string }) => entry.action === 'refundOrder')).toEqual([
      expect.objectContaining({
        who: `op-${lot.lotId}`,
        reason: request.reason,
        sessionId: quote.sessionId,
        details: { orderId, refundId: request.refundId, amountFen: 400 },
      }),
    ]);

    const aboveWhatIsLeft = await asOperator(api, lot.lotId, 'POST', path, { ...request, refundId: `op-${orderId}-2`, amountFen: quote.due - 400 + 1 });
    expect(aboveWhatIsLeft.status).toBe(409);
    expect(aboveWhatIsLeft.body.error.details).toMatchObject({ refundableFen: quote.due - 400 });

    const elsewhere = `lot-elsewhere-${randomBytes(3).toString('hex')}`;
    expect((await asOperator(api, elsewhere, 'POST', path, { ...request, refundId: `op-${orderId}-3` })).status).toBe(403);
    const notTheirs = await asOperator(api, elsewhere, 'POST', `/lots/${elsewhere}/orders/${orderId}/refunds`, { ...request, refundId: `op-${orderId}-4` });
    expect(notTheirs.status).toBe(404);
    expect((await asDriver(api, alice, 'POST', path, { ...request, refundId: `op-${orderId}-5` })).status).toBe(403);

    const refunds = await sessionChildren(quote.sessionId, 'Refund');
    expect(refunds).toEqual([expect.objectContaining({ refundId: request.refundId, amountFen: 400 })]);
    const [stored] = await sessionChildren(quote.sessionId, 'PaymentOrder');
    expect(Number(stored!.refundedFen) + Number(stored!.refundingFen)).toBe(400);
  });
});

describe('reconciliation', () => {
  it('lists a payment we do not have, an amount that differs, and passes the orders that match', async () => {
    const good = await parkedCar();
    const goodOrder = await order(api, alice, good.quote);
    await payer(api).pay(goodOrder.body.order.orderId);
    const bad = await parkedCar();
    const badOrder = await order(api, alice, bad.quote);
    await payer(api).pay(badOrder.body.order.orderId);
    await local.documents.send(
      new UpdateCommand({
        TableName: local.tableName,
        Key: { pk: `SESSION#${bad.quote.sessionId}`, sk: `ORDER#${badOrder.body.order.orderId}` },
        UpdateExpression: 'SET amountFen = :planted',
        ExpressionAttributeValues: { ':planted': 1 },
      }),
    );
    const { provider } = capturingPayer(api);
    const foreign = `PKplanted${randomBytes(6).toString('hex')}`;
    await provider.createJsapiOrder({ outTradeNo: foreign, description: 'planted', amountFen: 777, payerOpenId: 'o-planted' });
    await provider.pay(foreign);

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const report = await asAdmin(api, 'GET', `/admin/reports/reconciliation?date=${today}`);
    expect(report.status).toBe(200);
    const mismatches = report.body.mismatches as { kind: string; reference: string }[];
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'missingHere', reference: foreign }));
    expect(mismatches).toContainEqual(expect.objectContaining({ kind: 'amountDiffers', reference: badOrder.body.order.orderId }));
    expect(mismatches.map((mismatch) => mismatch.reference)).not.toContain(goodOrder.body.order.orderId);
    expect((await asAdmin(api, 'GET', '/admin/reports/reconciliation?date=yesterday')).status).toBe(400);
  });
});
