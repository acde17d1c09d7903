import { describe, expect, it } from 'vitest';
import { addLocalDays, addLocalMonths, monthBounds, monthOf, nextMonth, periodBounds, periodOf, rollingWindow } from './clubCalendar.js';

const zone = 'Asia/Shanghai';
const iso = (t: number) => new Date(t).toISOString();

describe('local months', () => {
  it('an Asia/Shanghai month starts at 16:00Z on the last day of the previous month', () => {
    expect(monthOf('2026-02-28T15:59:59Z', zone)).toBe('2026-02');
    expect(monthOf('2026-02-28T16:00:00Z', zone)).toBe('2026-03');
    expect(monthOf('2026-03-31T23:59:59+08:00', zone)).toBe('2026-03');
    expect(monthOf('2026-04-01T00:00:00+08:00', zone)).toBe('2026-04');
    const bounds = monthBounds('2026-03', zone);
    expect(bounds).toEqual({ from: '2026-03-01T00:00:00+08:00', until: '2026-04-01T00:00:00+08:00' });
    expect(iso(Date.parse(bounds.from))).toBe('2026-02-28T16:00:00.000Z');
  });

  it('the year turns over in the lot’s zone, not in UTC', () => {
    expect(monthOf('2025-12-31T16:00:00Z', zone)).toBe('2026-01');
    expect(monthOf('2025-12-31T16:00:00Z', 'UTC')).toBe('2025-12');
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(monthBounds('2025-12', zone).until).toBe('2026-01-01T00:00:00+08:00');
  });

  it('months in a zone with daylight saving keep local midnight on both sides of the change', () => {
    expect(monthBounds('2026-03', 'America/New_York')).toEqual({ from: '2026-03-01T00:00:00-05:00', until: '2026-04-01T00:00:00-04:00' });
    expect(monthBounds('2026-11', 'Europe/London')).toEqual({ from: '2026-11-01T00:00:00+00:00', until: '2026-12-01T00:00:00+00:00' });
  });
});

describe('half-years', () => {
  it('H1 is January–June and H2 July–December, local', () => {
    expect(periodOf('2026-06-30T23:59:59+08:00', zone)).toBe('2026-H1');
    expect(periodOf('2026-06-30T16:00:00Z', zone)).toBe('2026-H2');
    expect(periodBounds('2026-H1', zone)).toEqual({ from: '2026-01-01T00:00:00+08:00', until: '2026-07-01T00:00:00+08:00' });
    expect(periodBounds('2026-H2', zone)).toEqual({ from: '2026-07-01T00:00:00+08:00', until: '2027-01-01T00:00:00+08:00' });
  });
});

describe('coverage arithmetic', () => {
  it('adds calendar months at the same local time, on the month’s last day when the day is missing', () => {
    expect(iso(addLocalMonths('2026-01-31T10:00:00+08:00', 1, zone))).toBe('2026-02-28T02:00:00.000Z');
    expect(iso(addLocalMonths('2028-01-31T10:00:00+08:00', 1, zone))).toBe('2028-02-29T02:00:00.000Z');
    expect(iso(addLocalMonths('2026-08-31T23:30:00+08:00', 6, zone))).toBe('2027-02-28T15:30:00.000Z');
    expect(iso(addLocalMonths('2026-03-01T00:00:00+08:00', 12, zone))).toBe('2027-02-28T16:00:00.000Z');
  });

  it('adds calendar days at the same local time', () => {
    expect(iso(addLocalDays('2026-07-31T10:00:00+08:00', 10, zone))).toBe('2026-08-10T02:00:00.000Z');
    // 10 days across the New York spring change are 10 × 24 h − 1 h.
    const start = Date.parse('2026-03-02T12:00:00-05:00');
    expect(addLocalDays(start, 10, 'America/New_York') - start).toBe((10 * 24 - 1) * 3_600_000);
  });

  it('the rolling window is the last N × 24 h', () => {
    expect(rollingWindow('2026-07-01T00:00:00+08:00', 90, zone)).toEqual({ from: '2026-04-02T00:00:00+08:00', until: '2026-07-01T00:00:00+08:00' });
  });
});
