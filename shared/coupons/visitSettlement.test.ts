import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designTariff } from '../fees/designTariff.test-support.js';
import { TariffSchema } from '../fees/index.js';
import { couponOf, lotId } from '../merchants/merchantFixtures.test-support.js';
import { assessStay } from '../sessions/index.js';
import { attachCoupon, settleVisitCoupons, toFeeCoupons, type Coupon, type CouponFace } from './index.js';

const tariff = TariffSchema.parse(designTariff);
const sessionId = `${lotId}.lane-in.e1`;
const visit = (closedAt: string, plate = '粤B12345') => ({ sessionId, plate, enteredAt: '2026-03-01T09:00:00+08:00', closedAt });
const onVisit = (face: CouponFace, grantedAt: string, fields: Partial<Coupon> = {}) => attachCoupon(couponOf(face, { grantedAt, ...fields }), sessionId);
const ids = (coupons: readonly Coupon[]) => coupons.map((coupon) => coupon.couponId);

describe('settling a visit’s coupons when it closes', () => {
  it('uses every coupon that lowered the fee', () => {
    const minutes = onVisit({ kind: 'minutes', value: 60 }, '2026-03-01T09:30:00+08:00');
    const amount = onVisit({ kind: 'amount', value: 300 }, '2026-03-01T10:00:00+08:00');
    const settled = settleVisitCoupons({ coupons: [amount, minutes], session: visit('2026-03-01T13:00:00+08:00'), terms: { tariff } });
    expect(ids(settled.use).sort()).toEqual(ids([minutes, amount]).sort());
    expect(settled.unused).toEqual([]);
  });

  it('charges no merchant for a stay that was free anyway, or an exempt car', () => {
    const coupon = onVisit({ kind: 'minutes', value: 60 }, '2026-03-01T09:01:00+08:00');
    expect(settleVisitCoupons({ coupons: [coupon], session: visit('2026-03-01T09:10:00+08:00'), terms: { tariff } })).toEqual({ use: [], unused: [coupon] });
    const police = onVisit({ kind: 'amount', value: 500 }, '2026-03-01T09:01:00+08:00', { plate: '粤B1234警' });
    expect(settleVisitCoupons({ coupons: [police], session: visit('2026-03-01T13:00:00+08:00', '粤B1234警'), terms: { tariff } })).toEqual({
      use: [],
      unused: [police],
    });
  });

  it('drops the newest of two coupons that each cover the stay alone: the first grant pays', () => {
    const first = onVisit({ kind: 'minutes', value: 120 }, '2026-03-01T09:10:00+08:00');
    const second = onVisit({ kind: 'minutes', value: 120 }, '2026-03-01T09:20:00+08:00', { merchantId: 'm-books' });
    const settled = settleVisitCoupons({ coupons: [second, first], session: visit('2026-03-01T10:00:00+08:00'), terms: { tariff } });
    expect(ids(settled.use)).toEqual(ids([first]));
    expect(ids(settled.unused)).toEqual(ids([second]));
  });

  it('only the largest percent counts, so a smaller one is not charged; after a free coupon nothing else is', () => {
    const small = onVisit({ kind: 'percent', value: 10 }, '2026-03-01T09:10:00+08:00');
    const large = onVisit({ kind: 'percent', value: 20 }, '2026-03-01T09:20:00+08:00');
    expect(ids(settleVisitCoupons({ coupons: [small, large], session: visit('2026-03-01T13:00:00+08:00'), terms: { tariff } }).use)).toEqual(ids([large]));
    const full = onVisit({ kind: 'full' }, '2026-03-01T09:05:00+08:00');
    const amount = onVisit({ kind: 'amount', value: 300 }, '2026-03-01T09:06:00+08:00');
    expect(settleVisitCoupons({ coupons: [full, amount], session: visit('2026-03-01T13:00:00+08:00'), terms: { tariff } })).toMatchObject({
      use: [full],
      unused: [amount],
    });
  });

  it('counts coupons the visit already used, and ignores other visits’ coupons', () => {
    const used = { ...onVisit({ kind: 'full' }, '2026-03-01T09:05:00+08:00'), status: 'used' as const };
    const later = onVisit({ kind: 'minutes', value: 60 }, '2026-03-01T09:06:00+08:00');
    const elsewhere = attachCoupon(couponOf({ kind: 'amount', value: 300 }), 'another-session');
    expect(settleVisitCoupons({ coupons: [used, later, elsewhere], session: visit('2026-03-01T13:00:00+08:00'), terms: { tariff } })).toEqual({
      use: [],
      unused: [later],
    });
  });

  it('refuses a visit that is still open', () => {
    expect(() => settleVisitCoupons({ coupons: [], session: { ...visit('x'), closedAt: undefined }, terms: { tariff } })).toThrow(/still open/);
  });

  const face: fc.Arbitrary<CouponFace> = fc.oneof(
    fc.integer({ min: 1, max: 300 }).map((value) => ({ kind: 'minutes' as const, value })),
    fc.integer({ min: 1, max: 2000 }).map((value) => ({ kind: 'amount' as const, value })),
    fc.integer({ min: 1, max: 100 }).map((value) => ({ kind: 'percent' as const, value })),
    fc.constant({ kind: 'full' as const }),
  );

  it('the coupons used give the driver exactly the fee charged with all of them, and each coupon is used or unused, once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(face, fc.integer({ min: 0, max: 600 })), { maxLength: 5 }), fc.integer({ min: 1, max: 24 * 60 }), (grants, stayMinutes) => {
        const coupons = grants.map(([couponFace, minute]) => onVisit(couponFace, new Date(Date.parse('2026-03-01T09:00:00+08:00') + minute * 60_000).toISOString()));
        const session = visit(new Date(Date.parse('2026-03-01T09:00:00+08:00') + stayMinutes * 60_000).toISOString());
        const { use, unused } = settleVisitCoupons({ coupons, session, terms: { tariff } });
        const net = (counted: readonly Coupon[]) =>
          assessStay({ plate: session.plate, enteredAt: session.enteredAt, leftAt: session.closedAt }, { tariff, coupons: toFeeCoupons(counted) }).quote.netFee;
        expect(net(use)).toBe(net(coupons));
        expect([...ids(use), ...ids(unused)].sort()).toEqual(ids(coupons).sort());
        if (net([]) === 0) expect(use).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
