/**
 * Operator tokens for the lot's staff, issued by an administrator for one named person and one
 * shift. The token is not stored (it is verified by its signature alone); the audit entry says
 * who got one, until when, from whom and why, and is written before the token is handed out.
 */
import { issueAccessToken, type AdminPrincipal, type IssuedAccessToken } from '../../shared/access/index.js';
import { adminAuditEntry } from '../../shared/lots/index.js';
import { tokenKey } from '../access/index.js';
import { adminAct, writeAudited } from './auditedWrite.js';
import { lotExists, lotNotFound } from './lots.js';

/** A shift, unless the administrator asks for less (or more, up to the operator token's limit). */
export const defaultOperatorTokenMinutes = 8 * 60;

export interface OperatorTokenRequest {
  operatorId: string;
  /** The staff member's name, for the audit trail. */
  name: string;
  lifetimeMinutes?: number | undefined;
  reason: string;
}

export const issueOperatorToken = async (
  admin: AdminPrincipal,
  lotId: string,
  { operatorId, name, lifetimeMinutes = defaultOperatorTokenMinutes, reason }: OperatorTokenRequest,
  now: Date = new Date(),
): Promise<IssuedAccessToken & { operatorId: string; lotId: string }> => {
  const issued = issueAccessToken(await tokenKey(), {
    principal: { kind: 'operator', operatorId, lotId },
    now,
    lifetimeSeconds: lifetimeMinutes * 60,
  });
  const act = adminAct(admin, lotId, reason, now);
  const audit = adminAuditEntry(act, 'issueOperatorToken', { details: { operatorId, name, expiresAt: issued.expiresAt } });
  await writeAudited(audit, [lotExists(lotId)], () => lotNotFound(lotId));
  return { ...issued, operatorId, lotId };
};
