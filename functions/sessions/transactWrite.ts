/**
 * One DynamoDB transaction, with its outcome as data: either it committed, or it was cancelled
 * and `reasons[i]` says why item i failed (`ConditionalCheckFailed`, `TransactionConflict`, …,
 * `None` for items that were fine). Callers decide from the reasons whether they saw a replay
 * (their idempotency item exists) or a concurrent change (reload and decide again).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../store/client.js';

export type TransactionItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type TransactionOutcome = { committed: true } | { committed: false; reasons: string[] };

export const transactWrite = async (items: TransactionItem[]): Promise<TransactionOutcome> => {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    return { committed: true };
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      return { committed: false, reasons: items.map((_, index) => error.CancellationReasons?.[index]?.Code ?? 'None') };
    }
    throw error;
  }
};
