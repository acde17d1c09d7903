import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainStay, formatInstant } from '../fees/index.js';
import { assessStay } from '../sessions/index.js';
import { TariffSchema } from '../fees/index.js';
import { clubAdmin, config, member, stay, zone } from './clubFixtures.test-support.js';
import { tierById } from './clubConfig.js';
import { benefitsAt, membersOnlyCouponAllowed, type MonthlyUsage } from './memberBenefits.js';
import { suspendMembership, type Membership } from './membership.js';

const day = (time: string, date = '2026-03-10') => `${date}T${time}+08:00`;
const silver = member('2026-01-10T12:00:00+08:00');
const gold = { ...silver, tierId: 'gold' };
const usage = (quotaMinutesUsed: number, month = '2026-03'): MonthlyUsage => ({ month, quotaMinutesUsed });
const grant = (membership: Membership, visitStay: ReturnType<typeof stay>, monthlyUsage: MonthlyUsage | null = null) =>
  benefitsAt({ membership, config, at: visitStay.exitAt, visitStay, monthlyUsage });
const dueWith = (visitStay: ReturnType<typeof stay>, benefits: { freeMinutes: number; amountOff: number }) =>
  explainStay({
    ...visitStay,
    coupons: [
      ...(visitStay.coupons ?? []),
      ...(benefits.freeMinutes ? [{ kind: 'minutes', value: benefits.freeMinutes }] : []),
      ...(benefits.amountOff ? [{ kind: 'amount', value: benefits.amountOff }] : []),
    ],
  }).due;

describe('benefits at the exit', () => {
  const twoHours = stay(day('09:00:00'), day('11:10:00')); // 130 billable minutes, ¥11.00

  it('silver: 30 free minutes a visit, no monthly hours', () => {
    const benefits = grant(silver, twoHours);
    expect(benefits).toMatchObject({ entitled: true, tierId: 'silver', month: '2026-03', freeMinutes: 30, perVisitMinutes: 30, quotaMinutesUsed: 0, amountOff: 0 });
    expect(dueWith(twoHours, benefits)).toBe(900);
  });

  it('gold: the per-visit hour first, then the monthly hours cover only what the stay still needs', () => {
    const benefits = grant(gold, twoHours);
    // 130 minutes − 15 tariff-free minutes = 115 needed: 60 per visit + 55 from the quota.
    expect(benefits).toMatchObject({ freeMinutes: 115, perVisitMinutes: 60, quotaMinutesUsed: 55, quotaMinutesLeft: 65 });
    expect(dueWith(twoHours, benefits)).toBe(0);
  });

  it('gold with 20 quota minutes left this month gets 80 minutes off, and the quota is then empty', () => {
    const benefits = grant(gold, twoHours, usage(100));
    expect(benefits).toMatchObject({ freeMinutes: 80, quotaMinutesUsed: 20, quotaMinutesLeft: 0 });
    expect(dueWith(twoHours, benefits)).toBe(500);
    expect(grant(gold, twoHours, usage(120))).toMatchObject({ freeMinutes: 60, quotaMinutesUsed: 0 });
  });

  it('a stay the tariff or a merchant coupon already covers uses no quota', () => {
    expect(grant(gold, stay(day('09:00:00'), day('09:10:00')))).toMatchObject({ entitled: true, freeMinutes: 0, quotaMinutesUsed: 0 });
    expect(grant(gold, stay(day('09:00:00'), day('11:10:00'), { coupons: [{ kind: 'minutes', value: 120 }] }))).toMatchObject({ freeMinutes: 0, quotaMinutesUsed: 0 });
    expect(grant(gold, stay(day('09:00:00'), day('11:10:00'), { coupons: [{ kind: 'minutes', value: 60 }] }))).toMatchObject({
      freeMinutes: 55,
      quotaMinutesUsed: 0,
    });
    expect(grant(gold, stay(day('09:00:00'), day('11:10:00'), { exempt: true }))).toMatchObject({ freeMinutes: 0, quotaMinutesUsed: 0 });
  });

  it('points pay what the minutes leave, in whole ¥1 blocks, when the member opted in', () => {
    const saver = { ...gold, pointsBalance: 1_000, autoRedeemPoints: true };
    const benefits = grant(saver, twoHours, usage(100));
    expect(benefits).toMatchObject({ freeMinutes: 80, amountOff: 500, pointsRedeemed: 500 });
    expect(dueWith(twoHours, benefits)).toBe(0);
    expect(grant({ ...saver, autoRedeemPoints: false }, twoHours, usage(100))).toMatchObject({ amountOff: 0, pointsRedeemed: 0 });
    expect(grant({ ...saver, pointsBalance: 250 }, twoHours, usage(100))).toMatchObject({ amountOff: 200, pointsRedeemed: 200 });
    expect(grant({ ...saver, pointsBalance: 99 }, twoHours, usage(100))).toMatchObject({ amountOff: 0, pointsRedeemed: 0 });
  });

  it('points are capped per visit by the tier (gold ¥10)', () => {
    const allDay = stay(day('08:00:00'), day('22:00:00')); // ¥50.00, the daily cap
    const benefits = grant({ ...gold, pointsBalance: 99_999, autoRedeemPoints: true }, allDay, usage(120));
    expect(benefits).toMatchObject({ freeMinutes: 60, amountOff: 1_000, pointsRedeemed: 1_000 });
    expect(dueWith(allDay, benefits)).toBe(5_000 - 1_000);
  });

  it('with a percent coupon, points clear the fee before the percent (the DESIGN.md order), never a block more', () => {
    const withCoupons = stay(day('09:00:00'), day('13:00:00'), { coupons: [{ kind: 'minutes', value: 60 }, { kind: 'amount', value: 300 }, { kind: 'percent', value: 15 }] });
    expect(explainStay(withCoupons).netFee).toBe(850);
    const benefits = grant({ ...silver, pointsBalance: 5_000, autoRedeemPoints: true }, withCoupons);
    // 30 member minutes: 13:00 − 90 min → ¥11.00 − ¥3 = ¥8.00 before the percent: 8 blocks.
    expect(benefits).toMatchObject({ freeMinutes: 30, amountOff: 500, pointsRedeemed: 500 });
    const lessThanCap = grant({ ...gold, pointsBalance: 5_000, autoRedeemPoints: true }, withCoupons, usage(120));
    expect(lessThanCap).toMatchObject({ freeMinutes: 60, amountOff: 600, pointsRedeemed: 600 });
    expect(dueWith(withCoupons, lessThanCap)).toBe(0);
  });

  it('gives nothing to a suspended, lapsed, pending or expired membership; keeps giving through the 10-day grace', () => {
    const none = { entitled: false, freeMinutes: 0, amountOff: 0, quotaMinutesUsed: 0, pointsRedeemed: 0 };
    const suspended = suspendMembership({ membership: gold, by: clubAdmin, at: day('08:00:00'), note: 'dispute' });
    expect(grant(suspended, twoHours)).toMatchObject(none);
    expect(grant({ ...gold, status: 'LAPSED' }, twoHours)).toMatchObject(none);
    expect(grant({ ...gold, status: 'PENDING' }, twoHours)).toMatchObject(none);
    // Valid until 10 July 12:00, grace until 20 July 12:00.
    const inGrace = stay(day('09:00:00', '2026-07-20'), day('11:10:00', '2026-07-20'));
    expect(grant(gold, inGrace)).toMatchObject({ entitled: true, freeMinutes: 115 });
    const afterGrace = stay(day('10:00:00', '2026-07-20'), day('12:00:00', '2026-07-20'));
    expect(grant(gold, afterGrace)).toMatchObject(none);
  });

  it('the quota month is the local month of the exit: 23:59:59 on the 31st counts in March, 16:00Z that day in April', () => {
    const lateMarch = stay('2026-03-31T22:00:00+08:00', '2026-03-31T23:59:59+08:00');
    expect(grant(gold, lateMarch, usage(120, '2026-03'))).toMatchObject({ month: '2026-03', quotaMinutesUsed: 0 });
    // 22:00 → midnight: 120 − 15 tariff-free minutes = 105 needed, 60 a visit, 45 from April's quota.
    const earlyApril = stay('2026-03-31T22:00:00+08:00', '2026-03-31T16:00:00Z');
    expect(grant(gold, earlyApril, null)).toMatchObject({ month: '2026-04', quotaMinutesUsed: 45 });
    expect(() => grant(gold, earlyApril, usage(120, '2026-03'))).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is exactly what the exit decision takes as `benefits`', () => {
    const benefits = grant(gold, twoHours);
    const { quote } = assessStay({ plate: gold.plate, enteredAt: twoHours.enteredAt, leftAt: twoHours.exitAt }, { tariff: TariffSchema.parse(twoHours.tariff), benefits });
    expect(quote).toMatchObject({ grossFee: 1_100, netFee: 0, due: 0 });
    expect(quote.discounts).toEqual([{ kind: 'minutes', value: 115, amount: 1_100 }]);
  });

  it('members-only coupon templates are for entitled members of the tiers that list them', () => {
    const at = day('10:00:00');
    expect(membersOnlyCouponAllowed({ membership: gold, config, templateId: 'tpl-member-gold-2h', at })).toBe(true);
    expect(membersOnlyCouponAllowed({ membership: silver, config, templateId: 'tpl-member-gold-2h', at })).toBe(false);
    expect(membersOnlyCouponAllowed({ membership: { ...gold, status: 'SUSPENDED' }, config, templateId: 'tpl-member-gold-2h', at })).toBe(false);
    expect(membersOnlyCouponAllowed({ membership: null, config, templateId: 'tpl-member-gold-2h', at })).toBe(false);
  });
});

/** Stays starting anywhere in March 2026 (local), up to two days long, with the seconds a camera gives. */
const stayArbitrary = fc
  .record({
    startMinute: fc.integer({ min: 0, max: 30 * 24 * 60 }),
    seconds: fc.integer({ min: 0, max: 2 * 86_400 }),
    coupons: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('minutes'), value: fc.integer({ min: 0, max: 240 }) }),
        fc.record({ kind: fc.constant('amount'), value: fc.integer({ min: 0, max: 2_000 }) }),
        fc.record({ kind: fc.constant('percent'), value: fc.integer({ min: 0, max: 100 }) }),
        fc.constant({ kind: 'full' }),
      ),
      { maxLength: 3 },
    ),
    paidFen: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: null }),
  })
  .map(({ startMinute, seconds, coupons, paidFen }) => {
    const entered = Date.parse('2026-03-01T00:00:00+08:00') + startMinute * 60_000;
    const exit = entered + seconds * 1000;
    const payments = paidFen === null ? [] : [{ amount: paidFen, coversUntil: formatInstant(entered + Math.floor((exit - entered) / 2), zone) }];
    return stay(formatInstant(entered, zone), formatInstant(exit, zone), { coupons, payments });
  });

const memberArbitrary = fc
  .record({
    tierId: fc.constantFrom('silver', 'gold', 'platinum'),
    pointsBalance: fc.integer({ min: 0, max: 5_000 }),
    autoRedeemPoints: fc.boolean(),
  })
  .map((changes) => ({ ...silver, ...changes }));

describe('benefit properties', () => {
  it('never make a fee negative or higher, spend no points the member lacks, and spend no block that was not needed', () => {
    fc.assert(
      fc.property(memberArbitrary, stayArbitrary, fc.integer({ min: 0, max: 400 }), (membership, visitStay, used) => {
        const monthlyUsage = { month: benefitsAt({ membership, config, at: visitStay.exitAt, visitStay, monthlyUsage: null }).month, quotaMinutesUsed: used };
        const benefits = benefitsAt({ membership, config, at: visitStay.exitAt, visitStay, monthlyUsage });
        const without = explainStay(visitStay);
        const withBenefits = explainStay({
          ...visitStay,
          coupons: [...(visitStay.coupons ?? []), { kind: 'minutes', value: benefits.freeMinutes }, { kind: 'amount', value: benefits.amountOff }],
        });
        expect(withBenefits.netFee).toBeGreaterThanOrEqual(0);
        expect(withBenefits.due).toBeGreaterThanOrEqual(0);
        expect(withBenefits.netFee).toBeLessThanOrEqual(without.netFee);
        expect(withBenefits.due).toBeLessThanOrEqual(without.due);
        const rate = tierById(config, membership.tierId).benefits.pointsRedemption!;
        expect(benefits.pointsRedeemed).toBeLessThanOrEqual(membership.pointsBalance);
        expect(benefits.amountOff).toBeLessThanOrEqual(rate.maxAmountFenPerVisit);
        expect(benefits.pointsRedeemed % rate.points).toBe(0);
        if (benefits.pointsRedeemed > 0) {
          const oneBlockLess = dueWith(visitStay, { freeMinutes: benefits.freeMinutes, amountOff: benefits.amountOff - rate.amountFen });
          expect(oneBlockLess).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the monthly quota is never exceeded across any sequence of visits in a month', () => {
    fc.assert(
      fc.property(fc.constantFrom('gold', 'platinum'), fc.array(stayArbitrary, { minLength: 1, maxLength: 25 }), (tierId, stays) => {
        const membership = { ...silver, tierId };
        const quota = tierById(config, tierId).benefits.monthlyFreeHours * 60;
        // The adapter's counter: one per month, incremented by each visit's quotaMinutesUsed.
        const counters = new Map<string, number>();
        for (const visitStay of stays) {
          const month = benefitsAt({ membership, config, at: visitStay.exitAt, visitStay, monthlyUsage: null }).month;
          const used = counters.get(month) ?? 0;
          const benefits = benefitsAt({ membership, config, at: visitStay.exitAt, visitStay, monthlyUsage: { month, quotaMinutesUsed: used } });
          expect(benefits.quotaMinutesUsed).toBeGreaterThanOrEqual(0);
          expect(benefits.quotaMinutesLeft).toBe(quota - used - benefits.quotaMinutesUsed);
          counters.set(month, used + benefits.quotaMinutesUsed);
        }
        for (const used of counters.values()) expect(used).toBeLessThanOrEqual(quota);
      }),
      { numRuns: 200 },
    );
  });
});
