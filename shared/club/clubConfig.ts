import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { isTimeZone } from '../fees/index.js';
import { fenSchema } from '../money/index.js';

/** Ids that end up in storage keys: no separators or wildcards, bounded. */
export const clubIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be 1–128 letters, digits, "-" or "_"' });

const wholeCount = z.int({ message: 'must be a whole number' }).nonnegative({ message: 'must not be negative' });

/** Two decimals at most, so points can be computed exactly in integers (see `earnPoints`). */
const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** Activity a tier or the monthly minimum asks for. */
export const activityThresholdSchema = z.object({
  minVisits: wholeCount,
  minFeesPaidFen: fenSchema,
});

export const pointsRedemptionSchema = z.object({
  /** `points` points buy `amountFen` fen off, in whole blocks. */
  points: z.int().positive({ message: 'must be at least 1' }),
  amountFen: z.int().positive({ message: 'must be at least 1 fen' }),
  /** The most fen points may take off one visit. */
  maxAmountFenPerVisit: fenSchema,
});

export const clubTierSchema = z.object({
  tierId: clubIdSchema,
  /** What members see: 银卡, 金卡, 白金卡. */
  name: z.string().min(1, { message: 'must not be empty' }),
  /** Higher is better; the lowest rank is the entry tier every new member starts in. */
  rank: z.int().positive({ message: 'must be a positive whole number' }),
  /** Met when BOTH the visits and the fees paid over the club's rolling window reach these. */
  qualifying: activityThresholdSchema,
  benefits: z.object({
    freeMinutesPerVisit: wholeCount,
    /** Free hours a month, shared by the member's visits in one local calendar month. */
    monthlyFreeHours: wholeCount,
    /** Points per yuan paid; two decimals at most (1, 1.5, 2). */
    pointsMultiplier: z
      .number()
      .nonnegative({ message: 'must not be negative' })
      .max(100, { message: 'must be at most 100' })
      .refine(hundredths, { message: 'must have at most two decimals' }),
    /** null: this tier cannot redeem points at the exit. */
    pointsRedemption: pointsRedemptionSchema.nullable(),
    /** Coupon templates (issue 5) that merchants may grant only to members of this tier. */
    membersOnlyCouponTemplateIds: z.array(clubIdSchema).default([]),
    /** Points credited at a half-yearly review to a member who qualifies for this tier. */
    reviewRewardPoints: wholeCount,
  }),
});

export type ClubTier = z.infer<typeof clubTierSchema>;

export const lowActivityActions = ['lapse', 'downgradeFirst'] as const;

export const clubConfigSchema = z
  .object({
    lotId: clubIdSchema,
    /** The lot's zone: months, half-years and coverage periods are local. */
    timezone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }).default('Asia/Shanghai'),
    /** Tier qualification counts visits and fees paid in the last this-many days. */
    qualifyingWindowDays: z.int().min(1, { message: 'must be at least 1 day' }).max(731, { message: 'must be at most 731 days' }),
    tiers: z.array(clubTierSchema).min(1, { message: 'must have at least one tier' }),
    /** A local month with fewer visits than this is a low-activity month. */
    minimumMonthlyVisits: z.int().min(1, { message: 'must be at least 1 visit' }),
    lowActivity: z.object({
      /** Consecutive months below the minimum before `action` (seed: 3). */
      months: z.int().min(1, { message: 'must be at least 1 month' }),
      /** `lapse` (seed rule), or `downgradeFirst`: one tier down per run of low months, lapse from the entry tier. */
      action: z.enum(lowActivityActions),
    }),
    /** Validity: coverage in local calendar months, then grace days (seed: 10). */
    coverageMonths: z.int().min(1, { message: 'must be at least 1 month' }),
    graceDays: wholeCount.default(10),
    maxPlatesPerDriver: z.int().min(1, { message: 'must be at least 1' }),
    /** `automatic` (seed: free to join) or `clubAdmin`: joins wait PENDING for a club admin. */
    joinApproval: z.enum(['automatic', 'clubAdmin']).default('automatic'),
  })
  .superRefine((config, context) => {
    const seen = { ids: new Set<string>(), ranks: new Set<number>() };
    config.tiers.forEach((tier, index) => {
      if (seen.ids.has(tier.tierId)) context.addIssue({ code: 'custom', path: ['tiers', index, 'tierId'], message: 'must be unique' });
      if (seen.ranks.has(tier.rank)) context.addIssue({ code: 'custom', path: ['tiers', index, 'rank'], message: 'must be unique' });
      seen.ids.add(tier.tierId);
      seen.ranks.add(tier.rank);
    });
  });

export type ClubConfig = z.infer<typeof clubConfigSchema>;

/** Tiers from the lowest rank (the entry tier) up. */
export const tiersByRank = (config: ClubConfig): ClubTier[] => [...config.tiers].sort((a, b) => a.rank - b.rank);

export const entryTier = (config: ClubConfig): ClubTier => tiersByRank(config)[0]!;

export const tierById = (config: ClubConfig, tierId: string): ClubTier => {
  const tier = config.tiers.find((candidate) => candidate.tierId === tierId);
  if (!tier) throw new DomainError('NOT_FOUND', `Club tier ${tierId} is not configured for lot ${config.lotId}`, { tierId });
  return tier;
};

/** The tier one rank below, or null from the entry tier. */
export const tierBelow = (config: ClubConfig, tierId: string): ClubTier | null => {
  const ranked = tiersByRank(config);
  const index = ranked.findIndex((tier) => tier.tierId === tierId);
  return index > 0 ? ranked[index - 1]! : null;
};

const tier = (
  tierId: string,
  name: string,
  rank: number,
  qualifying: [visits: number, feesPaidFen: number],
  benefits: Omit<ClubTier['benefits'], 'membersOnlyCouponTemplateIds'> & { membersOnlyCouponTemplateIds?: string[] },
): ClubTier => ({
  tierId,
  name,
  rank,
  qualifying: { minVisits: qualifying[0], minFeesPaidFen: qualifying[1] },
  benefits: { membersOnlyCouponTemplateIds: [], ...benefits },
});

/**
 * The demo lot's club (thresholds as in scripts/local/demoLot.ts): everyone joins free into
 * silver; gold and platinum by visits and fees over 90 days; the silver thresholds earn silver's
 * review reward.
 * 100 points = ¥1 off at the exit. One visit a month keeps a member active; three months
 * without one lapse the membership. Coverage 6 months + 10 days' grace, up to 3 plates a driver.
 */
export const demoClubConfig: ClubConfig = clubConfigSchema.parse({
  lotId: 'lot-demo',
  timezone: 'Asia/Shanghai',
  qualifyingWindowDays: 90,
  tiers: [
    tier('silver', '银卡', 1, [4, 20_000], {
      freeMinutesPerVisit: 30,
      monthlyFreeHours: 0,
      pointsMultiplier: 1,
      pointsRedemption: { points: 100, amountFen: 100, maxAmountFenPerVisit: 500 },
      reviewRewardPoints: 100,
    }),
    tier('gold', '金卡', 2, [8, 50_000], {
      freeMinutesPerVisit: 60,
      monthlyFreeHours: 2,
      pointsMultiplier: 1.5,
      pointsRedemption: { points: 100, amountFen: 100, maxAmountFenPerVisit: 1000 },
      membersOnlyCouponTemplateIds: ['tpl-member-gold-2h'],
      reviewRewardPoints: 500,
    }),
    tier('platinum', '白金卡', 3, [15, 100_000], {
      freeMinutesPerVisit: 120,
      monthlyFreeHours: 5,
      pointsMultiplier: 2,
      pointsRedemption: { points: 100, amountFen: 100, maxAmountFenPerVisit: 2000 },
      membersOnlyCouponTemplateIds: ['tpl-member-gold-2h', 'tpl-member-platinum-free'],
      reviewRewardPoints: 1500,
    }),
  ],
  minimumMonthlyVisits: 1,
  lowActivity: { months: 3, action: 'lapse' },
  coverageMonths: 6,
  graceDays: 10,
  maxPlatesPerDriver: 3,
  joinApproval: 'automatic',
});
