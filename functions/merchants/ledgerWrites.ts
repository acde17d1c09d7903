/**
 * The transaction items of one ledger step (shared/merchants ADAPTER): the account updated to
 * `nextAccount` on the version it was read at (`attribute_not_exists` for an account never
 * written), and each entry put once under `LEDGER#<month>#<at UTC>#<entryId>`.
 */
import type { LedgerEntry, LedgerStep } from '../../shared/merchants/index.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { accountKey, merchantPartition } from './merchantRecords.js';

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
