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
  // How many bands cover each stretch between consecutive band edges (0, 1, or 2 for "more").
  const changes = new Map<number, number>([[0, 0], [minutesPerDay, 0]]);
  const add = (at: number, delta: number) => changes.set(at, (changes.get(at) ?? 0) + delta);
  for (const band of bands) {
    const from = minutesOfDay(band.from);
    const to = from + bandMinutes(band);
    add(from, 1);
    add(Math.min(to, minutesPerDay), -1);
    if (to > minutesPerDay) {
      add(0, 1);
      add(to - minutesPerDay, -1);
    }
  }
  const edges = [...changes.keys()].sort((a, b) => a - b);
  const runs: { from: number; to: number; kind: number }[] = [];
  let depth = 0;
  for (const [i, edge] of edges.slice(0, -1).entries()) {
    depth += changes.get(edge)!;
    const kind = Math.min(depth, 2);
    const last = runs.at(-1);
    if (last && last.kind === kind) last.to = edges[i + 1]!;
    else runs.push({ from: edge, to: edges[i + 1]!, kind });
  }
  // A run across midnight is one run.
  const first = runs[0]!;
  const last = runs.at(-1)!;
  if (runs.length > 1 && first.kind === last.kind) {
    first.from = last.from;
    runs.pop();
  }
  if (runs.length === 1 && first.kind !== 1) {
    return [first.kind === 0 ? 'bands leave the whole day uncovered' : 'bands overlap all day'];
  }
  return runs.flatMap(({ from, to, kind }) => {
    const span = `${clockTime(from)}–${clockTime(to)}`;
    if (kind === 0) return [`bands leave ${span} uncovered`];
    return kind === 2 ? [`bands overlap at ${span}`] : [];
  });
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
