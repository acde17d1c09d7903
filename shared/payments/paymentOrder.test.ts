import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { checkRefund, orderIdFor, outTradeNoSchema, settleRefund, shouldQueryProvider, type PaymentOrder } from './index.js';
import { reconcileDay } from './reconcileDay.js';
import type { TradeBillRecord } from './paymentProvider.js';

const paid: PaymentOrder = {
  orderId: 'PK1',
  sessionId: 's-1',
  lotId: 'lot-demo',
  plate: '粤B12345',
  driverId: 'drv-1',
  openId: 'o-1',
  state: 'paid',
  amountFen: 1100,
  coversUntil: '2026-03-01T11:08:00+08:00',
  createdAt: '2026-03-01T11:08:05+08:00',
  refundedFen: 0,
  refundingFen: 0,
};

describe('order ids', () => {
  it('are valid provider order numbers, the same for the same driver and key, different otherwise', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (driverId, key) => {
        expect(outTradeNoSchema.safeParse(orderIdFor(driverId, key)).success).toBe(true);
        expect(orderIdFor(driverId, key)).toBe(orderIdFor(driverId, key));
        expect(orderIdFor(driverId, key)).not.toBe(orderIdFor(`${driverId}x`, key));
      }),
    );
  });
});

describe('refunds', () => {
  it('never add up to more than was paid, whatever is asked in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1200 }), { maxLength: 12 }), (asks) => {
        let order = paid;
        for (const ask of asks) {
          try {
            checkRefund(order, ask);
            order = { ...order, ...settleRefund({ ...order, refundingFen: order.refundingFen + ask }, ask) };
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        }
        expect(order.refundedFen).toBeLessThanOrEqual(order.amountFen);
        expect(order.state).toBe(order.refundedFen === 0 ? 'paid' : order.refundedFen === 1100 ? 'refunded' : 'partiallyRefunded');
      }),
    );
  });
  it('count what is being refunded, and are refused on an unpaid order', () => {
    expect(() => checkRefund({ ...paid, refundingFen: 1000 }, 200)).toThrow(/At most 100 fen/);
    expect(() => checkRefund({ ...paid, state: 'pending' }, 100)).toThrow(/pending order cannot be refunded/);
  });
});

describe('polling', () => {
  it('asks the provider only about open orders whose notification is late', () => {
    const created = new Date('2026-03-01T03:00:00Z');
    const pending = { ...paid, state: 'pending' as const, createdAt: created.toISOString() };
    expect(shouldQueryProvider(pending, new Date(created.getTime() + 1000))).toBe(false);
    expect(shouldQueryProvider(pending, new Date(created.getTime() + 3000))).toBe(true);
    expect(shouldQueryProvider({ ...pending, state: 'paid' }, new Date(created.getTime() + 60_000))).toBe(false);
  });
});

describe('reconciliation', () => {
  const row = (outTradeNo: string, orderFen: number, extra: Partial<TradeBillRecord> = {}): TradeBillRecord => ({
    tradeTime: '2026-03-01T11:08:10+08:00', appId: 'wx1', mchId: '1', subMchId: '0', deviceId: '', transactionId: `T${outTradeNo}`, outTradeNo,
    payerOpenId: 'o', tradeType: 'JSAPI', tradeState: 'SUCCESS', bankType: 'OTHERS', currency: 'CNY', settlementFen: orderFen, couponFen: 0,
    refundId: '0', outRefundNo: '0', refundFen: 0, rechargeCouponRefundFen: 0, refundType: '', refundState: '', description: '', attach: '',
    feeYuan: '0', feeRate: '0', orderFen, requestedRefundFen: 0, feeRateNote: '', ...extra,
  });
  it('lists each kind of difference and nothing for matching orders', () => {
    const mismatches = reconcileDay(
      '2026-03-01',
      [
        { orderId: 'A', state: 'paid', amountFen: 500, paidOn: '2026-03-01' },
        { orderId: 'B', state: 'paid', amountFen: 500, paidOn: '2026-03-01' },
        { orderId: 'C', state: 'pending', amountFen: 700 },
        { orderId: 'D', state: 'paid', amountFen: 800, paidOn: '2026-03-01' },
      ],
      [{ refundId: 'R1', orderId: 'A', amountFen: 100, state: 'succeeded', requestedOn: '2026-03-01' }],
      [row('A', 500), row('B', 600), row('C', 700), row('X', 900), row('A', 0, { tradeState: 'REFUND', outRefundNo: 'R1', requestedRefundFen: 100 })],
    );
    expect(mismatches.map(({ kind, what, reference }) => `${what} ${reference} ${kind}`)).toEqual([
      'payment B amountDiffers',
      'payment C stateDiffers',
      'payment D missingAtProvider',
      'payment X missingHere',
    ]);
  });
});
