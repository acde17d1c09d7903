import { createPublicKey, verify } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../../shared/errors/index.js';
import type { NotificationRequest, PaymentEvent } from '../../../../shared/payments/index.js';
import { prepayIdOfPackage } from './confirmationPage.js';
import { SimulatedPaymentProvider, type DeliverNotification } from './simulatedPaymentProvider.js';
import { simulatorKeysFile } from './simulatorKeys.js';

/*
 * The simulator is checked through the same door production uses: its notifications go to a
 * stand-in for our notification route on 127.0.0.1, which answers 2xx only if the provider's
 * parseNotification accepts them.
 */

let dir: string;
/** Keys made once for the whole file (RSA generation is slow); each test copies them into its own directory. */
let keysDir: string;
let route: Server;
let notifyUrl: string;
let routeProvider: SimulatedPaymentProvider;
let accepted: PaymentEvent[];
const day = Date.parse('2026-11-22T09:15:00+08:00');
let clock = day;

beforeAll(async () => {
  keysDir = mkdtempSync(join(tmpdir(), 'parkade-wechat-keys-'));
  new SimulatedPaymentProvider({ dir: keysDir, notifyUrl: 'http://127.0.0.1:9/' });
  route = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      routeProvider
        .parseNotification({ headers, body: Buffer.concat(chunks).toString('utf8') })
        .then((event) => {
          accepted.push(event);
          response.writeHead(204).end();
        })
        .catch(() => response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"FAIL","message":"签名错误"}'));
    });
  });
  await new Promise<void>((resolve) => route.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(route.address() as AddressInfo).port}/payments/wechat/notify`;
});

afterAll(async () => {
  rmSync(keysDir, { recursive: true, force: true });
  route.closeAllConnections();
  await new Promise((resolve) => route.close(resolve));
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parkade-wechat-sim-'));
  copyFileSync(join(keysDir, simulatorKeysFile), join(dir, simulatorKeysFile));
  accepted = [];
  clock = day;
  routeProvider = simulator();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function simulator(deliver?: DeliverNotification): SimulatedPaymentProvider {
  return new SimulatedPaymentProvider({
    dir,
    notifyUrl,
    refundSettleDelayMs: null,
    now: () => clock,
    ...(deliver === undefined ? {} : { deliver }),
  });
}

const order = { outTradeNo: 'P20261122000001', description: '停车费 粤B12345', amountFen: 1100, payerOpenId: 'sim-openid-alice' };

const failureOf = async (run: () => Promise<unknown> | unknown): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('keys', () => {
  it('are made once, kept private in the directory, and reused by the next start', () => {
    rmSync(join(dir, simulatorKeysFile));
    const first = simulator();
    const again = simulator();
    expect(first.keys.platformKeyId).not.toBe(routeProvider.keys.platformKeyId);
    expect(again.keys.platformKeyId).toBe(first.keys.platformKeyId);
    expect(again.keys.apiV3Key).toBe(first.keys.apiV3Key);
    expect(Buffer.byteLength(first.keys.apiV3Key)).toBe(32);
    expect(statSync(join(dir, simulatorKeysFile)).mode & 0o777).toBe(0o600);
  });
});

describe('a mini-program payment, end to end', () => {
  it('prepays with a paySign that verifies, then the confirmation page pays and the notification goes through our route', async () => {
    const provider = simulator();
    const { prepayId, payment } = await provider.createJsapiOrder(order);
    const merchantPublicKey = createPublicKey(provider.keys.merchantPrivateKey);
    const message = `${provider.keys.appId}\n${payment.timeStamp}\n${payment.nonceStr}\n${payment.package}\n`;
    expect(verify('sha256', Buffer.from(message), merchantPublicKey, Buffer.from(payment.paySign, 'base64'))).toBe(true);
    expect(prepayIdOfPackage(payment.package)).toBe(prepayId);

    expect(provider.confirmationPage(prepayId)).toMatchObject({ amountText: '¥11.00', canPay: true, state: 'NOTPAY' });
    expect(provider.cancelPayment(prepayId).canPay).toBe(true);
    const page = await provider.confirmPayment(prepayId);
    expect(page).toMatchObject({ canPay: false, state: 'SUCCESS', notice: '已支付' });

    expect(accepted).toHaveLength(1);
    const [event] = accepted;
    expect(event).toMatchObject({ kind: 'payment', outTradeNo: order.outTradeNo, state: 'SUCCESS', amountFen: 1100, payerOpenId: 'sim-openid-alice' });
    expect(await provider.queryOrder(order.outTradeNo)).toEqual({
      outTradeNo: order.outTradeNo,
      state: 'SUCCESS',
      amountFen: 1100,
      transactionId: event!.kind === 'payment' ? event!.transactionId : '',
      payerOpenId: 'sim-openid-alice',
      successTime: '2026-11-22T09:15:00+08:00',
    });
  });

  it('redelivers the same event (same id), which a consumer must absorb', async () => {
    const provider = simulator();
    await provider.createJsapiOrder(order);
    await provider.pay(order.outTradeNo);
    expect(await provider.redeliverPaymentNotification(order.outTradeNo)).toEqual({ delivered: true, status: 204 });
    expect(accepted).toHaveLength(2);
    expect(accepted[1]).toEqual(accepted[0]);
  });

  it('a notification signed by another simulator (other keys) is refused by our route', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'parkade-wechat-other-'));
    try {
      const impostor = new SimulatedPaymentProvider({ dir: otherDir, notifyUrl, refundSettleDelayMs: null, now: () => clock });
      await impostor.createJsapiOrder(order);
      expect(await impostor.pay(order.outTradeNo)).toEqual({ delivered: false, status: 401 });
      expect(accepted).toHaveLength(0);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('repeating a prepay returns the same prepay id; reusing the number for another order is refused', async () => {
    const provider = simulator();
    const first = await provider.createJsapiOrder(order);
    expect((await provider.createJsapiOrder(order)).prepayId).toBe(first.prepayId);
    expect(await failureOf(() => provider.createJsapiOrder({ ...order, amountFen: 1200 }))).toMatchObject({ reason: 'duplicateOrderNo' });
  });

  it('a closed or expired order cannot be paid; a paid one cannot be closed', async () => {
    const provider = simulator();
    await provider.createJsapiOrder(order);
    await provider.closeOrder(order.outTradeNo);
    await provider.closeOrder(order.outTradeNo);
    expect((await provider.queryOrder(order.outTradeNo)).state).toBe('CLOSED');
    expect((await failureOf(() => provider.pay(order.outTradeNo))).code).toBe('CONFLICT');

    const expiring = await provider.createJsapiOrder({ ...order, outTradeNo: 'P20261122000002', expiresAt: '2026-11-22T09:20:00+08:00' });
    clock = Date.parse('2026-11-22T09:20:00+08:00');
    expect(provider.confirmationPage(expiring.prepayId)).toMatchObject({ canPay: false, notice: '订单已过期' });

    await provider.createJsapiOrder({ ...order, outTradeNo: 'P20261122000003' });
    await provider.pay('P20261122000003');
    expect(await failureOf(() => provider.closeOrder('P20261122000003'))).toMatchObject({ code: 'CONFLICT', reason: 'alreadyPaid' });
  });

  it('another instance over the same directory sees the same orders (a restart keeps them)', async () => {
    await simulator().createJsapiOrder(order);
    expect((await simulator().queryOrder(order.outTradeNo)).state).toBe('NOTPAY');
    expect(await failureOf(() => simulator().queryOrder('P20261122000404'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('refunds', () => {
  it('partial refunds: processing, then settled with a refund notification; never more than was paid', async () => {
    const provider = simulator();
    await provider.createJsapiOrder(order);
    await provider.pay(order.outTradeNo);
    const refund = await provider.refund({ outTradeNo: order.outTradeNo, outRefundNo: 'R20261122000001', refundFen: 500, totalFen: 1100 });
    expect(refund).toMatchObject({ state: 'PROCESSING', refundFen: 500 });
    expect(await provider.refund({ outTradeNo: order.outTradeNo, outRefundNo: 'R20261122000001', refundFen: 500, totalFen: 1100 })).toEqual(refund);
    expect(await failureOf(() => provider.refund({ outTradeNo: order.outTradeNo, outRefundNo: 'R20261122000002', refundFen: 601, totalFen: 1100 }))).toMatchObject({
      reason: 'refused',
    });

    expect(await provider.settleRefund('R20261122000001')).toEqual({ delivered: true, status: 204 });
    expect(accepted.at(-1)).toMatchObject({ kind: 'refund', outRefundNo: 'R20261122000001', state: 'SUCCESS', refundFen: 500, totalFen: 1100 });
    expect(await provider.queryRefund('R20261122000001')).toMatchObject({ state: 'SUCCESS', successTime: '2026-11-22T09:15:00+08:00' });
    expect((await provider.queryOrder(order.outTradeNo)).state).toBe('REFUND');
  });

  it('an unpaid order cannot be refunded', async () => {
    const provider = simulator();
    await provider.createJsapiOrder(order);
    expect(await failureOf(() => provider.refund({ outTradeNo: order.outTradeNo, outRefundNo: 'R1', refundFen: 1, totalFen: 1100 }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });
});

describe('payment codes', () => {
  const charge = { outTradeNo: 'L20261122000001', description: '停车费', amountFen: 600, storeId: 'lot-1' };

  it.each([
    ['134567890123456780', 'SUCCESS'],
    ['134567890123456787', 'REVOKED'],
  ])('%s ends %s', async (paymentCode, state) => {
    expect((await simulator().micropay({ ...charge, paymentCode })).state).toBe(state);
  });

  it('a code ending 8 waits for its payer: USERPAYING until they confirm, then paid, and only then', async () => {
    const provider = simulator();
    expect((await provider.micropay({ ...charge, paymentCode: '134567890123456788' })).state).toBe('USERPAYING');
    expect((await provider.queryOrder(charge.outTradeNo)).state).toBe('USERPAYING');
    expect(await provider.confirmPaymentCode(charge.outTradeNo)).toMatchObject({ state: 'SUCCESS', amountFen: 600, transactionId: expect.any(String) });
    expect((await provider.queryOrder(charge.outTradeNo)).state).toBe('SUCCESS');
    await expect(provider.confirmPaymentCode(charge.outTradeNo)).rejects.toThrow(/not a payment-code charge waiting/);
  });

  it.each([
    ['134567890123456789', 'payerFundsTooLow'],
    ['1234', 'paymentCodeInvalid'],
    ['284567890123456780', 'paymentCodeInvalid'],
  ])('%s is refused (%s)', async (paymentCode, reason) => {
    expect(await failureOf(() => simulator().micropay({ ...charge, paymentCode }))).toMatchObject({ reason });
  });
});

describe('trade bill', () => {
  it("lists the day's payments and refunds in WeChat's format, read back by the same parser", async () => {
    const provider = simulator();
    await provider.createJsapiOrder(order);
    await provider.pay(order.outTradeNo);
    await provider.micropay({ outTradeNo: 'L20261122000001', description: '停车费', amountFen: 600, storeId: 'lot-1', paymentCode: '134567890123456780' });
    await provider.createJsapiOrder({ ...order, outTradeNo: 'P20261122000009' });
    clock = Date.parse('2026-11-22T10:00:00+08:00');
    await provider.refund({ outTradeNo: order.outTradeNo, outRefundNo: 'R20261122000001', refundFen: 500, totalFen: 1100 });
    clock = Date.parse('2026-11-23T08:00:00+08:00');
    await provider.createJsapiOrder({ ...order, outTradeNo: 'P20261123000001' });
    await provider.pay('P20261123000001');

    const text = provider.tradeBillText('2026-11-22');
    expect(text.split('\r\n')[1]).toMatch(/^`2026-11-22 09:15:00,`wx00000000simulator,`1900000000,/);
    const bill = await provider.downloadTradeBill('2026-11-22');
    expect(bill.records.map(({ outTradeNo, tradeState, orderFen, refundFen }) => ({ outTradeNo, tradeState, orderFen, refundFen }))).toEqual([
      { outTradeNo: order.outTradeNo, tradeState: 'SUCCESS', orderFen: 1100, refundFen: 0 },
      { outTradeNo: 'L20261122000001', tradeState: 'SUCCESS', orderFen: 600, refundFen: 0 },
      { outTradeNo: order.outTradeNo, tradeState: 'REFUND', orderFen: 0, refundFen: 500 },
    ]);
    expect(bill.summary).toMatchObject({ tradeCount: 3, orderFen: 1700, refundFen: 500 });
  });
});

describe('delivery', () => {
  it('reports a route that did not answer instead of throwing', async () => {
    const provider = new SimulatedPaymentProvider({ dir, notifyUrl: 'http://127.0.0.1:9/closed', refundSettleDelayMs: null, now: () => clock });
    await provider.createJsapiOrder(order);
    expect(await provider.pay(order.outTradeNo)).toEqual({ delivered: false });
    expect((await provider.queryOrder(order.outTradeNo)).state).toBe('SUCCESS');
  });

  it('can hand notifications to any transport (e.g. straight to a handler in tests)', async () => {
    const sent: NotificationRequest[] = [];
    const provider = simulator(async (_url, notification) => {
      sent.push(notification);
      return { delivered: true, status: 200 };
    });
    await provider.createJsapiOrder(order);
    await provider.pay(order.outTradeNo);
    expect(await provider.parseNotification(sent[0]!)).toMatchObject({ kind: 'payment', state: 'SUCCESS' });
  });
});
