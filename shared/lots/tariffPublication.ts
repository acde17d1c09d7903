import { z } from 'zod';
import { DomainError, describeIssues, type FieldProblem } from '../errors/index.js';
import { quoteStay, TariffSchema, type Quote, type Tariff } from '../fees/index.js';
import { instantSchema } from '../sessions/index.js';

/*
 * Publishing a lot's tariff (issue 8): a version is a tariff with the instant it takes effect;
 * the version in effect at an instant is the newest effective at or before it. Publishing never
 * rewrites what was in effect: a version takes effect now or later, and one instant holds one
 * version. Before publishing, an administrator validates a draft and previews what sample stays
 * would cost under it and under the tariff in effect.
 */

/** Every problem of a draft tariff (empty: it can be published), and the lot-level ones. */
export const tariffProblems = (draft: unknown, lot: { timezone: string }): FieldProblem[] => {
  const parsed = TariffSchema.safeParse(draft);
  if (!parsed.success) return describeIssues(parsed.error);
  return parsed.data.timezone === lot.timezone
    ? []
    : [{ path: 'timezone', message: `must be the lot's time zone ${lot.timezone}: fees follow the lot's clock` }];
};

/** The draft as a tariff, or VALIDATION_FAILED listing every problem. */
export const publishableTariff = (draft: unknown, lot: { timezone: string }): Tariff => {
  const problems = tariffProblems(draft, lot);
  const [first] = problems;
  if (first !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `Invalid tariff: ${first.path}: ${first.message}`, { issues: problems });
  }
  return TariffSchema.parse(draft);
};

export interface TariffVersion {
  /** ISO UTC, as the version's key sorts. */
  effectiveFrom: string;
  tariff: Tariff;
}

/**
 * The version to publish: effective at `effectiveFrom` (now when absent), never before `now`, so
 * no fee already quoted or paid changes after the fact. The time is kept in UTC.
 */
export const tariffVersionToPublish = (tariff: Tariff, effectiveFrom: string | undefined, now: Date): TariffVersion => {
  const effective = effectiveFrom === undefined ? now.getTime() : Date.parse(effectiveFrom);
  if (effective < now.getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'A tariff takes effect now or later, never in the past', {
      issues: [{ path: 'effectiveFrom', message: `must not be before ${now.toISOString()}` }],
    });
  }
  return { effectiveFrom: new Date(effective).toISOString(), tariff };
};

export const versionStatuses = ['scheduled', 'inEffect', 'superseded'] as const;

export type VersionStatus = (typeof versionStatuses)[number];

/** The versions newest first, each marked scheduled (later than now), in effect, or superseded. */
export const tariffHistory = <V extends { effectiveFrom: string }>(versions: readonly V[], now: Date): (V & { status: VersionStatus })[] => {
  const newestFirst = [...versions].sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom));
  const inEffect = newestFirst.find((version) => Date.parse(version.effectiveFrom) <= now.getTime());
  return newestFirst.map((version) => ({
    ...version,
    status: version === inEffect ? 'inEffect' : Date.parse(version.effectiveFrom) > now.getTime() ? 'scheduled' : 'superseded',
  }));
};

/** A stay to price in a preview: entry, exit and the vehicle class (the default schedule when absent). */
export const sampleStaySchema = z
  .object({
    enteredAt: instantSchema,
    exitAt: instantSchema,
    vehicleClass: z.string().min(1).default('default'),
  })
  .refine((stay) => Date.parse(stay.enteredAt) <= Date.parse(stay.exitAt), { message: 'must not be before enteredAt', path: ['exitAt'] });

export type SampleStay = z.infer<typeof sampleStaySchema>;

/** Stay lengths an administrator checks a tariff with: short visits, a shopping trip, a working day, overnight. */
export const sampleStayMinutes = [15, 30, 60, 120, 180, 360, 720, 1440] as const;

/** The default sample stays: each length, entering at `from`. */
export const sampleStays = (from: Date): SampleStay[] =>
  sampleStayMinutes.map((minutes) => ({
    enteredAt: from.toISOString(),
    exitAt: new Date(from.getTime() + minutes * 60_000).toISOString(),
    vehicleClass: 'default',
  }));

export interface StayPreview {
  stay: SampleStay;
  proposed: Quote;
  /** Under the tariff in effect now; null when the lot has none yet. */
  current: Quote | null;
  /** proposed − current net fee, in fen; null without a current tariff. */
  change: number | null;
}

const quoteUnder = (tariff: Tariff, stay: SampleStay): Quote => quoteStay({ tariff, ...stay });

/** What each stay costs under the proposed tariff and under the current one. */
export const previewTariff = (proposed: Tariff, current: Tariff | null, stays: readonly SampleStay[]): StayPreview[] =>
  stays.map((stay) => {
    const proposedQuote = quoteUnder(proposed, stay);
    const currentQuote = current === null ? null : quoteUnder(current, stay);
    return {
      stay,
      proposed: proposedQuote,
      current: currentQuote,
      change: currentQuote === null ? null : proposedQuote.netFee - currentQuote.netFee,
    };
  });
