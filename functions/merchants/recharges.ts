/**
 * An administrator's movements of a merchant's money, each once per id: recharges here,
 * settlements and adjustments in settlements.ts. The receipt `pk=MERCHANT#<id> sk=<KIND>#<id>`
 * is put in the ledger step's transaction on `attribute_not_exists`, holding the answer, with
 * the audit entry: a retried request answers the first one's entry and is audited once.
 */
import { createHash } from 'node:crypto';
import type { AdminPrincipal } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { availableFen, recharge, type LedgerEntry, type LedgerStep, type Merchant, type MerchantAccount, type MerchantAdminAction, type Movement } from '../../shared/merchants/index.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { backOff, ledgerStepItems, lostRace, maxAttempts } from './ledgerWrites.js';
import { merchantAuditPut } from './merchantAudit.js';
import { getItem, loadAccount, loadMerchant, loadMerchantLot, merchantPartition } from './merchantRecords.js';

export interface AccountView {
  merchantId: string;
  balanceFen: number;
  heldFen: number;
  creditLimitFen: number;
  availableFen: number;
}

export const accountView = (account: MerchantAccount): AccountView => ({
  merchantId: account.merchantId,
  balanceFen: account.balanceFen,
  heldFen: account.heldFen,
  creditLimitFen: account.creditLimitFen,
  availableFen: availableFen(account),
});

/** What the merchant's own staff see of it (GET /merchant/account): the account with the shop's name, unit and billing mode. */
export type MerchantAccountView = AccountView & Pick<Merchant, 'name' | 'shopUnit' | 'billing'>;

export const merchantAccountView = (merchant: Merchant, account: MerchantAccount): MerchantAccountView => ({
  ...accountView(account),
  name: merchant.name,
  shopUnit: merchant.shopUnit,
  billing: merchant.billing,
});

/** The receipt's id (`rechargeId: …`), the entry written and the account after it. */
export type MovementAnswer = Record<string, unknown> & {
  entry: LedgerEntry;
  account: AccountView;
};

export interface MoneyMovement {
  admin: AdminPrincipal;
  merchantId: string;
  /** The receipt's sort-key prefix and the answer's id field, e.g. `RECHARGE` and `rechargeId`. */
  receipt: { kind: string; idField: string; id: string };
  action: MerchantAdminAction;
  amountFen: number;
  reason: string;
  /** The core's ledger step for the account as read (it refuses by throwing). */
  move: (context: { account: MerchantAccount; merchant: Merchant; movement: Movement }) => LedgerStep;
}

/** Applies `move` once per receipt id; the same id with another amount is refused. */
export const moveMoneyOnce = async ({
  admin,
  merchantId,
  receipt,
  action,
  amountFen,
  reason,
  move,
}: MoneyMovement): Promise<{ answer: MovementAnswer; replayed: boolean }> => {
  const merchant = await loadMerchant(merchantId);
  const { calendar } = await loadMerchantLot(merchant.lotId);
  const receiptKey = { pk: merchantPartition(merchantId), sk: `${receipt.kind}#${receipt.id}` };
  // One audit entry per receipt, however often the request is retried.
  const actionId = `${receipt.kind.toLowerCase()}-${createHash('sha256').update(`${merchantId}\n${receipt.id}`).digest('base64url').slice(0, 32)}`;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const stored = await getItem(receiptKey);
    if (stored !== undefined) {
      if (stored.amountFen !== amountFen) {
        throw new DomainError('CONFLICT', `${receipt.idField} ${receipt.id} was used for another amount`, { reason: `${receipt.kind}_ID_REUSED`, [receipt.idField]: receipt.id });
      }
      return { answer: stored.answer as MovementAnswer, replayed: true };
    }
    const account = await loadAccount(merchant);
    const at = new Date().toISOString();
    const step = move({ account, merchant, movement: { at, by: `admin:${admin.arn}`, timezone: calendar.timezone } });
    const answer: MovementAnswer = { [receipt.idField]: receipt.id, entry: step.entries[0]!, account: accountView(step.nextAccount) };
    const outcome = await transactWrite([
      ...ledgerStepItems(step, account.version),
      {
        Put: {
          TableName: tableName(),
          Item: { ...receiptKey, entity: `${receipt.kind[0]}${receipt.kind.slice(1).toLowerCase()}Receipt`, amountFen, answer },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      merchantAuditPut({ admin, merchant, action, reason, at, actionId, details: { [receipt.idField]: receipt.id, amountFen, entryId: answer.entry.entryId } }),
    ]);
    if (outcome.committed) return { answer, replayed: false };
    if (!lostRace(outcome.reasons)) throw new Error(`${receipt.kind} transaction cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  throw new DomainError('UNAVAILABLE', 'The merchant account is busy; try again', { reason: 'ACCOUNT_BUSY' });
};

export const rechargeMerchant = (input: { admin: AdminPrincipal; merchantId: string; rechargeId: string; amountFen: number; reason?: string | undefined }) =>
  moveMoneyOnce({
    admin: input.admin,
    merchantId: input.merchantId,
    receipt: { kind: 'RECHARGE', idField: 'rechargeId', id: input.rechargeId },
    action: 'rechargeMerchant',
    amountFen: input.amountFen,
    reason: input.reason ?? `recharge ${input.rechargeId}`,
    move: ({ account, merchant, movement }) => recharge({ account, merchant, amountFen: input.amountFen, ...movement }),
  });
