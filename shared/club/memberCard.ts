import { z } from 'zod';
import { monthKeySchema, monthOf } from './clubCalendar.js';
import { pointsRedemptionSchema, tierById, type ClubConfig } from './clubConfig.js';
import type { MemberGrant, MonthlyUsage } from './memberBenefits.js';
import { entitledAt, membershipStatuses, statusReasons, type Membership } from './membership.js';
import { pointsEntrySchema, type PointsEntry } from './pointsLedger.js';

/*
 * What the mini-program shows of a membership (the member card, its points history) and the
 * grant a visit got, as recorded. The mini-program parses the API's answers with these schemas.
 */

const instant = z.iso.datetime({ offset: true });

/** A visit's benefits as recorded when its amount was first fixed (the VisitGrant item). */
export const visitGrantSchema = z.object({
  membershipId: z.string().min(1),
  sessionId: z.string().min(1),
  tierId: z.string().min(1),
  month: monthKeySchema,
  freeMinutes: z.int().nonnegative(),
  perVisitMinutes: z.int().nonnegative(),
  quotaMinutesUsed: z.int().nonnegative(),
  pointsRedeemed: z.int().nonnegative(),
  amountOff: z.int().nonnegative(),
  grantedAt: instant,
});

export type VisitGrant = z.infer<typeof visitGrantSchema>;

/** The grant to record for a session: null when the visit got nothing (nothing to fix). */
export const visitGrantOf = (membership: Membership, sessionId: string, grant: MemberGrant, at: string): VisitGrant | null =>
  grant.entitled && grant.tierId !== null && (grant.freeMinutes > 0 || grant.amountOff > 0)
    ? {
        membershipId: membership.membershipId,
        sessionId,
        tierId: grant.tierId,
        month: grant.month,
        freeMinutes: grant.freeMinutes,
        perVisitMinutes: grant.perVisitMinutes,
        quotaMinutesUsed: grant.quotaMinutesUsed,
        pointsRedeemed: grant.pointsRedeemed,
        amountOff: grant.amountOff,
        grantedAt: at,
      }
    : null;

export const memberCardSchema = z.object({
  membershipId: z.string().min(1),
  lotId: z.string().min(1),
  plate: z.string().min(1),
  tier: z.object({ tierId: z.string().min(1), name: z.string().min(1), rank: z.int().positive() }),
  status: z.enum(membershipStatuses),
  statusReason: z.enum(statusReasons),
  statusNote: z.string().nullable(),
  statusChangedAt: instant,
  joinedAt: instant,
  validUntil: instant,
  graceUntil: instant,
  /** Benefits apply now (ACTIVE and before `graceUntil`). */
  entitled: z.boolean(),
  pointsBalance: z.int().nonnegative(),
  autoRedeemPoints: z.boolean(),
  benefits: z.object({
    freeMinutesPerVisit: z.int().nonnegative(),
    monthlyFreeHours: z.int().nonnegative(),
    pointsMultiplier: z.number().nonnegative(),
    pointsRedemption: pointsRedemptionSchema.nullable(),
  }),
  /** This local month's free-hour quota, in minutes. */
  monthlyQuota: z.object({ month: monthKeySchema, totalMinutes: z.int().nonnegative(), usedMinutes: z.int().nonnegative(), leftMinutes: z.int().nonnegative() }),
  /** The benefits of the latest visits, newest first. */
  recentVisits: z.array(visitGrantSchema),
});

export type MemberCard = z.infer<typeof memberCardSchema>;

/** `GET /driver/memberships`. */
export const memberCardsSchema = z.object({ memberships: z.array(memberCardSchema) });

/** `GET /driver/memberships/{membershipId}/points`: the ledger, newest first. */
export const pointsHistorySchema = z.object({
  membershipId: z.string().min(1),
  pointsBalance: z.int().nonnegative(),
  entries: z.array(pointsEntrySchema),
});

export type PointsHistory = z.infer<typeof pointsHistorySchema>;

/** The member card at `at`: `usage` is the quota counter of `monthOf(at)` (null: nothing used). */
export const memberCard = ({
  membership,
  config,
  usage,
  visits,
  at,
}: {
  membership: Membership;
  config: ClubConfig;
  usage: MonthlyUsage | null;
  visits: readonly VisitGrant[];
  at: string;
}): MemberCard => {
  const tier = tierById(config, membership.tierId);
  const month = monthOf(at, config.timezone);
  const totalMinutes = tier.benefits.monthlyFreeHours * 60;
  const usedMinutes = usage?.month === month ? usage.quotaMinutesUsed : 0;
  return {
    membershipId: membership.membershipId,
    lotId: membership.lotId,
    plate: membership.plate,
    tier: { tierId: tier.tierId, name: tier.name, rank: tier.rank },
    status: membership.status,
    statusReason: membership.statusReason,
    statusNote: membership.statusNote,
    statusChangedAt: membership.statusChangedAt,
    joinedAt: membership.joinedAt,
    validUntil: membership.validUntil,
    graceUntil: membership.graceUntil,
    entitled: entitledAt(membership, at),
    pointsBalance: membership.pointsBalance,
    autoRedeemPoints: membership.autoRedeemPoints,
    benefits: {
      freeMinutesPerVisit: tier.benefits.freeMinutesPerVisit,
      monthlyFreeHours: tier.benefits.monthlyFreeHours,
      pointsMultiplier: tier.benefits.pointsMultiplier,
      pointsRedemption: tier.benefits.pointsRedemption,
    },
    monthlyQuota: { month, totalMinutes, usedMinutes, leftMinutes: Math.max(0, totalMinutes - usedMinutes) },
    recentVisits: [...visits].sort((a, b) => Date.parse(b.grantedAt) - Date.parse(a.grantedAt)),
  };
};

/** Points entries newest first (the ledger is a set; its keys hold the entry ids only). */
export const pointsHistory = (membership: Membership, entries: readonly PointsEntry[]): PointsHistory => ({
  membershipId: membership.membershipId,
  pointsBalance: membership.pointsBalance,
  entries: [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.entryId.localeCompare(a.entryId)),
});
