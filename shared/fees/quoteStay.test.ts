import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { designTariff } from './designTariff.test-support.js';
import { explainStay, quoteStay } from './index.js';

/** A local time in March 2026 at +08:00: at('01', '09:15:30'). */
const at = (day: string, time: string) => `2026-03-${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

const stay = (enteredAt: string, exitAt: string, extra: Record<string, unknown> = {}) => ({
  tariff: designTariff,
  enteredAt,
  exitAt,
  ...extra,
});

const validationFailure = (raw: unknown): DomainError => {
  try {
    quoteStay(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return error as DomainError;
  }
  throw new Error('expected quoteStay to refuse the input');
};

const problemPaths = (error: DomainError) => (error.details as { issues: { path: string }[] }).issues.map(({ path }) => path);

describe("DESIGN.md's worked examples", () => {
  it.each([
    ['09:00→09:10 is within the free minutes', at('01', '09:00'), at('01', '09:10'), 0],
    ['09:00→09:15:30 bills 16 minutes: the first hour', at('01', '09:00'), at('01', '09:15:30'), 500],
    ['09:00→11:10 is the first hour and three day units', at('01', '09:00'), at('01', '11:10'), 1100],
    ['21:00→23:30 is the first hour and two night units', at('01', '21:00'), at('01', '23:30'), 700],
    ['20:00→next day 10:00 caps the night at ¥10', at('01', '20:00'), at('02', '10:00'), 2700],
    ['08:00→22:00 stops at the daily cap', at('01', '08:00'), at('01', '22:00'), 5000],
    ['07:00 on the 1st → 07:00 on the 3rd caps each calendar day', at('01', '07:00'), at('03', '07:00'), 10700],
  ])('%s: %s → %s = %d fen', (_, enteredAt, exitAt, fee) => {
    expect(quoteStay(stay(enteredAt, exitAt))).toMatchObject({ grossFee: fee, netFee: fee, discount: 0, due: fee });
  });

  it('09:00→09:15:30 counts 16 billable minutes', () => {
    expect(quoteStay(stay(at('01', '09:00'), at('01', '09:15:30'))).billableMinutes).toBe(16);
  });

  it('09:00→13:00 with coupons of 60 minutes, ¥3 and 15 % nets 850', () => {
    const coupons = [
      { kind: 'minutes', value: 60 },
      { kind: 'amount', value: 300 },
      { kind: 'percent', value: 15 },
    ];
    expect(quoteStay(stay(at('01', '09:00'), at('01', '13:00'), { coupons }))).toEqual({
      chargedUntil: at('01', '13:00'),
      billableMinutes: 240,
      grossFee: 1700,
      discount: 850,
      netFee: 850,
      paid: 0,
      due: 850,
    });
  });

  it('09:00→11:40 after paying 1100 covering until 11:08 leaves 200 due (grace ended at 11:23)', () => {
    const payments = [{ amount: 1100, coversUntil: at('01', '11:08') }];
    expect(quoteStay(stay(at('01', '09:00'), at('01', '11:40'), { payments }))).toEqual({
      chargedUntil: at('01', '11:40'),
      billableMinutes: 160,
      grossFee: 1300,
      discount: 0,
      netFee: 1300,
      paid: 1100,
      due: 200,
    });
  });
});

describe('quoteStay', () => {
  it('answers exactly the seven pinned fields, chargedUntil in the lot time zone', () => {
    const quote = quoteStay(stay('2026-03-01T01:00:00Z', '2026-03-01T03:10:00Z'));
    expect(quote).toEqual({
      chargedUntil: '2026-03-01T11:10:00+08:00',
      billableMinutes: 130,
      grossFee: 1100,
      discount: 0,
      netFee: 1100,
      paid: 0,
      due: 1100,
    });
  });

  it('uses the schedule of the vehicle class, or the default one when the class has none', () => {
    const large = { ...designTariff.schedules.default, first: { minutes: 60, price: 1000 } };
    const tariff = { ...designTariff, schedules: { ...designTariff.schedules, large } };
    const quote = (vehicleClass: string) => quoteStay({ ...stay(at('01', '09:00'), at('01', '09:30')), tariff, vehicleClass }).grossFee;
    expect(quote('large')).toBe(1000);
    expect(quote('newEnergy')).toBe(500);
    expect(quote('toString')).toBe(500);
  });

  describe('exit grace after a payment', () => {
    const payments = [{ amount: 1100, coversUntil: at('01', '11:08') }];

    it.each([
      ['inside the grace', at('01', '11:20')],
      ['at the end of the grace', at('01', '11:23')],
      ['before the paid-until instant', at('01', '10:30')],
    ])('leaving %s owes nothing and is charged until the paid instant', (_, exitAt) => {
      expect(quoteStay(stay(at('01', '09:00'), exitAt, { payments }))).toEqual({
        chargedUntil: at('01', '11:08'),
        billableMinutes: 128,
        grossFee: 1100,
        discount: 0,
        netFee: 1100,
        paid: 1100,
        due: 0,
      });
    });

    it('uses the latest coversUntil of several payments and sums what was paid', () => {
      const two = [...payments, { amount: 200, coversUntil: at('01', '11:40') }];
      expect(quoteStay(stay(at('01', '09:00'), at('01', '11:50'), { payments: two }))).toMatchObject({
        chargedUntil: at('01', '11:40'),
        netFee: 1300,
        paid: 1300,
        due: 0,
      });
    });

    it('never makes due negative when more was paid than is owed', () => {
      const overpaid = [{ amount: 5000, coversUntil: at('01', '09:30') }];
      expect(quoteStay(stay(at('01', '09:00'), at('01', '09:30'), { payments: overpaid })).due).toBe(0);
    });
  });

  describe('discounts', () => {
    const morning = (extra: Record<string, unknown>) => quoteStay(stay(at('01', '09:00'), at('01', '11:10'), extra));

    it('an exempt vehicle pays nothing', () => {
      expect(morning({ exempt: true })).toMatchObject({ grossFee: 1100, discount: 1100, netFee: 0, due: 0 });
    });

    it('a full coupon waives the fee whatever other coupons say', () => {
      expect(morning({ coupons: [{ kind: 'amount', value: 100 }, { kind: 'full' }] })).toMatchObject({ netFee: 0, discount: 1100 });
    });

    it('minutes coupons are summed and move the exit earlier, free minutes included', () => {
      // 130 minutes − 120 minutes leaves 10 minutes: inside the 15 free minutes.
      const coupons = [{ kind: 'minutes', value: 60 }, { kind: 'minutes', value: 60 }];
      expect(morning({ coupons })).toMatchObject({ grossFee: 1100, netFee: 0, billableMinutes: 130 });
    });

    it('minutes coupons longer than the stay stop at the entry', () => {
      expect(morning({ coupons: [{ kind: 'minutes', value: 10_000 }] }).netFee).toBe(0);
    });

    it('amount coupons are summed and never take the fee below 0', () => {
      expect(morning({ coupons: [{ kind: 'amount', value: 300 }, { kind: 'amount', value: 200 }] }).netFee).toBe(600);
      expect(morning({ coupons: [{ kind: 'amount', value: 2000 }] }).netFee).toBe(0);
    });

    it('only the largest percent coupon applies, and the fee is rounded down to the fen', () => {
      // 09:00→09:30: 500 fen; 33 % off leaves 335 fen; the 10 % coupon does not add to it.
      const quote = quoteStay(stay(at('01', '09:00'), at('01', '09:30'), { coupons: [{ kind: 'percent', value: 10 }, { kind: 'percent', value: 33 }] }));
      expect(quote).toMatchObject({ netFee: 335, discount: 165 });
      const odd = quoteStay(stay(at('01', '09:00'), at('01', '10:30'), { coupons: [{ kind: 'percent', value: 12.5 }] }));
      // 09:00→10:30 is 700 fen; × 87.5 % = 612.5 → 612.
      expect(odd.netFee).toBe(612);
    });
  });

  it('explainStay lists each discount it applied, in order, beside the same quote', () => {
    const raw = stay(at('01', '09:00'), at('01', '13:00'), {
      coupons: [
        { kind: 'percent', value: 15 },
        { kind: 'amount', value: 300 },
        { kind: 'minutes', value: 60 },
      ],
    });
    const { discounts, ...quote } = explainStay(raw);
    expect(quote).toEqual(quoteStay(raw));
    expect(discounts).toEqual([
      { kind: 'minutes', value: 60, amount: 400 },
      { kind: 'amount', value: 300, amount: 300 },
      { kind: 'percent', value: 15, amount: 150 },
    ]);
  });
});

describe('quoteStay refuses invalid input with VALIDATION_FAILED naming the field', () => {
  const morning = stay(at('01', '09:00'), at('01', '11:10'));

  it.each([
    ['an exit before the entry', { ...morning, exitAt: at('01', '08:59') }, 'exitAt'],
    ['an instant without an offset', { ...morning, enteredAt: '2026-03-01T09:00:00' }, 'enteredAt'],
    ['an impossible date', { ...morning, exitAt: '2026-02-30T09:00:00+08:00' }, 'exitAt'],
    ['a percent over 100', { ...morning, coupons: [{ kind: 'percent', value: 101 }] }, 'coupons.0.value'],
    ['a negative percent', { ...morning, coupons: [{ kind: 'percent', value: -5 }] }, 'coupons.0.value'],
    ['negative minutes', { ...morning, coupons: [{ kind: 'minutes', value: -60 }] }, 'coupons.0.value'],
    ['a fraction of a fen', { ...morning, coupons: [{ kind: 'amount', value: 1.5 }] }, 'coupons.0.value'],
    ['an unknown coupon kind', { ...morning, coupons: [{ kind: 'free', value: 1 }] }, 'coupons.0.kind'],
    ['a negative payment', { ...morning, payments: [{ amount: -1, coversUntil: at('01', '10:00') }] }, 'payments.0.amount'],
    ['a payment covering until before the entry', { ...morning, payments: [{ amount: 1, coversUntil: at('01', '08:00') }] }, 'payments.0.coversUntil'],
    ['a missing tariff', { ...morning, tariff: undefined }, 'tariff'],
    ['exempt that is not a boolean', { ...morning, exempt: 'yes' }, 'exempt'],
  ])('%s', (_, raw, path) => {
    expect(problemPaths(validationFailure(raw))).toContain(path);
  });

  it.each([null, [], 'stay', 42])('%j is not a quote request', (raw) => {
    validationFailure(raw);
  });

  it('says what is wrong in the message', () => {
    const error = validationFailure({ ...morning, exitAt: at('01', '08:59') });
    expect(error.message).toBe('Invalid quote request: exitAt: must not be before enteredAt');
  });
});
