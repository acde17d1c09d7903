/**
 * What drivers, club admins and lot operators do with memberships, over the items of
 * memberships.ts: join with a bound plate (one transaction: the membership, its ref, the
 * driver's live-plate counter on `livePlates < max`), the member cards, the points history,
 * cancel and auto-redeem, the club admin's approve / reject / suspend / reinstate (written with
 * an AuditEntry in the lot's trail) and an operator's look-up of a plate. Each change is decided
 * by the core on the state as read and written on its version (clubTransactions.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  approveMembership,
  authorizeClubAction,
  cancelMembership,
  clubConfigSchema,
  joinClub,
  memberCard,
  monthOf,
  pointsHistory,
  reinstateMembership,
  rejectMembership,
  setAutoRedeem,
  suspendMembership,
  type ClubActor,
  type ClubAdminDecision,
  type ClubAuditAction,
  type ClubConfig,
  type MemberCard,
  type Membership,
  type MembershipChange,
  type PointsHistory,
} from '../../shared/club/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { normalizePlate } from '../../shared/plates/index.js';
import { auditEntryPut } from '../operators/auditLog.js';
import { commitClubDecision } from './clubTransactions.js';
import {
  changeItems,
  clubConfigPut,
  driverMemberships,
  joinItems,
  livePlatesOf,
  loadClubConfig,
  loadMembership,
  membershipById,
  pointsEntriesOf,
  readItem,
  requireClubConfig,
} from './memberships.js';
import { monthlyUsageOf, recentVisitGrants } from './visitBenefits.js';

/** How many of the latest visits a member card lists. */
const cardVisits = 10;

/** The card of a membership now, with this month's quota and the latest visits' benefits. */
export const cardOf = async (membership: Membership, config: ClubConfig, now: Date): Promise<MemberCard> => {
  const at = now.toISOString();
  const [usage, visits] = await Promise.all([
    monthlyUsageOf(membership.membershipId, monthOf(at, config.timezone)),
    recentVisitGrants(membership.membershipId, cardVisits),
  ]);
  return memberCard({ membership, config, usage, visits, at });
};

/** The plate must be one the driver bound (functions/drivers): a driver joins only with their own car. */
const requireBoundPlate = async (driverId: string, plate: string): Promise<void> => {
  if ((await readItem({ pk: `DRIVER#${driverId}`, sk: `PLATE#${plate}` })) === undefined) {
    throw new DomainError('FORBIDDEN', `Bind plate ${plate} to your account before joining the club with it`, { reason: 'plateNotBound', plate });
  }
};

export const joinWithPlate = async ({ driverId, lotId, plate: plateText, now }: { driverId: string; lotId: string; plate: string; now: Date }): Promise<{ card: MemberCard; joined: boolean }> => {
  const config = await requireClubConfig(lotId);
  const account = await readItem({ pk: `DRIVER#${driverId}`, sk: 'ACCOUNT' });
  const driver = { driverId, verifiedPhone: typeof account?.phone === 'string' ? account.phone : null };
  const plate = normalizePlate(plateText);
  // The core refuses an unverified caller before anything about the plate; the binding is checked for verified ones.
  if (driver.verifiedPhone !== null) await requireBoundPlate(driverId, plate);
  const at = now.toISOString();
  const membershipId = `mem-${randomBytes(8).toString('hex')}`;
  const outcome = await commitClubDecision(`joining with ${plate}`, async () => {
    const [existing, livePlates] = await Promise.all([loadMembership(lotId, plate), livePlatesOf(driverId, lotId)]);
    const decided = joinClub({ membershipId, driver, plate, existing, driverPlates: livePlates, config, at });
    return {
      items: decided.kind === 'joined' ? joinItems(decided.membership, decided.replaces, config.maxPlatesPerDriver, at) : [],
      result: decided,
    };
  });
  return { card: await cardOf(outcome.membership, config, now), joined: outcome.kind === 'joined' };
};

/** Every membership the driver owns, as cards. */
export const driverCards = async (driverId: string, now: Date): Promise<MemberCard[]> => {
  const memberships = await driverMemberships(driverId);
  const configs = new Map<string, ClubConfig | null>();
  for (const { lotId } of memberships) if (!configs.has(lotId)) configs.set(lotId, await loadClubConfig(lotId));
  return Promise.all(
    memberships.flatMap((membership) => {
      const config = configs.get(membership.lotId);
      return config ? [cardOf(membership, config, now)] : [];
    }),
  );
};

/** The driver's own membership; another driver's is NOT_FOUND (its existence is not revealed). */
const ownMembership = async (driverId: string, membershipId: string): Promise<Membership> => {
  const membership = await membershipById(membershipId);
  if (membership.driverId !== driverId) throw new DomainError('NOT_FOUND', `No membership ${membershipId}`, { membershipId });
  return membership;
};

export const driverPointsHistory = async (driverId: string, membershipId: string): Promise<PointsHistory> => {
  const membership = await ownMembership(driverId, membershipId);
  return pointsHistory(membership, await pointsEntriesOf(membershipId));
};

/** One change to a membership, decided on its current item and written on its version. */
const changeMembership = async (
  membershipId: string,
  decide: (membership: Membership, config: ClubConfig) => MembershipChange,
  at: string,
  audit?: (before: Membership, after: Membership) => ReturnType<typeof auditEntryPut>,
): Promise<{ membership: Membership; config: ClubConfig }> => {
  const { membership, config } = await commitClubDecision(`a change to ${membershipId}`, async () => {
    const current = await membershipById(membershipId);
    const config = await requireClubConfig(current.lotId);
    const change = decide(current, config);
    return {
      items: [...changeItems(current, change, at), ...(audit ? [audit(current, change.membership)] : [])],
      result: { membership: change.membership, config },
    };
  });
  return { membership, config };
};

export const cancelOwnMembership = async (driverId: string, membershipId: string, now: Date): Promise<MemberCard> => {
  await ownMembership(driverId, membershipId);
  const by: ClubActor = { role: 'driver', driverId };
  const at = now.toISOString();
  const { membership, config } = await changeMembership(membershipId, (current) => cancelMembership({ membership: current, by, at }), at);
  return cardOf(membership, config, now);
};

export const setOwnAutoRedeem = async (driverId: string, membershipId: string, on: boolean, now: Date): Promise<MemberCard> => {
  await ownMembership(driverId, membershipId);
  const by: ClubActor = { role: 'driver', driverId };
  const at = now.toISOString();
  const { membership, config } = await changeMembership(
    membershipId,
    (current) => ({ membership: setAutoRedeem({ membership: current, by, on }), points: null }),
    at,
  );
  return cardOf(membership, config, now);
};

const auditActionOf: Record<ClubAdminDecision, ClubAuditAction> = {
  approve: 'approveMembership',
  reject: 'rejectMembership',
  suspend: 'suspendMembership',
  reinstate: 'reinstateMembership',
};

const decideAdminAction = (action: ClubAdminDecision, membership: Membership, config: ClubConfig, by: ClubActor, at: string, note: string): MembershipChange => {
  switch (action) {
    case 'approve':
      return { membership: approveMembership({ membership, by, at, note, config }), points: null };
    case 'reject':
      return rejectMembership({ membership, by, at, note });
    case 'suspend':
      return { membership: suspendMembership({ membership, by, at, note }), points: null };
    case 'reinstate':
      return { membership: reinstateMembership({ membership, by, at, note }), points: null };
  }
};

/** A club admin's decision on a membership of the lot, with its reason, in the lot's audit trail. */
export const applyAdminAction = async ({
  lotId,
  membershipId,
  action,
  reason,
  adminArn,
  now,
}: {
  lotId: string;
  membershipId: string;
  action: ClubAdminDecision;
  reason: string;
  adminArn: string;
  now: Date;
}): Promise<MemberCard> => {
  const by: ClubActor = { role: 'clubAdmin', actorId: adminArn };
  const at = now.toISOString();
  const { membership, config } = await changeMembership(
    membershipId,
    (current, clubConfig) => {
      if (current.lotId !== lotId) throw new DomainError('NOT_FOUND', `No membership ${membershipId} in lot ${lotId}`, { membershipId, lotId });
      return decideAdminAction(action, current, clubConfig, by, at, reason);
    },
    at,
    (before, after) =>
      auditEntryPut({
        // One action per version of the membership: a retry of the same decision finds a new version and is refused by the core.
        actionId: `${membershipId}-v${after.version}`,
        who: `admin:${adminArn}`,
        when: at,
        action: auditActionOf[action],
        reason,
        lotId,
        details: { membershipId, plate: before.plate, from: before.status, to: after.status },
      }),
  );
  return cardOf(membership, config, now);
};

/** A club admin sets the lot's club (validated by the core), audited. */
export const configureClub = async ({ lotId, config: raw, adminArn, now }: { lotId: string; config: unknown; adminArn: string; now: Date }): Promise<ClubConfig> => {
  const config = parseOrThrow(clubConfigSchema, { ...(raw as object), lotId }, 'club config');
  const at = now.toISOString();
  const who = `admin:${adminArn}`;
  const audit = auditEntryPut({
    actionId: `club-${randomBytes(8).toString('hex')}`,
    who,
    when: at,
    action: 'configureClub',
    reason: 'club configuration replaced',
    lotId,
    details: { tiers: config.tiers.map((tier) => tier.tierId), joinApproval: config.joinApproval },
  });
  await commitClubDecision(`the club of ${lotId}`, async () => ({ items: [clubConfigPut(config, who, at), audit], result: null }));
  return config;
};

/** A lot operator (or club admin) looks up the member of a plate in their lot. */
export const lookUpMember = async ({ actor, lotId, plate, now }: { actor: ClubActor; lotId: string; plate: string; now: Date }): Promise<MemberCard> => {
  authorizeClubAction(actor, 'lookUpMember', { lotId });
  const [config, membership] = await Promise.all([requireClubConfig(lotId), loadMembership(lotId, normalizePlate(plate))]);
  if (membership === null) throw new DomainError('NOT_FOUND', `Plate ${normalizePlate(plate)} is no member of lot ${lotId}`, { lotId });
  return cardOf(membership, config, now);
};
