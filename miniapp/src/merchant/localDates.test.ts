import { describe, expect, it } from 'vitest';
import { dateLabel, lotClock, lotToday, monthLabel, shiftDate, shiftMonth } from './localDates.js';

describe('the lot calendar of the day and month pickers', () => {
  it('today is the China date, also just after midnight there', () => {
    expect(lotToday(Date.parse('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
    expect(lotToday(Date.parse('2026-11-23T16:01:00Z'))).toBe('2026-11-24');
  });

  it('days and months step across month and year ends', () => {
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });

  it('labels', () => {
    expect(dateLabel('2026-11-23', '2026-11-23')).toBe('今天 11月23日');
    expect(dateLabel('2026-11-22', '2026-11-23')).toBe('昨天 11月22日');
    expect(dateLabel('2026-11-02', '2026-11-23')).toBe('11月2日');
    expect(monthLabel('2026-03')).toBe('2026年3月');
  });

  it('instants read in the lot zone whatever their offset', () => {
    expect(lotClock('2026-11-23T01:05:00Z')).toBe('09:05');
    expect(lotClock('2026-11-23T09:05:00+08:00')).toBe('09:05');
  });
});
