import { lotTimeText } from '../pay/feeBreakdown.js';

/*
 * Dates of the lot's calendar for the day and month pickers. Chinese car parks keep China
 * Standard Time (UTC+8, no daylight saving), and the API answers local dates in that zone; these
 * only step through them, so plain UTC arithmetic on the date's own fields is exact.
 */

const lotOffsetMs = 8 * 3_600_000;

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const dateMs = (date: string): number => {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!);
};

/** Today in the lot's zone, `yyyy-mm-dd`. */
export const lotToday = (now: number): string => isoDate(now + lotOffsetMs);

/** `date` moved by whole days. */
export const shiftDate = (date: string, days: number): string => isoDate(dateMs(date) + days * 86_400_000);

/** `yyyy-mm` moved by whole months. */
export const shiftMonth = (month: string, months: number): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  const index = year! * 12 + (monthNumber! - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** "2026-11-23" → "11月23日", with 今天/昨天 when it is one of those. */
export const dateLabel = (date: string, today: string): string => {
  const [, month, day] = date.split('-').map(Number);
  const plain = `${month}月${day}日`;
  if (date === today) return `今天 ${plain}`;
  if (date === shiftDate(today, -1)) return `昨天 ${plain}`;
  return plain;
};

/** "2026-11" → "2026年11月". */
export const monthLabel = (month: string): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  return `${year}年${monthNumber}月`;
};

/** An instant's clock time in the lot's zone, "14:05". */
export const lotClock = (instant: string): string => lotTimeText(instant).slice(11);
