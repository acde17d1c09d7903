import { z } from 'zod';
import { formatInstant, isTimeZone, offsetAt } from '../fees/index.js';

/*
 * The lot's calendar: the days, months and holiday periods coupons depend on, always read in the
 * lot's time zone (a grant at 23:30 UTC on 30 September is a grant on 1 October in Shanghai).
 */

/** A calendar date, `2026-09-25`, that exists. */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-09-25' })
  // zod runs this refine even when the regex failed: an unparseable date is not a real date, not a RangeError.
  .refine((date) => {
    const midnight = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(date);
  }, { message: 'must be a real date' });

export type LocalDate = z.infer<typeof localDateSchema>;

export const timeZoneSchema = z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' });

export const holidayPeriodSchema = z
  .object({
    /** Shown to staff and on statements, e.g. "中秋节前一周". */
    name: z.string().min(1).max(40),
    /** First and last local date of the period, both included. */
    from: localDateSchema,
    to: localDateSchema,
  })
  .refine((period) => period.from <= period.to, { message: 'must not end before it starts', path: ['to'] });

export type HolidayPeriod = z.infer<typeof holidayPeriodSchema>;

/** Lot configuration: its zone and the holiday periods that raise spend-threshold coupons. */
export const lotCalendarSchema = z.object({
  timezone: timeZoneSchema.default('Asia/Shanghai'),
  holidays: z.array(holidayPeriodSchema).default([]),
});

export type LotCalendar = z.infer<typeof lotCalendarSchema>;

const localInstant = (at: string | number, timezone: string): string =>
  formatInstant(typeof at === 'number' ? at : Date.parse(at), timezone);

/** The lot's local date of an instant: "2026-09-25". */
export const localDate = (at: string | number, timezone: string): LocalDate => localInstant(at, timezone).slice(0, 10);

/** The lot's local month of an instant: "2026-09" (ledger entries and statements are filed by it). */
export const localMonth = (at: string | number, timezone: string): string => localInstant(at, timezone).slice(0, 7);

/** The instant a local date ends (the next local midnight), as ISO with the lot's offset. */
export const endOfLocalDay = (date: LocalDate, timezone: string): string => {
  const nextMidnight = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  // Two rounds settle the offset even when the day ends across a DST change.
  const guess = nextMidnight - offsetAt(timezone, nextMidnight);
  return formatInstant(nextMidnight - offsetAt(timezone, guess), timezone);
};

/** The holiday period the lot is in at `at`, or null. */
export const holidayAt = (at: string, calendar: LotCalendar): HolidayPeriod | null => {
  const date = localDate(at, calendar.timezone);
  return calendar.holidays.find((period) => period.from <= date && date <= period.to) ?? null;
};

/**
 * A demo lot's holiday periods (Asia/Shanghai): the week before Mid-Autumn, the month before
 * Spring Festival, and the public holidays as the State Council set them for 2026. 2027's
 * public holidays are not announced yet; only the month before Spring Festival is known.
 */
export const demoLotCalendar: LotCalendar = lotCalendarSchema.parse({
  timezone: 'Asia/Shanghai',
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节前一个月', from: '2026-01-17', to: '2026-02-16' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '中秋节前一周', from: '2026-09-18', to: '2026-09-24' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    { name: '春节前一个月', from: '2027-01-06', to: '2027-02-05' },
  ],
});
