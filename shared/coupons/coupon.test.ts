import { describe, expect, it } from 'vitest';
import { explainStay, TariffSchema } from '../fees/index.js';
import { couponOf, lotId } from '../merchants/merchantFixtures.test-support.js';
import {
  attachCoupon,
  couponsOfSession,
  expireCoupon,
  isCouponRefused,
  revokeCoupon,
  toFeeCoupons,
  useCoupon,
} from './index.js';
import { designTariff } from '../fees/designTariff.test-support.js';

const tariff = TariffSchema.parse(designTariff);

const sessionId = `${lotId}.lane-in.e1`;

describe('a coupon’s life', () => {
  it('waiting → attached → used, and it cannot be used, expired or revoked again', () => {
    const used = useCoupon(attachCoupon(couponOf({ kind: 'minutes', value: 60 }), sessionId), '2026-03-01T13:00:00+08:00');
    expect(used).toMatchObject({ status: 'used', sessionId, endedAt: '2026-03-01T13:00:00+08:00' });
    for (const again of [() => useCoupon(used, '2026-03-01T13:01:00+08:00'), () => revokeCoupon(used, '2026-03-01T13:01:00+08:00'), () => expireCoupon(used, '2026-03-03T00:00:00+08:00')]) {
      expect(() => again()).toThrow(expect.objectContaining({ code: 'CONFLICT', details: expect.objectContaining({ reason: 'COUPON_NOT_OPEN', status: 'used' }) }));
    }
  });

  it('a waiting coupon cannot be used without a visit, nor expire before its deadline', () => {
    const waiting = couponOf({ kind: 'amount', value: 300 });
    expect(() => useCoupon(waiting, '2026-03-01T13:00:00+08:00')).toThrow(/waiting and cannot be used/);
    let refusal: unknown;
    try {
      expireCoupon(waiting, '2026-03-02T09:29:59+08:00');
    } catch (error) {
      refusal = error;
    }
    expect(isCouponRefused(refusal, 'COUPON_NOT_EXPIRED')).toBe(true);
    expect(expireCoupon(waiting, '2026-03-02T09:30:00+08:00').status).toBe('expired');
  });

  it('the design’s example through the fee engine: 60 minutes + ¥3 + 15 % on 09:00→13:00 is 850', () => {
    const coupons = [
      attachCoupon(couponOf({ kind: 'minutes', value: 60 }), sessionId),
      attachCoupon(couponOf({ kind: 'amount', value: 300 }), sessionId),
      attachCoupon(couponOf({ kind: 'percent', value: 15 }), sessionId),
      attachCoupon(couponOf({ kind: 'minutes', value: 600 }), 'another-session'),
      couponOf({ kind: 'full' }),
    ];
    const quote = explainStay({
      tariff,
      enteredAt: '2026-03-01T09:00:00+08:00',
      exitAt: '2026-03-01T13:00:00+08:00',
      coupons: toFeeCoupons(couponsOfSession(coupons, sessionId)),
    });
    expect(quote).toMatchObject({ grossFee: 1700, netFee: 850 });
  });

  it('a full coupon waives the fee', () => {
    const quote = explainStay({
      tariff,
      enteredAt: '2026-03-01T09:00:00+08:00',
      exitAt: '2026-03-01T13:00:00+08:00',
      coupons: toFeeCoupons([attachCoupon(couponOf({ kind: 'full' }), sessionId)]),
    });
    expect(quote.netFee).toBe(0);
  });
});
