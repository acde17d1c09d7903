// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import { durationText } from '../pay/feeBreakdown.js';

/*
 * How home speaks of a car's stay. The fee comes from the last quote (refreshed every few
 * minutes: quotes are rate-limited); the duration runs on the phone's clock in between.
 */

/** Whole minutes from entry to now, never negative (a phone's clock may run behind). */
export const minutesSince = (enteredAt: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(enteredAt)) / 60_000));

/** "已停 2小时10分钟 · 待缴 ¥11.00", or what the driver may do when nothing is due. */
export const stayText = (stay: { enteredAt: string; due: number; paid: number }, now: Date): string => {
  const parked = `已停 ${durationText(minutesSince(stay.enteredAt, now))}`;
  if (stay.due > 0) return `${parked} · 待缴 ${formatYuan(stay.due)}`;
  return `${parked} · ${stay.paid > 0 ? '已缴费，请尽快离场' : '当前免费'}`;
};
