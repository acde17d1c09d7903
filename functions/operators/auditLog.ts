/**
 * Operator actions' audit entries (who, when, what, why), as items a person can read in the
 * console, and the receipt that makes an action idempotent:
 *   AuditEntry              pk=LOT#<lotId>  sk=AUDIT#<when UTC>#<actionId>
 *                           gsi1pk=SESSION#<sessionId>  gsi1sk=AUDIT#<when UTC>   (a session's trail)
 *   OperatorActionReceipt   pk=LOT#<lotId>  sk=ACTION#<actionId>   answer, expiresAt (TTL, 1 day)
 * Both are written in the transaction that makes the action's effect, the receipt on the
 * condition that it does not exist: a retried request (same Idempotency-Key) finds the receipt
 * and gets the first answer instead of acting twice. Actions are human-paced, so the lot's
 * partition is not a hot key.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { clubAuditActions } from '../../shared/club/index.js';
import { adminActions } from '../../shared/lots/index.js';
import { merchantAdminActions } from '../../shared/merchants/index.js';
import { auditEntrySchema } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';
import type { TransactionItem } from '../sessions/transactWrite.js';

/**
 * shared/sessions' entries plus `notifyDriver`, which has no effect on a session, and
 * `refundOrder` (functions/payments/operatorRefunds.ts), which moves money, not cars, and the
 * administrators' actions (shared/lots `adminActions`; on merchants, shared/merchants
 * `merchantAdminActions`; club admins', shared/club `clubAuditActions`), which share the lot's
 * trail.
 */
export const operatorAuditEntrySchema = auditEntrySchema.extend({
  action: z.enum([...auditEntrySchema.shape.action.options, 'notifyDriver', 'refundOrder', ...adminActions, ...merchantAdminActions, ...clubAuditActions]),
});

export type OperatorAuditEntry = z.infer<typeof operatorAuditEntrySchema>;

export const receiptLifetimeSeconds = 24 * 60 * 60;

const lotPartitionKey = (lotId: string): string => `LOT#${lotId}`;
const auditPrefix = 'AUDIT#';
const receiptKey = (lotId: string, actionId: string) => ({ pk: lotPartitionKey(lotId), sk: `ACTION#${actionId}` });
const utc = (instant: string): string => new Date(instant).toISOString();

/** The audit entry alone, for an action made idempotent by its own items (a refund by its refund id). */
export const auditEntryPut = (entry: OperatorAuditEntry): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: lotPartitionKey(entry.lotId),
      sk: `${auditPrefix}${utc(entry.when)}#${entry.actionId}`,
      entity: 'AuditEntry',
      ...entry,
      ...(entry.sessionId === undefined ? {} : { gsi1pk: `SESSION#${entry.sessionId}`, gsi1sk: `${auditPrefix}${utc(entry.when)}` }),
    },
  },
});

/** The receipt (first, so a cancelled transaction's reason 0 tells a replay) and the audit entry. */
export const auditItems = (entry: OperatorAuditEntry, answer: unknown): [TransactionItem, TransactionItem] => [
  {
    Put: {
      TableName: tableName(),
      Item: {
        ...receiptKey(entry.lotId, entry.actionId),
        entity: 'OperatorActionReceipt',
        actionId: entry.actionId,
        action: entry.action,
        answer,
        createdAt: entry.when,
        expiresAt: Math.floor(Date.parse(entry.when) / 1000) + receiptLifetimeSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  auditEntryPut(entry),
];

/** The answer given the first time this action ran, or null when it has not run. */
export const storedActionAnswer = async (lotId: string, actionId: string): Promise<unknown> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: receiptKey(lotId, actionId), ConsistentRead: true }));
  return Item === undefined ? null : (Item.answer as unknown);
};

/** A page of the trail as the audit routes take it: `?before=<instant>&limit=<1-100>`. */
export const auditPageQuerySchema = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** One page, newest first, with the `before` of the next page (null on the last). */
export const auditPage = async (lotId: string, { limit, before }: z.infer<typeof auditPageQuerySchema>) => {
  const entries = await auditTrail(lotId, { limit, ...(before === undefined ? {} : { before }) });
  return { entries, before: entries.length === limit ? (entries.at(-1)?.when ?? null) : null };
};

/** A lot's audit entries, newest first, before an instant (exclusive) when given. */
export const auditTrail = async (lotId: string, { limit, before }: { limit: number; before?: string }): Promise<OperatorAuditEntry[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': lotPartitionKey(lotId),
        ':from': auditPrefix,
        ':to': before === undefined ? 'AUDIT$' : `${auditPrefix}${utc(before)}`,
      },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => operatorAuditEntrySchema.parse(item));
};
