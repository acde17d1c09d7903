/**
 * The audit entry of an administrator's action on a merchant, in the merchant's lot trail beside
 * the operators' and the lot administrators' (functions/operators/auditLog.ts): who = the
 * caller's IAM ARN, when, the action, the reason given, the merchant and what changed. It is
 * written in the action's own transaction, so an action is never without its entry.
 */
import { randomUUID } from 'node:crypto';
import type { AdminPrincipal } from '../../shared/access/index.js';
import type { Merchant, MerchantAdminAction } from '../../shared/merchants/index.js';
import { auditEntryPut } from '../operators/auditLog.js';
import type { TransactionItem } from '../sessions/transactWrite.js';

/** The audit entry of an admin's action on a merchant, for the action's transaction. */
export const merchantAuditPut = ({
  admin,
  merchant,
  action,
  reason,
  at,
  actionId = randomUUID(),
  details = {},
}: {
  admin: AdminPrincipal;
  merchant: Merchant;
  action: MerchantAdminAction;
  reason: string;
  at: string;
  actionId?: string;
  details?: Record<string, unknown>;
}): TransactionItem =>
  auditEntryPut({ actionId, who: admin.arn, when: at, action, reason, lotId: merchant.lotId, details: { merchantId: merchant.merchantId, ...details } });
