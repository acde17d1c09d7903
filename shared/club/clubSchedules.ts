import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { monthBounds, nextMonth, periodBounds, rollingWindow, type Interval, type MonthKey, type PeriodKey } from './clubCalendar.js';
import { tierById, tierBelow, tiersByRank, type ClubConfig, type ClubTier } from './clubConfig.js';
import { coverageEnd, endMembership, revised, type Membership, type MembershipChange } from './membership.js';
import { rewardEntry } from './pointsLedger.js';

/*
 * The club's scheduled jobs as pure functions over activity summaries. The adapter sums a
 * plate's activity (visits = sessions closed in the interval, fees = payments credited in it)
 * over the interval these functions name, and writes what they return.
 */

export const activitySummarySchema = z.object({
  visits: z.int().nonnegative(),
  feesPaidFen: z.int().nonnegative(),
});

export type ActivitySummary = z.infer<typeof activitySummarySchema>;

export const qualifiesFor = (activity: ActivitySummary, tier: ClubTier): boolean =>
  activity.visits >= tier.qualifying.minVisits && activity.feesPaidFen >= tier.qualifying.minFeesPaidFen;

/** The highest tier whose visits AND fees thresholds the activity meets; the entry tier otherwise. */
export const qualifyingTier = (activity: ActivitySummary, config: ClubConfig): ClubTier => {
  const ranked = tiersByRank(config);
  return ranked.findLast((tier) => qualifiesFor(activity, tier)) ?? ranked[0]!;
};

/** The rolling window tier qualification counts, ending at `at`. */
export const qualifyingWindow = (at: string, config: ClubConfig): Interval =>
  rollingWindow(at, config.qualifyingWindowDays, config.timezone);

const rankOf = (config: ClubConfig, tierId: string): number => tierById(config, tierId).rank;

/**
 * Upgrades are immediate: after a paid visit, an ACTIVE member whose rolling-window activity
 * (`qualifyingWindow(at)`) qualifies for a higher tier moves up. Null when nothing changes.
 * Downgrades happen only at the half-yearly review (and by the low-activity rule).
 */
export const tierUpgrade = ({
  membership,
  activity,
  config,
}: {
  membership: Membership;
  activity: ActivitySummary;
  config: ClubConfig;
}): Membership | null => {
  if (membership.status !== 'ACTIVE') return null;
  const qualified = qualifyingTier(activity, config);
  return qualified.rank > rankOf(config, membership.tierId) ? revised(membership, { tierId: qualified.tierId }) : null;
};

const notOverYet = (what: string, until: string, at: string): DomainError =>
  new DomainError('PRECONDITION_FAILED', `${what} is not over until ${until}`, { reason: 'notOver', until, at });

export type MonthlyCheckResult =
  /** The month was judged before: nothing to write (a re-run). */
  | 'alreadyChecked'
  /** LAPSED or CANCELLED: nothing to write. */
  | 'ended'
  /** PENDING or SUSPENDED: the month passes unjudged, the count stays. */
  | 'notJudged'
  | 'met'
  | 'low'
  | 'downgraded'
  | 'lapsed';

export interface ScheduleOutcome<R extends string> {
  result: R;
  /** What to write (membership conditional on the version read, and its points entry); null: nothing. */
  change: MembershipChange | null;
}

/**
 * The monthly activity check for a local month that is over, run month after month
 * (`nextMonth(lastCheckedMonth)` only: a skipped month is PRECONDITION_FAILED naming the one
 * expected). A month with fewer than `minimumMonthlyVisits` visits is low; one that meets it
 * resets the count. At `lowActivity.months` consecutive low months: `lapse` → LAPSED (reason
 * lowActivity, points expire); `downgradeFirst` → one tier down and the count starts again,
 * LAPSED from the entry tier. The month a member joins is never judged.
 */
export const monthlyActivityCheck = ({
  membership,
  monthActivity,
  config,
  month,
  at,
}: {
  membership: Membership;
  monthActivity: ActivitySummary;
  config: ClubConfig;
  month: MonthKey;
  at: string;
}): ScheduleOutcome<MonthlyCheckResult> => {
  if (month <= membership.lastCheckedMonth) return { result: 'alreadyChecked', change: null };
  const expected = nextMonth(membership.lastCheckedMonth);
  if (month !== expected) {
    throw new DomainError('PRECONDITION_FAILED', `Check ${expected} before ${month}`, { reason: 'monthSkipped', expected, month });
  }
  const { until } = monthBounds(month, config.timezone);
  if (Date.parse(at) < Date.parse(until)) throw notOverYet(`Month ${month}`, until, at);
  if (membership.status === 'LAPSED' || membership.status === 'CANCELLED') return { result: 'ended', change: null };
  const checked = { lastCheckedMonth: month };
  if (membership.status !== 'ACTIVE') return { result: 'notJudged', change: { membership: revised(membership, checked), points: null } };
  if (monthActivity.visits >= config.minimumMonthlyVisits) {
    return { result: 'met', change: { membership: revised(membership, { ...checked, lowActivityMonths: 0 }), points: null } };
  }
  const lowActivityMonths = membership.lowActivityMonths + 1;
  const counted = revised(membership, { ...checked, lowActivityMonths });
  if (lowActivityMonths < config.lowActivity.months) return { result: 'low', change: { membership: counted, points: null } };
  const lower = config.lowActivity.action === 'downgradeFirst' ? tierBelow(config, membership.tierId) : null;
  if (lower) {
    return { result: 'downgraded', change: { membership: { ...counted, tierId: lower.tierId, lowActivityMonths: 0 }, points: null } };
  }
  const note = `${lowActivityMonths} months below ${config.minimumMonthlyVisits} visits`;
  return { result: 'lapsed', change: endMembership(counted, 'LAPSED', 'lowActivity', note, at) };
};

/** The activity a half-yearly review counts: the rolling window ending when the period ends. */
export const reviewWindow = (period: PeriodKey, config: ClubConfig): Interval =>
  rollingWindow(periodBounds(period, config.timezone).until, config.qualifyingWindowDays, config.timezone);

export type ReviewResult = 'alreadyReviewed' | 'ended' | 'notReviewed' | 'reviewed';

/**
 * The half-yearly review of a period that is over (Jan–Jun, Jul–Dec, local), once per period
 * (`lastReviewedPeriod`; the reward's entry id is `reward.<period>` too). An ACTIVE member moves
 * to the tier its `reviewWindow` activity qualifies for, up or down, and gets that tier's
 * `reviewRewardPoints` if it qualified for it on its own (not merely kept the entry tier).
 * PENDING and SUSPENDED members are marked reviewed with no change and no reward.
 */
export const halfYearlyReview = ({
  membership,
  activity,
  config,
  period,
  at,
}: {
  membership: Membership;
  activity: ActivitySummary;
  config: ClubConfig;
  period: PeriodKey;
  at: string;
}): ScheduleOutcome<ReviewResult> => {
  if (membership.lastReviewedPeriod !== null && period <= membership.lastReviewedPeriod) {
    return { result: 'alreadyReviewed', change: null };
  }
  const { until } = periodBounds(period, config.timezone);
  if (Date.parse(at) < Date.parse(until)) throw notOverYet(`Period ${period}`, until, at);
  if (membership.status === 'LAPSED' || membership.status === 'CANCELLED') return { result: 'ended', change: null };
  const reviewed = { lastReviewedPeriod: period };
  if (membership.status !== 'ACTIVE') {
    return { result: 'notReviewed', change: { membership: revised(membership, reviewed), points: null } };
  }
  const tier = qualifyingTier(activity, config);
  const reward = qualifiesFor(activity, tier) ? tier.benefits.reviewRewardPoints : 0;
  const points = reward > 0 ? rewardEntry({ membership, period, points: reward, at }) : null;
  return {
    result: 'reviewed',
    change: {
      membership: revised(membership, { ...reviewed, tierId: tier.tierId, pointsBalance: membership.pointsBalance + reward }),
      points,
    },
  };
};

export type ExpiryResult = 'notApplicable' | 'valid' | 'renewed' | 'inGrace' | 'lapsed';

/**
 * Validity at `at`. Before `validUntil`: valid. After it, an ACTIVE member renews automatically
 * (inactive members have lapsed through the monthly check, so ACTIVE means active): `validUntil`
 * moves on by whole coverage periods counted from `coverageStartedAt` until it is after `at`. A
 * SUSPENDED member is not renewed: in grace until `graceUntil` (a club admin may reinstate it,
 * and the next check renews it), LAPSED (reason expired) from `graceUntil` on. PENDING,
 * LAPSED and CANCELLED memberships have no validity to check.
 */
export const expiryCheck = ({
  membership,
  config,
  at,
}: {
  membership: Membership;
  config: ClubConfig;
  at: string;
}): ScheduleOutcome<ExpiryResult> => {
  if (membership.status !== 'ACTIVE' && membership.status !== 'SUSPENDED') return { result: 'notApplicable', change: null };
  const now = Date.parse(at);
  if (now < Date.parse(membership.validUntil)) return { result: 'valid', change: null };
  if (membership.status === 'ACTIVE') {
    let periods = 1;
    let validity = coverageEnd(config, membership.coverageStartedAt, periods);
    while (Date.parse(validity.validUntil) <= now) validity = coverageEnd(config, membership.coverageStartedAt, (periods += 1));
    return { result: 'renewed', change: { membership: revised(membership, validity), points: null } };
  }
  if (now < Date.parse(membership.graceUntil)) return { result: 'inGrace', change: null };
  return { result: 'lapsed', change: endMembership(membership, 'LAPSED', 'expired', `not renewed by ${membership.graceUntil}`, at) };
};
