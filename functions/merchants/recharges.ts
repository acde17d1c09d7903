/**
 * An admin's recharge of a merchant's prepaid balance, once per `rechargeId`: the receipt
 * `pk=MERCHANT#<id> sk=RECHARGE#<rechargeId>` is put in the ledger step's transaction on
 * `attribute_not_exists`, holding the answer, so a retried recharge answers the first one's entry.
 */
import { DomainError } from '../../shared/errors/index.js';
import { availableFen, recharge, type LedgerEntry, type MerchantAccount } from '../../shared/merchants/index.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { backOff, ledgerStepItems, lostRace, maxAttempts } from './ledgerWrites.js';
import { getItem, loadAccount, loadMerchant, loadMerchantLot, merchantPartition } from './merchantRecords.js';

export interface RechargeAnswer {
  rechargeId: string;
  entry: LedgerEntry;
  account: AccountView;
}

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

const receiptKey = (merchantId: string, rechargeId: string) => ({ pk: merchantPartition(merchantId), sk: `RECHARGE#${rechargeId}` });

export const rechargeMerchant = async (input: {
  merchantId: string;
  rechargeId: string;
  amountFen: number;
  by: string;
}): Promise<{ answer: RechargeAnswer; replayed: boolean }> => {
  const merchant = await loadMerchant(input.merchantId);
  const { calendar } = await loadMerchantLot(merchant.lotId);
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const stored = await getItem(receiptKey(merchant.merchantId, input.rechargeId));
    if (stored !== undefined) {
      if (stored.amountFen !== input.amountFen) {
        throw new DomainError('CONFLICT', `Recharge ${input.rechargeId} was made for another amount`, { reason: 'RECHARGE_ID_REUSED', rechargeId: input.rechargeId });
      }
      return { answer: stored.answer as RechargeAnswer, replayed: true };
    }
    const account = await loadAccount(merchant);
    const step = recharge({ account, merchant, amountFen: input.amountFen, at: new Date().toISOString(), by: input.by, timezone: calendar.timezone });
    const answer: RechargeAnswer = { rechargeId: input.rechargeId, entry: step.entries[0]!, account: accountView(step.nextAccount) };
    const outcome = await transactWrite([
      ...ledgerStepItems(step, account.version),
      {
        Put: {
          TableName: tableName(),
          Item: { ...receiptKey(merchant.merchantId, input.rechargeId), entity: 'RechargeReceipt', amountFen: input.amountFen, answer },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (outcome.committed) return { answer, replayed: false };
    if (!lostRace(outcome.reasons)) throw new Error(`Recharge transaction cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  throw new DomainError('UNAVAILABLE', 'The merchant account is busy; try again', { reason: 'ACCOUNT_BUSY' });
};
