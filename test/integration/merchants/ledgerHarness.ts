/** Reading a merchant's partition straight from DynamoDB Local, for the ledger and coupon tests. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ledgerEntrySchema, type LedgerEntry } from '../../../shared/merchants/index.js';
import type { LocalDynamoDb } from '../localStack.js';

/** The items of a merchant's partition whose sort key starts with `prefix`, read consistently. */
export const merchantItems = async (local: LocalDynamoDb, merchantId: string, prefix: string): Promise<Record<string, unknown>[]> =>
  (
    await local.documents.send(
      new QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `MERCHANT#${merchantId}`, ':prefix': prefix },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

export const ledgerOf = async (local: LocalDynamoDb, merchantId: string): Promise<LedgerEntry[]> =>
  (await merchantItems(local, merchantId, 'LEDGER#')).map((item) => ledgerEntrySchema.parse(item));
