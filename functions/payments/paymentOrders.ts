/**
 * Payment orders and what records them, in the session's partition (the exit camera counts
 * `PaymentOrder` items in state paid / partiallyRefunded: functions/sessions/sessionCharges.ts):
 *   PaymentOrder   pk=SESSION#<sessionId>  sk=ORDER#<orderId>        shared/payments paymentOrderSchema
 *                  gsi2pk=PAID#<yyyy-mm-dd>#<shard>  gsi2sk=<orderId>   (once paid: the day's orders, 4 shards)
 *   Payment        pk=SESSION#<sessionId>  sk=PAYMENT#<orderId>      the credit itself, written once
 *   OrderSlot      pk=SESSION#<sessionId>  sk=ORDERSLOT              openOrderId: at most one open order
 *   OrderRef       pk=ORDER#<orderId>      sk=REF                    sessionId: an order by id / out_trade_no
 * The ref is written with the order in one transaction, so an order found by id is always
 * there, read consistently (an index would lag behind a fast notification).
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { paymentOrderSchema, type PaymentOrder, type ProviderPayment } from '../../shared/payments/index.js';
import { sessionKey } from '../sessions/sessions.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';

const paidDayShards = 4;

const sessionPartition = (sessionId: string): string => sessionKey(sessionId).pk;
export const orderKey = (sessionId: string, orderId: string) => ({ pk: sessionPartition(sessionId), sk: `ORDER#${orderId}` });
const refKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'REF' });
const slotKey = (sessionId: string) => ({ pk: sessionPartition(sessionId), sk: 'ORDERSLOT' });

export const parseOrder = (item: Record<string, unknown>): PaymentOrder => parseOrThrow(paymentOrderSchema, item, `payment order ${String(item.orderId)}`);

/** The order with this id (= out_trade_no), or null. */
export const findOrder = async (orderId: string): Promise<PaymentOrder | null> => {
  const { Item: ref } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: refKey(orderId), ConsistentRead: true }));
  if (ref === undefined) return null;
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: orderKey(String(ref.sessionId), orderId), ConsistentRead: true }),
  );
  return Item === undefined ? null : parseOrder(Item);
};

export const requireOrder = async (orderId: string): Promise<PaymentOrder> => {
  const order = await findOrder(orderId);
  if (order === null) throw new DomainError('NOT_FOUND', `No order ${orderId}`, { orderId });
  return order;
};

export const ordersOfSession = async (sessionId: string): Promise<PaymentOrder[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': sessionPartition(sessionId), ':prefix': 'ORDER#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(parseOrder);
};

/** The order the session's slot names as its open attempt, if any. */
export const slotHolder = async (sessionId: string): Promise<string | null> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: slotKey(sessionId), ConsistentRead: true }));
  return typeof Item?.openOrderId === 'string' ? Item.openOrderId : null;
};

/**
 * A new order, its ref, and the session's slot taken from `previousHolder` (which the caller has
 * closed): a concurrent attempt that took the slot meanwhile fails this transaction.
 */
export const newOrderItems = (order: PaymentOrder, previousHolder: string | null): TransactionItem[] => [
  { Put: { TableName: tableName(), Item: { ...orderKey(order.sessionId, order.orderId), entity: 'PaymentOrder', ...order }, ConditionExpression: 'attribute_not_exists(pk)' } },
  { Put: { TableName: tableName(), Item: { ...refKey(order.orderId), entity: 'OrderRef', orderId: order.orderId, sessionId: order.sessionId }, ConditionExpression: 'attribute_not_exists(pk)' } },
  {
    Put: {
      TableName: tableName(),
      Item: { ...slotKey(order.sessionId), entity: 'OrderSlot', sessionId: order.sessionId, openOrderId: order.orderId, takenAt: order.createdAt },
      ...(previousHolder === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'openOrderId = :previous', ExpressionAttributeValues: { ':previous': previousHolder } }),
    },
  },
];

const conditionalUpdate = async (order: PaymentOrder, update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>): Promise<boolean> => {
  try {
    await documentClient.send(new UpdateCommand({ TableName: tableName(), Key: orderKey(order.sessionId, order.orderId), ...update }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** The provider knows the order now (a payment code has none); a payment recorded meanwhile is left alone. */
export const markPending = (order: PaymentOrder, prepayId?: string): Promise<boolean> =>
  conditionalUpdate(order, {
    UpdateExpression: prepayId === undefined ? 'SET #state = :pending' : 'SET #state = :pending, prepayId = :prepayId',
    ConditionExpression: '#state = :created',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pending': 'pending', ':created': 'created', ...(prepayId === undefined ? {} : { ':prepayId': prepayId }) },
  });

/** The order can no longer be paid (closed at the provider, or failed there). */
export const markUnpayable = (order: PaymentOrder, state: 'closed' | 'failed', at: Date): Promise<boolean> =>
  conditionalUpdate(order, {
    UpdateExpression: 'SET #state = :state, closedAt = :at',
    ConditionExpression: '#state IN (:created, :pending)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':state': state, ':at': at.toISOString(), ':created': 'created', ':pending': 'pending' },
  });

/** The provider's day (Beijing) of an instant: reconciliation compares orders with its bill by it. */
export const providerDayOf = (instant: string): string => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

const paidDayShardOf = (orderId: string): number => createHash('sha256').update(orderId).digest()[0]! % paidDayShards;

/** How we learnt of the payment: WeChat's notification, our query, or a payment code's own answer. */
export type CreditedVia = 'notification' | 'query' | 'micropay';

export interface Crediting {
  order: PaymentOrder;
  payment: ProviderPayment;
  paidAt: string;
  via: CreditedVia;
  release: PaymentOrder['release'] | null;
}

/**
 * The credit, as two items of one transaction: the order becomes paid (only from a state that is
 * not paid yet) and the session gets its Payment item (only once). Either condition failing
 * means the payment was credited before.
 */
export const creditItems = ({ order, payment, paidAt, via, release }: Crediting): [TransactionItem, TransactionItem] => {
  const paidOn = providerDayOf(payment.successTime ?? paidAt);
  return [
    {
      Update: {
        TableName: tableName(),
        Key: orderKey(order.sessionId, order.orderId),
        UpdateExpression:
          'SET #state = :paid, paidAt = :paidAt, paidOn = :paidOn, transactionId = :transactionId, gsi2pk = :gsi2pk, gsi2sk = :orderId' +
          (payment.amountFen !== undefined ? ', providerAmountFen = :providerAmount' : '') +
          (release ? ', #release = :release' : ''),
        ConditionExpression: '#state IN (:created, :pending, :closed, :failed)',
        ExpressionAttributeNames: { '#state': 'state', ...(release ? { '#release': 'release' } : {}) },
        ExpressionAttributeValues: {
          ':paid': 'paid',
          ':paidAt': paidAt,
          ':paidOn': paidOn,
          ':transactionId': payment.transactionId ?? 'unknown',
          ':gsi2pk': `PAID#${paidOn}#${paidDayShardOf(order.orderId)}`,
          ':orderId': order.orderId,
          ':created': 'created',
          ':pending': 'pending',
          ':closed': 'closed',
          ':failed': 'failed',
          ...(payment.amountFen !== undefined ? { ':providerAmount': payment.amountFen } : {}),
          ...(release ? { ':release': release } : {}),
        },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          pk: sessionPartition(order.sessionId),
          sk: `PAYMENT#${order.orderId}`,
          entity: 'Payment',
          sessionId: order.sessionId,
          orderId: order.orderId,
          driverId: order.driverId,
          amountFen: order.amountFen,
          coversUntil: order.coversUntil,
          transactionId: payment.transactionId ?? 'unknown',
          paidAt,
          creditedVia: via,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
};

/** Our orders paid on a provider day, from the sharded index. */
export const ordersPaidOn = async (day: string): Promise<PaymentOrder[]> => {
  const shards = await Promise.all(
    Array.from({ length: paidDayShards }, (_, shard) =>
      queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `PAID#${day}#${shard}` } }),
    ),
  );
  return shards.flat().map(parseOrder);
};
