/**
 * The transaction items of one ledger step (shared/merchants ADAPTER): the account updated to
 * `nextAccount` on the version it was read at (`attribute_not_exists` for an account never
 * written), and each entry put once under `LEDGER#<month>#<at UTC>#<entryId>`; and one coupon's
 * movement committed with its step.
 */
import type { Coupon } from '../../shared/coupons/index.js';
import { DomainError } from '../../shared/errors/index.js';
import type { CouponLedgerStep, LedgerEntry, LedgerStep, MerchantAccount } from '../../shared/merchants/index.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { couponTransition, loadCoupon } from './couponRecords.js';
import { accountKey, loadAccount, loadMerchant, loadMerchantLot, merchantPartition } from './merchantRecords.js';

export const ledgerSortKey = (entry: LedgerEntry): string => `LEDGER#${entry.month}#${new Date(entry.at).toISOString()}#${entry.entryId}`;

export const ledgerStepItems = (step: LedgerStep, readVersion: number): TransactionItem[] => {
  const { merchantId, balanceFen, heldFen, creditLimitFen, version } = step.nextAccount;
  return [
    {
      Update: {
        TableName: tableName(),
        Key: accountKey(merchantId),
        UpdateExpression: 'SET entity = :entity, merchantId = :merchantId, balanceFen = :balance, heldFen = :held, creditLimitFen = :credit, version = :next',
        ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ExpressionAttributeValues: {
          ':entity': 'MerchantAccount',
          ':merchantId': merchantId,
          ':balance': balanceFen,
          ':held': heldFen,
          ':credit': creditLimitFen,
          ':next': version,
          ...(readVersion === 0 ? {} : { ':read': readVersion }),
        },
      },
    },
    ...step.entries.map(
      (entry): TransactionItem => ({
        Put: {
          TableName: tableName(),
          Item: { pk: merchantPartition(entry.merchantId), sk: ledgerSortKey(entry), entity: 'LedgerEntry', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
  ];
};

/** Whether a cancelled transaction lost a race (re-read and decide again) rather than met a final refusal. */
export const lostRace = (reasons: readonly string[]): boolean =>
  reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict');

/** A short, random pause before a retry, so racing writers spread out. */
export const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

export const maxAttempts = 12;

export interface CouponMovement {
  /** The coupon as it is now. */
  coupon: Coupon;
  /** The step written by this call; null when `decide` found nothing to do. */
  step: CouponLedgerStep | null;
}

/**
 * One coupon's movement (a revocation, an expiry) in ONE transaction: the ledger step on the
 * account's version and the coupon conditional on the status read. `decide` gets fresh reads on
 * every attempt (a lost race reads again), and answers the step, or null when the coupon needs
 * nothing (already ended: a retried job or request changes nothing). NOT_FOUND for no such coupon.
 */
export const commitCouponMovement = async (
  couponId: string,
  decide: (coupon: Coupon, account: MerchantAccount, timezone: string) => CouponLedgerStep | null,
): Promise<CouponMovement> => {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const coupon = await loadCoupon(couponId);
    if (coupon === undefined) throw new DomainError('NOT_FOUND', `No coupon ${couponId}`, { couponId });
    const [account, { calendar }] = await Promise.all([loadAccount(await loadMerchant(coupon.merchantId)), loadMerchantLot(coupon.lotId)]);
    const step = decide(coupon, account, calendar.timezone);
    if (step === null) return { coupon, step: null };
    const outcome = await transactWrite([...ledgerStepItems(step, account.version), ...couponTransition(coupon, step.coupon)]);
    if (outcome.committed) return { coupon: step.coupon, step };
    if (!lostRace(outcome.reasons)) throw new Error(`Coupon transaction cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  throw new DomainError('UNAVAILABLE', 'The merchant account is busy; try again', { reason: 'ACCOUNT_BUSY' });
};
