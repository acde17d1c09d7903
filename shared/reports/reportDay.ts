import { endOfLocalDay, localDate, localDateSchema, type LocalDate } from '../coupons/index.js';
import { DAY, formatInstant } from '../fees/index.js';

/** One local day of one lot: what a daily report covers, as instants [start, end). */
export interface ReportDay {
  lotId: string;
  date: LocalDate;
  timezone: string;
  /** Epoch milliseconds of the local midnight that starts the day. */
  start: number;
  /** Epoch milliseconds of the next local midnight. */
  end: number;
}

const dayBefore = (date: LocalDate): LocalDate => new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);

export const reportDay = (lotId: string, date: string, timezone: string): ReportDay => {
  const day = localDateSchema.parse(date);
  return { lotId, date: day, timezone, start: Date.parse(endOfLocalDay(dayBefore(day), timezone)), end: Date.parse(endOfLocalDay(day, timezone)) };
};

/** The day a nightly run reports on: the lot's local day before the one `now` falls in. */
export const previousLocalDay = (now: Date, timezone: string): LocalDate => dayBefore(localDate(now.getTime(), timezone));

export const isDuring = (day: ReportDay, instant: string | undefined): boolean => {
  if (instant === undefined) return false;
  const t = Date.parse(instant);
  return t >= day.start && t < day.end;
};

/** The day's local hours as [start, end) instants with their local clock label ("08:00"); 23 or 25 across a DST change. */
export const hoursOf = (day: ReportDay): { label: string; start: number; end: number }[] => {
  const hours: { label: string; start: number; end: number }[] = [];
  for (let start = day.start; start < day.end; start += 3_600_000) {
    hours.push({ label: formatInstant(start, day.timezone).slice(11, 16), start, end: Math.min(start + 3_600_000, day.end) });
  }
  return hours;
};
