import { describe, expect, it } from 'vitest';
import { couponOf, openSessionOf } from '../merchants/merchantFixtures.test-support.js';
import { attachCoupon, attachWaitingCoupons, checkDailyPlateLimit, checkSessionPolicy, couponPolicySchema, type CouponFace } from './index.js';

const policy = couponPolicySchema.parse({ maxCouponsPerSession: 2, maxMinutesPerSession: 180, maxAmountFenPerSession: 1000, maxGrantsPerPlatePerMerchantPerDay: 2 });
const faces = (...list: CouponFace[]) => list.map((face) => ({ face }));

const reasonOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { details: { reason: string } }).details.reason;
  }
};

describe('lot policy', () => {
  it('caps the coupons per session', () => {
    expect(reasonOf(() => checkSessionPolicy({ kind: 'amount', value: 100 }, faces({ kind: 'percent', value: 10 }), policy))).toBeNull();
    expect(
      reasonOf(() => checkSessionPolicy({ kind: 'amount', value: 100 }, faces({ kind: 'percent', value: 10 }, { kind: 'percent', value: 5 }), policy)),
    ).toBe('SESSION_COUPON_LIMIT');
  });

  it('caps free minutes and money off per session, up to and including the limit', () => {
    expect(reasonOf(() => checkSessionPolicy({ kind: 'minutes', value: 60 }, faces({ kind: 'minutes', value: 120 }), policy))).toBeNull();
    expect(reasonOf(() => checkSessionPolicy({ kind: 'minutes', value: 61 }, faces({ kind: 'minutes', value: 120 }), policy))).toBe('SESSION_MINUTES_LIMIT');
    expect(reasonOf(() => checkSessionPolicy({ kind: 'amount', value: 500 }, faces({ kind: 'amount', value: 500 }), policy))).toBeNull();
    expect(reasonOf(() => checkSessionPolicy({ kind: 'amount', value: 501 }, faces({ kind: 'amount', value: 500 }), policy))).toBe('SESSION_AMOUNT_LIMIT');
  });

  it('a session that already parks free takes no more coupons; a lot may refuse full coupons', () => {
    expect(reasonOf(() => checkSessionPolicy({ kind: 'minutes', value: 30 }, faces({ kind: 'full' }), policy))).toBe('SESSION_ALREADY_FREE');
    const noFull = couponPolicySchema.parse({ fullCouponsAllowed: false });
    expect(reasonOf(() => checkSessionPolicy({ kind: 'full' }, [], noFull))).toBe('FULL_COUPONS_NOT_ALLOWED');
  });

  it('caps grants per plate per merchant per day', () => {
    expect(reasonOf(() => checkDailyPlateLimit(1, policy))).toBeNull();
    expect(reasonOf(() => checkDailyPlateLimit(2, policy))).toBe('DAILY_PLATE_LIMIT');
  });

  it('waiting coupons join the plate’s next visit oldest first, within the policy; expired ones and other plates stay out', () => {
    const session = openSessionOf('粤B12345', '2026-03-01T18:00:00+08:00');
    const first = couponOf({ kind: 'minutes', value: 60 }, { grantedAt: '2026-03-01T10:00:00+08:00' });
    const second = couponOf({ kind: 'minutes', value: 60 }, { grantedAt: '2026-03-01T11:00:00+08:00' });
    const third = couponOf({ kind: 'amount', value: 300 }, { grantedAt: '2026-03-01T12:00:00+08:00' });
    const expired = couponOf({ kind: 'minutes', value: 60 }, { grantedAt: '2026-03-01T09:00:00+08:00', expiresAt: '2026-03-01T17:00:00+08:00' });
    const otherPlate = couponOf({ kind: 'minutes', value: 60 }, { plate: '粤B54321' });
    const { attached, stillWaiting } = attachWaitingCoupons('粤B12345', session, [third, second, expired, otherPlate, first], session.enteredAt, policy);
    expect(attached).toEqual([attachCoupon(first, session.sessionId), attachCoupon(second, session.sessionId)]);
    expect(stillWaiting).toEqual([third]);
  });

  it('a visit the cloud learns of after it ended takes only coupons granted before the car left', () => {
    const session = { ...openSessionOf('粤B12345', '2026-03-01T09:00:00+08:00'), closedAt: '2026-03-01T11:00:00+08:00' };
    const before = couponOf({ kind: 'minutes', value: 60 }, { grantedAt: '2026-03-01T08:00:00+08:00' });
    const after = couponOf({ kind: 'minutes', value: 60 }, { grantedAt: '2026-03-01T11:30:00+08:00' });
    const { attached, stillWaiting } = attachWaitingCoupons('粤B12345', session, [before, after], session.enteredAt, policy);
    expect(attached).toEqual([attachCoupon(before, session.sessionId)]);
    expect(stillWaiting).toEqual([after]);
  });
});
