import { z } from 'zod';

/*
 * Every administrator action leaves an entry in the lot's audit trail beside the operators'
 * (who, when, what, why): `who` is the caller's IAM ARN, `reason` what the administrator gave.
 * A barrier opened by an administrator is the operators' `openBarrier`, by the same path.
 */

export const adminActions = [
  'createLot',
  'changeLotSettings',
  'createLane',
  'issueDevice',
  'rotateDeviceSecret',
  'disableDevice',
  'enableDevice',
  'publishTariff',
  'putAllowListEntry',
  'removeAllowListEntry',
  'putDenyListEntry',
  'removeDenyListEntry',
  'issueOperatorToken',
] as const;

export type AdminAction = (typeof adminActions)[number];

/** Why the administrator acted, as the audit trail shows it. */
export const adminReasonSchema = z.string().trim().min(1, { message: 'a reason is required' }).max(200, { message: 'must be at most 200 characters' });

export interface AdminAct {
  /** The action's id, also the audit entry's. */
  actionId: string;
  /** The IAM ARN of the caller. */
  who: string;
  at: string;
  reason: string;
  lotId: string;
}

export interface AdminAuditEntry {
  actionId: string;
  who: string;
  when: string;
  action: AdminAction;
  reason: string;
  lotId: string;
  laneId?: string;
  details?: Record<string, unknown>;
}

export const adminAuditEntry = (
  act: AdminAct,
  action: AdminAction,
  { laneId, details }: { laneId?: string; details?: Record<string, unknown> } = {},
): AdminAuditEntry => ({
  actionId: act.actionId,
  who: act.who,
  when: act.at,
  action,
  reason: act.reason,
  lotId: act.lotId,
  ...(laneId === undefined ? {} : { laneId }),
  ...(details === undefined ? {} : { details }),
});
