/**
 * An administrator's change and its audit entry, written in one transaction: the change never
 * happens unaudited, and a refused change (a failed condition) writes neither. The entry goes to
 * the lot's trail beside the operators' (functions/operators/auditLog.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AdminPrincipal } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import type { AdminAct, AdminAuditEntry } from '../../shared/lots/index.js';
import { DependencyUnavailable } from '../http/index.js';
import { auditEntryPut } from '../operators/auditLog.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';

/** What an administrator's request names: who (the IAM ARN), when, why, in which lot. */
export const adminAct = (admin: AdminPrincipal, lotId: string, reason: string, at: Date = new Date()): AdminAct => ({
  actionId: `adm-${randomUUID()}`,
  who: admin.arn,
  at: at.toISOString(),
  reason,
  lotId,
});

/**
 * Writes `effect` and the audit entry. When a condition of `effect[i]` fails, `refusal(i)` says
 * what the administrator is told; the table is as it was.
 */
export const writeAudited = async (audit: AdminAuditEntry, effect: TransactionItem[], refusal: (failedItem: number) => DomainError): Promise<void> => {
  const outcome = await transactWrite([...effect, auditEntryPut(audit)]);
  if (outcome.committed) return;
  const failed = outcome.reasons.findIndex((reason) => reason === 'ConditionalCheckFailed');
  if (failed !== -1 && failed < effect.length) throw refusal(failed);
  if (outcome.reasons.includes('TransactionConflict')) {
    throw new DomainError('CONFLICT', 'Someone changed this at the same moment; try again', { actionId: audit.actionId });
  }
  throw new DependencyUnavailable('storage', `Storage refused the change (${outcome.reasons.join(', ')}); try again`);
};
