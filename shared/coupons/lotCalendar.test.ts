import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoLotCalendar, endOfLocalDay, holidayAt, localDate, localDateSchema, localMonth, lotCalendarSchema } from './index.js';

describe('lot calendar', () => {
  it('the demo calendar has the 2026 dates: a week before Mid-Autumn (25 Sep), a month before Spring Festival (17 Feb), National Day', () => {
    const names = (date: string) => holidayAt(`${date}T12:00:00+08:00`, demoLotCalendar)?.name ?? null;
    expect(names('2026-09-17')).toBeNull();
    expect(names('2026-09-18')).toBe('中秋节前一周');
    expect(names('2026-09-24')).toBe('中秋节前一周');
    expect(names('2026-09-25')).toBe('中秋节');
    expect(names('2026-01-16')).toBeNull();
    expect(names('2026-01-17')).toBe('春节前一个月');
    expect(names('2026-02-17')).toBe('春节');
    expect(names('2026-10-01')).toBe('国庆节');
    expect(names('2026-10-07')).toBe('国庆节');
    expect(names('2026-10-08')).toBeNull();
    expect(names('2027-01-05')).toBeNull();
    expect(names('2027-01-06')).toBe('春节前一个月');
    expect(names('2027-02-05')).toBe('春节前一个月');
  });

  it('a period starts at local midnight of its first day and ends at local midnight after its last', () => {
    expect(holidayAt('2026-09-30T15:59:59Z', demoLotCalendar)).toBeNull(); // 23:59:59 on 30 Sep in Shanghai
    expect(holidayAt('2026-09-30T16:00:00Z', demoLotCalendar)?.name).toBe('国庆节'); // 00:00 on 1 Oct
    expect(holidayAt('2026-10-07T15:59:59Z', demoLotCalendar)?.name).toBe('国庆节');
    expect(holidayAt('2026-10-07T16:00:00Z', demoLotCalendar)).toBeNull();
  });

  it('reads dates in the lot’s zone, not in UTC or the offset written', () => {
    const newYork = lotCalendarSchema.parse({ timezone: 'America/New_York', holidays: [{ name: 'July 4th', from: '2026-07-04', to: '2026-07-04' }] });
    expect(holidayAt('2026-07-05T03:59:00Z', newYork)?.name).toBe('July 4th'); // 23:59 EDT on the 4th
    expect(holidayAt('2026-07-05T04:00:00Z', newYork)).toBeNull();
    expect(holidayAt('2026-07-04T11:59:00+08:00', newYork)).toBeNull(); // 23:59 EDT on the 3rd
    expect(holidayAt('2026-07-04T11:59:00+08:00', { ...newYork, timezone: 'Asia/Shanghai' })?.name).toBe('July 4th');
  });

  it('any instant is in a one-day period exactly when its local date is that day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }), (t) => {
        const at = new Date(t).toISOString();
        const day = localDate(at, 'Asia/Shanghai');
        const calendar = { timezone: 'Asia/Shanghai', holidays: [{ name: 'd', from: day, to: day }] };
        expect(holidayAt(at, calendar)?.name).toBe('d');
        expect(holidayAt(new Date(t + 86_400_000).toISOString(), calendar)).toBeNull();
        expect(localDate(new Date(t + 8 * 3_600_000).toISOString(), 'UTC')).toBe(day);
      }),
    );
  });

  it('local months and the end of a local day, across a DST change', () => {
    expect(localMonth('2026-03-31T16:00:00Z', 'Asia/Shanghai')).toBe('2026-04');
    expect(localMonth('2026-03-31T15:59:59Z', 'Asia/Shanghai')).toBe('2026-03');
    expect(endOfLocalDay('2026-09-30', 'Asia/Shanghai')).toBe('2026-10-01T00:00:00+08:00');
    expect(endOfLocalDay('2026-03-07', 'America/New_York')).toBe('2026-03-08T00:00:00-05:00');
    expect(endOfLocalDay('2026-03-08', 'America/New_York')).toBe('2026-03-09T00:00:00-04:00');
    expect(endOfLocalDay('2026-10-31', 'Europe/London')).toBe('2026-11-01T00:00:00Z'.replace('Z', '+00:00'));
  });

  it('refuses periods that end before they start, impossible dates and unknown zones', () => {
    expect(lotCalendarSchema.safeParse({ holidays: [{ name: 'x', from: '2026-10-07', to: '2026-10-01' }] }).success).toBe(false);
    expect(lotCalendarSchema.safeParse({ holidays: [{ name: 'x', from: '2026-02-30', to: '2026-03-01' }] }).success).toBe(false);
    expect(lotCalendarSchema.safeParse({ timezone: '+08:00' }).success).toBe(false);
    expect(lotCalendarSchema.parse({})).toEqual({ timezone: 'Asia/Shanghai', holidays: [] });
  });
});

describe('localDateSchema', () => {
  it('accepts real dates and refuses anything else as invalid input, never by throwing', () => {
    expect(localDateSchema.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', 'abc', '-1', '', '2026-1-1']) expect(localDateSchema.safeParse(bad).success).toBe(false);
    fc.assert(fc.property(fc.string(), (text) => typeof localDateSchema.safeParse(text).success === 'boolean'));
  });
});
