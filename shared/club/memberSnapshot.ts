import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import type { ClubTier } from './clubConfig.js';
import { membershipStatuses, type Membership } from './membership.js';

const instant = z.iso.datetime({ offset: true });

/**
 * What an exit lane keeps per member plate to work offline (`GET /device/config`). Offline the
 * lane applies only the per-visit free minutes: the monthly quota and points need the cloud's
 * counters, which a lane cannot reserve. When the backlog arrives the cloud assesses the closed
 * session with `benefitsAt` like any other, so the member never gets less than the lane gave.
 */
export const memberSnapshotSchema = z.object({
  plate: z.string().min(1),
  membershipId: z.string().min(1),
  tierId: z.string().min(1),
  tierName: z.string().min(1),
  status: z.enum(membershipStatuses),
  freeMinutesPerVisit: z.int().nonnegative(),
  validUntil: instant,
  /** The lane grants nothing from this instant on. */
  graceUntil: instant,
});

export type MemberSnapshot = z.infer<typeof memberSnapshotSchema>;

/** `tier` is the membership's own tier. */
export const memberSnapshot = (membership: Membership, tier: ClubTier): MemberSnapshot => {
  if (tier.tierId !== membership.tierId) {
    throw new DomainError('INTERNAL', `Membership ${membership.membershipId} is in ${membership.tierId}, not ${tier.tierId}`);
  }
  return {
    plate: membership.plate,
    membershipId: membership.membershipId,
    tierId: tier.tierId,
    tierName: tier.name,
    status: membership.status,
    freeMinutesPerVisit: tier.benefits.freeMinutesPerVisit,
    validUntil: membership.validUntil,
    graceUntil: membership.graceUntil,
  };
};

/** The free minutes an offline lane gives a snapshot plate leaving at `at` (the `benefits` for decideExit). */
export const offlineFreeMinutes = (snapshot: MemberSnapshot, at: string): number =>
  snapshot.status === 'ACTIVE' && Date.parse(at) < Date.parse(snapshot.graceUntil) ? snapshot.freeMinutesPerVisit : 0;
