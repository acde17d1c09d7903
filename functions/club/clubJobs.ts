/**
 * The club's scheduled jobs (design: shared/club/index.ts, ADAPTER step 5), one lot at a time
 * over its live members (the sharded gsi2 set), each member decided by the core on its item as
 * read consistently and written on its version:
 * - `runMonthlyActivityCheck` (the 1st of each month): every month that is over and not yet
 *   judged, in order; three consecutive low months lapse (or downgrade) the membership.
 * - `runHalfYearlyReview` (1 January and 1 July): the half-year just ended; tiers up or down and
 *   the review rewards.
 * - `runMembershipExpiry` (daily): renew ACTIVE members, lapse SUSPENDED ones after the grace.
 * Each is idempotent (`lastCheckedMonth`, `lastReviewedPeriod`, validity, entries by id): a
 * re-run or an overlap writes nothing twice. They answer counts of the core's results.
 */
import {
  expiryCheck,
  halfYearlyReview,
  monthBounds,
  monthlyActivityCheck,
  nextMonth,
  periodBounds,
  periodOf,
  reviewWindow,
  type ClubConfig,
  type Membership,
  type PeriodKey,
  type ScheduleOutcome,
} from '../../shared/club/index.js';
import type { JobSummary, LotJob } from '../schedules/scheduledJob.js';
import { commitClubDecision } from './clubTransactions.js';
import { memberActivity } from './memberActivity.js';
import { changeItems, loadClubConfig, loadMembership, lotMembers } from './memberships.js';

type Decide<R extends string> = (membership: Membership) => Promise<ScheduleOutcome<R>>;

/** One member's step, on its current item; null when the membership was replaced meanwhile. */
const applyToMember = async <R extends string>(member: Membership, decide: Decide<R>, at: string): Promise<R | null> =>
  commitClubDecision(`the schedule of ${member.membershipId}`, async () => {
    const membership = await loadMembership(member.lotId, member.plate);
    if (membership === null || membership.membershipId !== member.membershipId) return { items: [], result: null };
    const { result, change } = await decide(membership);
    return { items: change === null ? [] : changeItems(membership, change, at), result };
  });

const countInto = (summary: JobSummary, result: string | null): void => {
  const key = result ?? 'replaced';
  summary[key] = (summary[key] ?? 0) + 1;
};

/** Runs `perMember` for each live member of the lot's club; nothing for a lot without a club. */
const forEachMember = async (lotId: string, perMember: (member: Membership, config: ClubConfig, summary: JobSummary) => Promise<void>): Promise<JobSummary> => {
  const config = await loadClubConfig(lotId);
  if (config === null) return { members: 0 };
  const members = await lotMembers(lotId);
  const summary: JobSummary = { members: members.length };
  for (const member of members) await perMember(member, config, summary);
  return summary;
};

/** The months over by `now` that the member has not been judged on, oldest first. */
const monthsToCheck = (membership: Membership, config: ClubConfig, now: Date): string[] => {
  const months: string[] = [];
  for (let month = nextMonth(membership.lastCheckedMonth); Date.parse(monthBounds(month, config.timezone).until) <= now.getTime(); month = nextMonth(month)) {
    months.push(month);
  }
  return months;
};

export const runMonthlyActivityCheck: LotJob = (lotId, now) =>
  forEachMember(lotId, async (member, config, summary) => {
    const at = now.toISOString();
    for (const month of monthsToCheck(member, config, now)) {
      const result = await applyToMember(
        member,
        async (membership) =>
          monthlyActivityCheck({ membership, monthActivity: await memberActivity(membership, monthBounds(month, config.timezone)), config, month, at }),
        at,
      );
      countInto(summary, result);
      if (result === null || result === 'lapsed' || result === 'ended') break;
    }
  });

/** The half-year before the one `now` is in. */
const periodJustEnded = (now: Date, zone: string): PeriodKey => {
  const current = periodBounds(periodOf(now.getTime(), zone), zone);
  return periodOf(Date.parse(current.from) - 1, zone);
};

export const runHalfYearlyReview: LotJob = (lotId, now) =>
  forEachMember(lotId, async (member, config, summary) => {
    const period = periodJustEnded(now, config.timezone);
    const at = now.toISOString();
    // A member who joined after the half-year ended is reviewed from the next one on.
    if (Date.parse(member.joinedAt) >= Date.parse(periodBounds(period, config.timezone).until)) {
      countInto(summary, 'joinedLater');
      return;
    }
    const result = await applyToMember(
      member,
      async (membership) => halfYearlyReview({ membership, activity: await memberActivity(membership, reviewWindow(period, config)), config, period, at }),
      at,
    );
    countInto(summary, result);
  });

export const runMembershipExpiry: LotJob = (lotId, now) =>
  forEachMember(lotId, async (member, config, summary) => {
    const at = now.toISOString();
    countInto(summary, await applyToMember(member, async (membership) => expiryCheck({ membership, config, at }), at));
  });
