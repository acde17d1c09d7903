import { z } from 'zod';
import { formatInstant } from '../fees/index.js';
import { DAY, offsetAt } from '../fees/index.js';

/*
 * The club's calendar, in the lot's time zone: quota months and activity months are local
 * calendar months, review periods are local half-years (Jan–Jun = H1, Jul–Dec = H2), coverage
 * periods are local calendar months added to a local date-time. In Asia/Shanghai a month starts
 * at 16:00Z on the last day of the previous month.
 */

/** A local calendar month, e.g. `2026-03`. */
export const monthKeySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month such as 2026-03' });
export type MonthKey = z.infer<typeof monthKeySchema>;

/** A local half-year, e.g. `2026-H1` (January–June) or `2026-H2` (July–December). */
export const periodKeySchema = z.string().regex(/^\d{4}-H[12]$/, { message: 'must be a half-year such as 2026-H1' });
export type PeriodKey = z.infer<typeof periodKeySchema>;

/** [from, until) as ISO instants in the zone's local offset. */
export interface Interval {
  from: string;
  until: string;
}

/** The instant whose local wall-clock reading is `local` (ms since the epoch, read as UTC). */
const instantOfLocal = (local: number, zone: string): number => {
  const guess = local - offsetAt(zone, local);
  return local - offsetAt(zone, guess);
};

const localFields = (t: number, zone: string) => {
  const local = new Date(t + offsetAt(zone, t));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate(), timeOfDay: local.getTime() % DAY };
};

const pad = (value: number): string => String(value).padStart(2, '0');
const monthKey = (year: number, month: number): MonthKey => `${year}-${pad(month + 1)}`;
const parseMonth = (month: MonthKey): { year: number; month: number } => ({
  year: Number(month.slice(0, 4)),
  month: Number(month.slice(5, 7)) - 1,
});
const localMonthStart = (year: number, month: number, zone: string): number => instantOfLocal(Date.UTC(year, month, 1), zone);

/** The local calendar month of an instant. */
export const monthOf = (at: string | number, zone: string): MonthKey => {
  const { year, month } = localFields(typeof at === 'number' ? at : Date.parse(at), zone);
  return monthKey(year, month);
};

/** The month after `month`. */
export const nextMonth = (month: MonthKey): MonthKey => {
  const { year, month: index } = parseMonth(month);
  return index === 11 ? monthKey(year + 1, 0) : monthKey(year, index + 1);
};

/** Local midnight of the 1st to local midnight of the next 1st. */
export const monthBounds = (month: MonthKey, zone: string): Interval => {
  const { year, month: index } = parseMonth(month);
  return {
    from: formatInstant(localMonthStart(year, index, zone), zone),
    until: formatInstant(localMonthStart(year, index + 1, zone), zone),
  };
};

/** The local half-year of an instant. */
export const periodOf = (at: string | number, zone: string): PeriodKey => {
  const { year, month } = localFields(typeof at === 'number' ? at : Date.parse(at), zone);
  return `${year}-H${month < 6 ? 1 : 2}`;
};

/** 1 January or 1 July, local midnight, to the next half-year's start. */
export const periodBounds = (period: PeriodKey, zone: string): Interval => {
  const year = Number(period.slice(0, 4));
  const firstMonth = period.endsWith('H1') ? 0 : 6;
  return {
    from: formatInstant(localMonthStart(year, firstMonth, zone), zone),
    until: formatInstant(localMonthStart(year, firstMonth + 6, zone), zone),
  };
};

/**
 * The same local date-time `months` calendar months later, on the last day of the month when the
 * day does not exist there (31 January + 1 month = 28 or 29 February).
 */
export const addLocalMonths = (at: string | number, months: number, zone: string): number => {
  const { year, month, day, timeOfDay } = localFields(typeof at === 'number' ? at : Date.parse(at), zone);
  const lastDay = new Date(Date.UTC(year, month + months + 1, 0)).getUTCDate();
  return instantOfLocal(Date.UTC(year, month + months, Math.min(day, lastDay)) + timeOfDay, zone);
};

/** The same local time of day `days` calendar days later. */
export const addLocalDays = (at: string | number, days: number, zone: string): number => {
  const { year, month, day, timeOfDay } = localFields(typeof at === 'number' ? at : Date.parse(at), zone);
  return instantOfLocal(Date.UTC(year, month, day + days) + timeOfDay, zone);
};

/** The rolling window of `days` days ending at `until` (exclusive): what tier qualification counts. */
export const rollingWindow = (until: string | number, days: number, zone: string): Interval => {
  const end = typeof until === 'number' ? until : Date.parse(until);
  return { from: formatInstant(end - days * DAY, zone), until: formatInstant(end, zone) };
};
