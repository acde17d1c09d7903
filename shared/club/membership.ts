import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { formatInstant } from '../fees/index.js';
import { classifyPlate, plateSchema } from '../plates/index.js';
import { addLocalDays, addLocalMonths, monthKeySchema, monthOf, periodKeySchema } from './clubCalendar.js';
import { clubIdSchema, entryTier, type ClubConfig } from './clubConfig.js';
import { authorizeClubAction, type ClubActor } from './clubRoles.js';
import { expireEntry, type PointsEntry } from './pointsLedger.js';

export const membershipStatuses = ['PENDING', 'ACTIVE', 'SUSPENDED', 'LAPSED', 'CANCELLED'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

/** Statuses that hold the plate: no other driver can join with it. LAPSED and CANCELLED are final. */
export const liveStatuses: readonly MembershipStatus[] = ['PENDING', 'ACTIVE', 'SUSPENDED'];

export const statusReasons = [
  'joined',
  'awaitingApproval',
  'approved',
  'rejected',
  'cancelledByDriver',
  'cancelledByClubAdmin',
  'suspended',
  'reinstated',
  'downgraded',
  'lowActivity',
  'expired',
] as const;
export type StatusReason = (typeof statusReasons)[number];

const instant = z.iso.datetime({ offset: true });

/** One plate's membership in one lot: the item `pk=LOT#<lotId>#PLATE#<plate>` `sk=MEMBERSHIP`. */
export const membershipSchema = z.object({
  membershipId: clubIdSchema,
  lotId: clubIdSchema,
  /** Normalised (shared/plates): the camera's read finds it. */
  plate: z.string().min(1),
  /** The driver account that owns it. */
  driverId: clubIdSchema,
  tierId: clubIdSchema,
  status: z.enum(membershipStatuses),
  statusReason: z.enum(statusReasons),
  /** The club admin's or driver's words for the last status change. */
  statusNote: z.string().nullable(),
  statusChangedAt: instant,
  joinedAt: instant,
  /** Coverage periods are counted from here (join, or approval), so renewals do not drift. */
  coverageStartedAt: instant,
  /** End of the current coverage period; benefits continue until `graceUntil`. */
  validUntil: instant,
  graceUntil: instant,
  /** Consecutive judged months below the minimum. */
  lowActivityMonths: z.int().nonnegative(),
  /** The last month the activity check judged (the join month at first: it is not judged). */
  lastCheckedMonth: monthKeySchema,
  lastReviewedPeriod: periodKeySchema.nullable(),
  /** Cache of the sum of the points ledger. */
  pointsBalance: z.int().nonnegative(),
  /** The member lets the exit spend points on the fee with no phone. */
  autoRedeemPoints: z.boolean(),
  /** +1 on every write; the adapter writes conditional on the version it read. */
  version: z.int().positive(),
});

export type Membership = z.infer<typeof membershipSchema>;

export const isLive = (membership: Membership): boolean => liveStatuses.includes(membership.status);

/**
 * Whether the plate gets member benefits at `at`: ACTIVE and before `graceUntil`. Between
 * `validUntil` and `graceUntil` the member is in grace (the renewal has not run yet).
 */
export const entitledAt = (membership: Membership, at: string | number): boolean =>
  membership.status === 'ACTIVE' && (typeof at === 'number' ? at : Date.parse(at)) < Date.parse(membership.graceUntil);

/** The `periods`-th coverage period from `coverageStartedAt`: its end and the grace after it. */
export const coverageEnd = (config: ClubConfig, coverageStartedAt: string, periods: number): Pick<Membership, 'validUntil' | 'graceUntil'> => {
  const validUntil = addLocalMonths(coverageStartedAt, periods * config.coverageMonths, config.timezone);
  return {
    validUntil: formatInstant(validUntil, config.timezone),
    graceUntil: formatInstant(addLocalDays(validUntil, config.graceDays, config.timezone), config.timezone),
  };
};

const startCoverage = (config: ClubConfig, at: string) => ({
  coverageStartedAt: at,
  ...coverageEnd(config, at, 1),
  lowActivityMonths: 0,
  lastCheckedMonth: monthOf(at, config.timezone),
});

/** A membership after a write: version + 1. */
export const revised = (membership: Membership, changes: Partial<Membership>): Membership => ({
  ...membership,
  ...changes,
  version: membership.version + 1,
});

const withStatus = (
  membership: Membership,
  status: MembershipStatus,
  reason: StatusReason,
  note: string | null,
  at: string,
  changes: Partial<Membership> = {},
): Membership => revised(membership, { status, statusReason: reason, statusNote: note, statusChangedAt: at, ...changes });

/** A membership and the points entry its change writes with it (the adapter's one transaction). */
export interface MembershipChange {
  membership: Membership;
  points: PointsEntry | null;
}

/** LAPSED or CANCELLED: final, and the remaining points expire with it. */
export const endMembership = (
  membership: Membership,
  status: 'LAPSED' | 'CANCELLED',
  reason: StatusReason,
  note: string | null,
  at: string,
): MembershipChange => {
  const points = expireEntry({ membership, at, reason: `membership ${status.toLowerCase()}: ${reason}` });
  return { membership: withStatus(membership, status, reason, note, at, { pointsBalance: 0 }), points };
};

const refuse = (code: 'CONFLICT' | 'FORBIDDEN', reason: string, message: string, details: object = {}): never => {
  throw new DomainError(code, message, { reason, ...details });
};

const requireStatus = (membership: Membership, allowed: readonly MembershipStatus[], action: string): void => {
  if (!allowed.includes(membership.status)) {
    refuse('CONFLICT', 'invalidTransition', `Cannot ${action} a ${membership.status} membership`, { status: membership.status });
  }
};

/** The driver account joining: phone verification is required (WeChat getPhoneNumber). */
export interface JoiningDriver {
  driverId: string;
  verifiedPhone: string | null;
}

export type JoinOutcome =
  /** Write `membership` (a new item, or over `replaces`, an ended membership of the plate). */
  | { kind: 'joined'; membership: Membership; replaces: Membership | null }
  /** The driver's plate is already a member (a retried join): nothing to write. */
  | { kind: 'alreadyMember'; membership: Membership };

/**
 * A driver joins the club with a plate: free, into the entry tier, ACTIVE at once (PENDING when
 * the club wants a club admin's approval). Refused: phone not verified (FORBIDDEN); the plate is
 * held by another driver's live membership, the driver's own suspended one, or the driver holds
 * `maxPlatesPerDriver` live memberships already (CONFLICT); a temporary or invalid plate
 * (VALIDATION_FAILED). The phone check comes first so that an unverified caller learns nothing
 * about the plate.
 */
export const joinClub = ({
  membershipId,
  driver,
  plate: plateText,
  existing,
  driverPlates,
  config,
  at,
  autoRedeemPoints = false,
}: {
  membershipId: string;
  driver: JoiningDriver;
  plate: string;
  /** The plate's membership item in this lot, if any. */
  existing: Membership | null;
  /** How many live memberships the driver holds in this lot, this plate's excluded. */
  driverPlates: number;
  config: ClubConfig;
  at: string;
  autoRedeemPoints?: boolean;
}): JoinOutcome => {
  if (driver.verifiedPhone === null) refuse('FORBIDDEN', 'phoneNotVerified', 'Joining the club needs a verified phone number');
  const parsed = plateSchema.safeParse(plateText);
  if (!parsed.success || classifyPlate(parsed.data) === 'temporary') {
    throw new DomainError('VALIDATION_FAILED', 'Invalid plate: only a real licence plate can join the club', { plate: plateText });
  }
  const plate = parsed.data;
  if (existing && isLive(existing)) {
    if (existing.driverId !== driver.driverId) {
      refuse('CONFLICT', 'plateHeldByAnotherDriver', `Plate ${plate} is already a member under another account`);
    }
    if (existing.status === 'SUSPENDED') refuse('CONFLICT', 'membershipSuspended', `The membership of ${plate} is suspended`);
    return { kind: 'alreadyMember', membership: existing };
  }
  if (driverPlates >= config.maxPlatesPerDriver) {
    refuse('CONFLICT', 'plateLimitReached', `A driver can hold at most ${config.maxPlatesPerDriver} member plates`, {
      maxPlatesPerDriver: config.maxPlatesPerDriver,
    });
  }
  const pending = config.joinApproval === 'clubAdmin';
  const membership: Membership = {
    membershipId,
    lotId: config.lotId,
    plate,
    driverId: driver.driverId,
    tierId: entryTier(config).tierId,
    status: pending ? 'PENDING' : 'ACTIVE',
    statusReason: pending ? 'awaitingApproval' : 'joined',
    statusNote: null,
    statusChangedAt: at,
    joinedAt: at,
    ...startCoverage(config, at),
    lastReviewedPeriod: null,
    pointsBalance: 0,
    autoRedeemPoints,
    version: (existing?.version ?? 0) + 1,
  };
  return { kind: 'joined', membership, replaces: existing };
};

interface AdminAction {
  membership: Membership;
  by: ClubActor;
  at: string;
  note: string;
}

/** PENDING → ACTIVE by a club admin; coverage starts now. */
export const approveMembership = ({ membership, by, at, note, config }: AdminAction & { config: ClubConfig }): Membership => {
  authorizeClubAction(by, 'approve', membership);
  requireStatus(membership, ['PENDING'], 'approve');
  return withStatus(membership, 'ACTIVE', 'approved', note, at, startCoverage(config, at));
};

/** PENDING → CANCELLED by a club admin. */
export const rejectMembership = ({ membership, by, at, note }: AdminAction): MembershipChange => {
  authorizeClubAction(by, 'approve', membership);
  requireStatus(membership, ['PENDING'], 'reject');
  return endMembership(membership, 'CANCELLED', 'rejected', note, at);
};

/** The owner or a club admin ends a live membership; the plate is free to join again. */
export const cancelMembership = ({ membership, by, at, note = null }: Omit<AdminAction, 'note'> & { note?: string | null }): MembershipChange => {
  authorizeClubAction(by, 'cancel', membership);
  requireStatus(membership, liveStatuses, 'cancel');
  return endMembership(membership, 'CANCELLED', by.role === 'driver' ? 'cancelledByDriver' : 'cancelledByClubAdmin', note, at);
};

/** ACTIVE → SUSPENDED by a club admin, with a reason: no benefits, no points, months not judged. */
export const suspendMembership = ({ membership, by, at, note }: AdminAction): Membership => {
  authorizeClubAction(by, 'suspend', membership);
  requireStatus(membership, ['ACTIVE'], 'suspend');
  return withStatus(membership, 'SUSPENDED', 'suspended', note, at);
};

/**
 * SUSPENDED → ACTIVE by a club admin, with a reason. The low-activity count starts again. A
 * membership reinstated within its grace is renewed by the next expiry check.
 */
export const reinstateMembership = ({ membership, by, at, note }: AdminAction): Membership => {
  authorizeClubAction(by, 'reinstate', membership);
  requireStatus(membership, ['SUSPENDED'], 'reinstate');
  return withStatus(membership, 'ACTIVE', 'reinstated', note, at, { lowActivityMonths: 0 });
};

/** The owner lets the exit spend points (or stops it). */
export const setAutoRedeem = ({ membership, by, on }: { membership: Membership; by: ClubActor; on: boolean }): Membership => {
  authorizeClubAction(by, 'setAutoRedeem', membership);
  requireStatus(membership, liveStatuses, 'change');
  return revised(membership, { autoRedeemPoints: on });
};
