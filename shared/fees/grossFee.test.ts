import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designTariff } from './designTariff.test-support.js';
import { grossFee, quoteStay, ScheduleSchema, TariffSchema, type Schedule } from './index.js';
import { referenceGrossFee } from './referenceFee.test-support.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const clock = (minutes: number) => `${String(Math.trunc(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 1–4 bands tiling the day from random boundaries (a single band covers 00:00–24:00). */
const bandsArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 4 })
  .chain((edges) => {
    const sorted = [...edges].sort((a, b) => a - b);
    const spans: [string, string][] =
      sorted.length === 1 ? [['00:00', '24:00']] : sorted.map((from, i) => [clock(from), clock(sorted[(i + 1) % sorted.length]!)]);
    return fc.tuple(
      ...spans.map(([from, to]) =>
        fc.record(
          {
            from: fc.constant(from),
            to: fc.constant(to),
            unitMinutes: fc.oneof(fc.constantFrom(15, 30, 60, 7, 45, 90), fc.integer({ min: 1, max: 300 })),
            unitPrice: fc.integer({ min: 0, max: 500 }),
            cap: fc.integer({ min: 0, max: 2000 }),
          },
          { requiredKeys: ['from', 'to', 'unitMinutes', 'unitPrice'] },
        ),
      ),
    );
  });

const scheduleArbitrary: fc.Arbitrary<Schedule> = fc
  .record(
    {
      freeMinutes: fc.integer({ min: 0, max: 60 }),
      freeMinutesDeducted: fc.boolean(),
      first: fc.record({ minutes: fc.integer({ min: 1, max: 180 }), price: fc.integer({ min: 0, max: 1000 }) }),
      bands: bandsArbitrary,
      dailyCap: fc.integer({ min: 0, max: 8000 }),
      capWindow: fc.constantFrom('calendarDay', 'rolling24h'),
    },
    { requiredKeys: ['freeMinutes', 'freeMinutesDeducted', 'bands', 'capWindow'] },
  )
  .map((raw) => ScheduleSchema.parse(raw));

/** Zones with and without DST, one with a 30-minute shift, one that turns its clock back over midnight. */
const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago'];

/** Instants near 2026's DST changes in those zones, so stays cross them often. */
const aroundTransitions = [
  '2026-03-08T12:00:00Z',
  '2026-11-01T12:00:00Z',
  '2026-03-29T12:00:00Z',
  '2026-10-25T12:00:00Z',
  '2026-04-05T12:00:00Z',
  '2026-10-04T12:00:00Z',
  '2026-09-06T12:00:00Z',
].map(Date.parse);

const entryArbitrary = fc
  .tuple(fc.constantFrom(...aroundTransitions), fc.integer({ min: -2 * 86_400, max: 2 * 86_400 }))
  .map(([base, seconds]) => base + seconds * 1000);

const stayArbitrary = (maxSeconds: number) =>
  fc.record({
    schedule: scheduleArbitrary,
    timezone: fc.constantFrom(...zones),
    entry: entryArbitrary,
    seconds: fc.integer({ min: 0, max: maxSeconds }),
  });

describe('grossFee equals the naive unit-by-unit reference', () => {
  it('on random tariffs, zones and stays of up to two days', () => {
    fc.assert(
      fc.property(stayArbitrary(2 * 86_400), ({ schedule, timezone, entry, seconds }) => {
        const exit = entry + seconds * 1000;
        expect(grossFee(schedule, timezone, entry, exit)).toBe(referenceGrossFee(schedule, timezone, entry, exit));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('on stays of weeks, where whole days are skipped', () => {
    fc.assert(
      fc.property(stayArbitrary(30 * 86_400), ({ schedule, timezone, entry, seconds }) => {
        const exit = entry + (7 * 86_400 + seconds) * 1000;
        expect(grossFee(schedule, timezone, entry, exit)).toBe(referenceGrossFee(schedule, timezone, entry, exit));
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it("on DESIGN.md's tariff for a month", () => {
    const schedule = TariffSchema.parse(designTariff).schedules.default;
    const entry = Date.parse('2026-03-01T07:20:00+08:00');
    const exit = entry + 31 * day + 5 * hour;
    expect(grossFee(schedule, 'Asia/Shanghai', entry, exit)).toBe(referenceGrossFee(schedule, 'Asia/Shanghai', entry, exit));
  }, 60_000);
});

describe('grossFee across daylight-saving changes (America/New_York)', () => {
  // A band 01:00–02:00 with a cap; the night of the fall-back change lives through it twice.
  const schedule = ScheduleSchema.parse({
    freeMinutes: 0,
    bands: [
      { from: '00:00', to: '01:00', unitMinutes: 60, unitPrice: 100 },
      { from: '01:00', to: '02:00', unitMinutes: 30, unitPrice: 100, cap: 300 },
      { from: '02:00', to: '24:00', unitMinutes: 60, unitPrice: 100 },
    ],
    dailyCap: 2000,
  });
  const zone = 'America/New_York';

  it('01:00–02:00 happening twice on 1 Nov 2026 is one continuous stretch of the band, capped once', () => {
    // 00:00 EDT; 01:00, 01:30 EDT and 01:00, 01:30 EST (4 × 100 capped to 300); 02:00 EST.
    const entry = Date.parse('2026-11-01T00:00:00-04:00');
    const exit = Date.parse('2026-11-01T03:00:00-05:00');
    expect(grossFee(schedule, zone, entry, exit)).toBe(500);
    expect(referenceGrossFee(schedule, zone, entry, exit)).toBe(500);
  });

  it('the 25-hour day of 1 Nov 2026 has one daily cap, the 23-hour day of 8 Mar 2026 too', () => {
    const fall = [Date.parse('2026-11-01T00:00:00-04:00'), Date.parse('2026-11-02T00:00:00-05:00')] as const;
    const spring = [Date.parse('2026-03-08T00:00:00-05:00'), Date.parse('2026-03-09T00:00:00-04:00')] as const;
    expect(fall[1] - fall[0]).toBe(25 * hour);
    expect(spring[1] - spring[0]).toBe(23 * hour);
    // 1 Nov: 00:00, the band (300), then 02:00 … 23:00 EST = 22 units → 100 + 300 + 2200 capped at 2000.
    expect(grossFee(schedule, zone, ...fall)).toBe(2000);
    // 8 Mar: 00:00, 01:00 and 01:30 (200), then 03:00 … 23:00 EDT = 21 units → 2400 capped at 2000.
    expect(grossFee(schedule, zone, ...spring)).toBe(2000);
    expect(grossFee(schedule, zone, spring[0], spring[0] + 3 * hour)).toBe(400);
  });

  it('agrees with the reference on every start minute over both changes', () => {
    for (const change of ['2026-03-08T02:00:00-05:00', '2026-11-01T01:00:00-04:00']) {
      for (let start = Date.parse(change) - 3 * hour; start <= Date.parse(change) + 3 * hour; start += 10 * minute) {
        const exit = start + 5 * hour + 17 * minute;
        expect(grossFee(schedule, zone, start, exit)).toBe(referenceGrossFee(schedule, zone, start, exit));
      }
    }
  });
});

describe('grossFee properties', () => {
  it('is never negative and never falls as the exit gets later', () => {
    fc.assert(
      fc.property(stayArbitrary(3 * 86_400), fc.integer({ min: 0, max: 86_400 }), ({ schedule, timezone, entry, seconds }, more) => {
        const exit = entry + seconds * 1000;
        const fee = grossFee(schedule, timezone, entry, exit);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(grossFee(schedule, timezone, entry, exit + more * 1000)).toBeGreaterThanOrEqual(fee);
      }),
      { numRuns: 300 },
    );
  });

  // In fixed-offset zones band occurrences and calendar days have plain local boundaries, and
  // fee(entry, b) − fee(entry, a) is what the units starting in [a, b) were charged.
  const fixedOffsetStay = fc.record({
    schedule: scheduleArbitrary,
    timezone: fc.constantFrom('Asia/Shanghai', 'UTC'),
    entry: entryArbitrary,
    days: fc.integer({ min: 1, max: 40 }),
  });

  it('charges no calendar day more than dailyCap', () => {
    fc.assert(
      fc.property(fixedOffsetStay, ({ schedule, timezone, entry, days }) => {
        const offset = timezone === 'UTC' ? 0 : 8 * hour;
        const fee = (until: number) => grossFee(schedule, timezone, entry, until);
        const firstMidnight = Math.ceil((entry + offset) / day) * day - offset;
        const afterFree = entry + schedule.freeMinutes * minute;
        for (let midnight = firstMidnight; midnight < entry + days * day; midnight += day) {
          if (schedule.capWindow !== 'calendarDay' || schedule.dailyCap === undefined || midnight <= afterFree) continue;
          expect(fee(midnight + day) - fee(midnight)).toBeLessThanOrEqual(schedule.dailyCap);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('charges no band occurrence more than its cap', () => {
    fc.assert(
      fc.property(fixedOffsetStay, ({ schedule, timezone, entry, days }) => {
        const offset = timezone === 'UTC' ? 0 : 8 * hour;
        const fee = (until: number) => grossFee(schedule, timezone, entry, until);
        const afterFree = entry + schedule.freeMinutes * minute;
        const localMidnightBefore = Math.floor((entry + offset) / day) * day - offset;
        for (const band of schedule.bands) {
          const from = (Number(band.from.slice(0, 2)) * 60 + Number(band.from.slice(3))) * minute;
          const to = (Number(band.to.slice(0, 2)) * 60 + Number(band.to.slice(3))) * minute;
          const length = to > from ? to - from : to - from + day;
          if (band.cap === undefined || length === day) continue;
          for (let start = localMidnightBefore + from; start < entry + days * day; start += day) {
            if (start <= afterFree) continue;
            expect(fee(start + length) - fee(start)).toBeLessThanOrEqual(band.cap);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('quote properties', () => {
  const couponArbitrary = fc.oneof(
    fc.record({ kind: fc.constant('minutes'), value: fc.integer({ min: 0, max: 600 }) }),
    fc.record({ kind: fc.constant('amount'), value: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ kind: fc.constant('percent'), value: fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100) }),
    fc.constant({ kind: 'full' }),
  );
  const quoteArbitrary = fc.record({
    entry: entryArbitrary,
    seconds: fc.integer({ min: 0, max: 3 * 86_400 }),
    coupons: fc.array(couponArbitrary, { maxLength: 4 }),
    extra: couponArbitrary,
    timezone: fc.constantFrom(...zones),
  });
  const request = (entry: number, seconds: number, coupons: unknown[], timezone: string) => ({
    tariff: { ...designTariff, timezone },
    enteredAt: new Date(entry).toISOString(),
    exitAt: new Date(entry + seconds * 1000).toISOString(),
    coupons,
  });

  it('coupons never raise the fee, and one more coupon never raises it either', () => {
    fc.assert(
      fc.property(quoteArbitrary, ({ entry, seconds, coupons, extra, timezone }) => {
        const quote = quoteStay(request(entry, seconds, coupons, timezone));
        expect(quote.netFee).toBeGreaterThanOrEqual(0);
        expect(quote.netFee).toBeLessThanOrEqual(quote.grossFee);
        expect(quote.discount).toBe(quote.grossFee - quote.netFee);
        expect(quoteStay(request(entry, seconds, [...coupons, extra], timezone)).netFee).toBeLessThanOrEqual(quote.netFee);
      }),
      { numRuns: 300 },
    );
  });

  it('the net fee never falls as the exit gets later, whatever the coupons', () => {
    fc.assert(
      fc.property(quoteArbitrary, fc.integer({ min: 0, max: 86_400 }), ({ entry, seconds, coupons, timezone }, more) => {
        const earlier = quoteStay(request(entry, seconds, coupons, timezone));
        const later = quoteStay(request(entry, seconds + more, coupons, timezone));
        expect(later.netFee).toBeGreaterThanOrEqual(earlier.netFee);
        expect(later.due).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
