import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { clubIdSchema } from './clubConfig.js';

/*
 * Who acts in the club (seed: club admin, lot operator, merchant operator; plus the driver who
 * owns memberships). The edge maps principals to actors: an admin (IAM) or a club-admin staff
 * login → clubAdmin; an operator of the lot → lotOperator; merchant staff → merchantOperator;
 * a driver token → driver.
 */
export const clubActorSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('driver'), driverId: clubIdSchema }),
  z.object({ role: z.literal('clubAdmin'), actorId: z.string().min(1) }),
  z.object({ role: z.literal('lotOperator'), operatorId: clubIdSchema, lotId: clubIdSchema }),
  z.object({ role: z.literal('merchantOperator'), merchantId: clubIdSchema, staffId: clubIdSchema }),
]);

export type ClubActor = z.infer<typeof clubActorSchema>;
export type ClubRole = ClubActor['role'];

/** What each role may do. A driver acts only on memberships they own; an operator only in their lot. */
export const clubPermissions = {
  join: ['driver'],
  cancel: ['driver', 'clubAdmin'],
  setAutoRedeem: ['driver'],
  approve: ['clubAdmin'],
  suspend: ['clubAdmin'],
  reinstate: ['clubAdmin'],
  adjustPoints: ['clubAdmin'],
  configureClub: ['clubAdmin'],
  lookUpMember: ['driver', 'clubAdmin', 'lotOperator'],
  grantMembersOnlyCoupon: ['merchantOperator', 'clubAdmin'],
} as const satisfies Record<string, readonly ClubRole[]>;

export type ClubAction = keyof typeof clubPermissions;

/** Throws FORBIDDEN unless `actor` may do `action` on a membership of `target` (its lot and owner). */
export const authorizeClubAction = (actor: ClubActor, action: ClubAction, target: { lotId: string; driverId?: string }): void => {
  const roles: readonly ClubRole[] = clubPermissions[action];
  const allowed =
    roles.includes(actor.role) &&
    (actor.role !== 'driver' || target.driverId === undefined || target.driverId === actor.driverId) &&
    (actor.role !== 'lotOperator' || actor.lotId === target.lotId);
  if (!allowed) throw new DomainError('FORBIDDEN', `A ${actor.role} may not ${action} here`, { role: actor.role, action });
};

/** A club admin's actions in the lot's audit trail (functions/operators/auditLog.ts). */
export const clubAuditActions = ['configureClub', 'approveMembership', 'rejectMembership', 'suspendMembership', 'reinstateMembership'] as const;
export type ClubAuditAction = (typeof clubAuditActions)[number];
