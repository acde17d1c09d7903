/**
 * An administrator records money a merchant paid against what it owes (a settlement, once per
 * settlementId, with the payment's reference) or corrects its balance either way with a reason
 * (an adjustment, once per adjustmentId). Both go through recharges.ts's once-per-id movement:
 * ledger entry, account, receipt and audit entry in one transaction.
 */
import type { AdminPrincipal } from '../../shared/access/index.js';
import { adjust, settle } from '../../shared/merchants/index.js';
import { moveMoneyOnce } from './recharges.js';

export const settleMerchant = (input: { admin: AdminPrincipal; merchantId: string; settlementId: string; amountFen: number; reference: string; reason?: string | undefined }) =>
  moveMoneyOnce({
    admin: input.admin,
    merchantId: input.merchantId,
    receipt: { kind: 'SETTLEMENT', idField: 'settlementId', id: input.settlementId },
    action: 'settleMerchant',
    amountFen: input.amountFen,
    reason: input.reason ?? `settlement ${input.reference}`,
    move: ({ account, movement }) => settle({ account, amountFen: input.amountFen, reference: input.reference, ...movement }),
  });

export const adjustMerchant = (input: { admin: AdminPrincipal; merchantId: string; adjustmentId: string; amountFen: number; reason: string }) =>
  moveMoneyOnce({
    admin: input.admin,
    merchantId: input.merchantId,
    receipt: { kind: 'ADJUSTMENT', idField: 'adjustmentId', id: input.adjustmentId },
    action: 'adjustMerchant',
    amountFen: input.amountFen,
    reason: input.reason,
    move: ({ account, movement }) => adjust({ account, amountFen: input.amountFen, reason: input.reason, ...movement }),
  });
