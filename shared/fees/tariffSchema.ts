import { z } from 'zod';
import { fenSchema } from '../money/index.js';
import { isTimeZone } from './zoneClock.js';

const minutesPerDay = 1440;

/** "HH:MM" → minutes since midnight; "24:00" → 1440. */
export const minutesOfDay = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const clockTime = (time: number): string =>
  `${String(Math.trunc(time / 60)).padStart(2, '0')}:${String(time % 60).padStart(2, '0')}`;

/** How long a band lasts in minutes: `from` > `to` wraps midnight; never 0 (refused as empty). */
export const bandMinutes = (band: { from: string; to: string }): number => {
  const length = minutesOfDay(band.to) - minutesOfDay(band.from);
  return length > 0 ? length : length + minutesPerDay;
};

const wholeMinutes = (what: string) =>
  z.int({ message: `${what} must be a whole number of minutes` }).nonnegative({ message: `${what} must not be negative` });

const positiveMinutes = (what: string) => wholeMinutes(what).positive({ message: `${what} must be more than 0` });

const BandSchema = z
  .object({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM between 00:00 and 23:59' }),
    to: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'must be HH:MM between 00:00 and 24:00' }),
    unitMinutes: positiveMinutes('unitMinutes'),
    unitPrice: fenSchema,
    cap: fenSchema.optional(),
  })
  .refine((band) => band.from !== band.to, {
    message: 'band is empty: from and to are the same time (use 00:00 to 24:00 for the whole day)',
    path: ['to'],
  });

export type Band = z.infer<typeof BandSchema>;

/**
 * Where the bands fail to cover the day exactly once, e.g. "bands overlap at 21:00–22:00" or
 * "bands leave 03:00–04:00 uncovered"; empty when they tile the 24 hours.
 */
export const bandCoverageProblems = (bands: readonly Band[]): string[] => {
  const cover = new Array<number>(minutesPerDay).fill(0);
  for (const band of bands) {
    const from = minutesOfDay(band.from);
    for (let minute = 0; minute < bandMinutes(band); minute += 1) cover[(from + minute) % minutesPerDay]! += 1;
  }
  // Read runs starting just after a change so a run across midnight is reported as one.
  const kindOf = (count: number) => Math.min(count, 2);
  const start = cover.findIndex((count, minute) => kindOf(count) !== kindOf(cover.at(minute - 1)!));
  if (start === -1) return kindOf(cover[0]!) === 1 ? [] : [kindOf(cover[0]!) === 0 ? 'bands leave the whole day uncovered' : 'bands overlap all day'];
  const problems: string[] = [];
  let runStart = start;
  for (let step = 1; step <= minutesPerDay; step += 1) {
    const minute = (start + step) % minutesPerDay;
    const previous = (minute + minutesPerDay - 1) % minutesPerDay;
    if (step < minutesPerDay && kindOf(cover[minute]!) === kindOf(cover[previous]!)) continue;
    const kind = kindOf(cover[previous]!);
    const span = `${clockTime(runStart)}–${clockTime(minute === 0 ? minutesPerDay : minute)}`;
    if (kind === 0) problems.push(`bands leave ${span} uncovered`);
    if (kind === 2) problems.push(`bands overlap at ${span}`);
    runStart = minute;
  }
  return problems;
};

export const ScheduleSchema = z.object({
  freeMinutes: wholeMinutes('freeMinutes'),
  freeMinutesDeducted: z.boolean().default(false),
  first: z.object({ minutes: positiveMinutes('first.minutes'), price: fenSchema }).optional(),
  bands: z
    .array(BandSchema)
    .min(1, { message: 'needs at least one band' })
    .superRefine((bands, context) => {
      for (const message of bandCoverageProblems(bands)) context.addIssue({ code: 'custom', message });
    }),
  dailyCap: fenSchema.optional(),
  capWindow: z.enum(['calendarDay', 'rolling24h']).default('calendarDay'),
});

export type Schedule = z.infer<typeof ScheduleSchema>;

/** A lot's tariff exactly as DESIGN.md "Fees" pins it. */
export const TariffSchema = z.object({
  timezone: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }),
  exitGraceMinutes: wholeMinutes('exitGraceMinutes'),
  schedules: z
    .object({
      default: ScheduleSchema,
      large: ScheduleSchema.optional(),
      newEnergy: ScheduleSchema.optional(),
    })
    .catchall(ScheduleSchema),
});

export type Tariff = z.infer<typeof TariffSchema>;

/** The schedule for a vehicle class: its own, or the default one. */
export const scheduleFor = (tariff: Tariff, vehicleClass: string): Schedule =>
  (Object.hasOwn(tariff.schedules, vehicleClass) ? tariff.schedules[vehicleClass] : undefined) ?? tariff.schedules.default;
