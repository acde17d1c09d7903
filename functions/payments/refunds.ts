/**
 * Refunds of paid orders (by an administrator through the IAM admin API, or by an operator of
 * the order's lot: operatorRefunds.ts), never more than was paid: a refund first reserves its
 * amount on the order (`refundingFen`, conditional on the order's refund amounts as read, so
 * concurrent refunds cannot both fit in the same remainder),
 * then goes to the provider, and settles when the provider says it succeeded (its answer, a
 * refund notification or a later query), in one transaction with the order's refunded amount.
 *   Refund     pk=SESSION#<sessionId>  sk=REFUND#<refundId>   orderId, amountFen, state, reason, requestedBy, requestedAt
 *              gsi2pk=REFUNDS#<yyyy-mm-dd>  gsi2sk=<refundId>  (the provider's day it was requested)
 *   RefundRef  pk=REFUND#<refundId>    sk=REF                 sessionId, orderId: a refund id names one refund
 * The Refund item is the audit record: who asked, when, why, how much, and what became of it.
 * The refund id is the provider's out_refund_no, so a retried request names the same refund.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DomainError, isDomainError, parseOrThrow } from '../../shared/errors/index.js';
import { fenSchema } from '../../shared/money/index.js';
import { checkRefund, settleRefund, type PaymentProvider, type ProviderRefund, type RefundOfDay } from '../../shared/payments/index.js';
import { takeBackPointsForRefund } from '../club/paymentPoints.js';
import { DependencyUnavailable, logger } from '../http/index.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { orderKey, providerDayOf, requireOrder } from './paymentOrders.js';

export const refundSchema = z.object({
  refundId: z.string(),
  orderId: z.string(),
  sessionId: z.string(),
  amountFen: fenSchema,
  state: z.enum(['requested', 'processing', 'succeeded', 'failed']),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  providerRefundId: z.string().optional(),
  settledAt: z.string().optional(),
});
export type Refund = z.infer<typeof refundSchema>;

const refundKey = (sessionId: string, refundId: string) => ({ pk: `SESSION#${sessionId}`, sk: `REFUND#${refundId}` });
const refundRefKey = (refundId: string) => ({ pk: `REFUND#${refundId}`, sk: 'REF' });
const maxAttempts = 6;

export const findRefund = async (refundId: string): Promise<Refund | null> => {
  const { Item: ref } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: refundRefKey(refundId), ConsistentRead: true }));
  if (ref === undefined) return null;
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: refundKey(String(ref.sessionId), refundId), ConsistentRead: true }));
  return Item === undefined ? null : parseOrThrow(refundSchema, Item, `refund ${refundId}`);
};

const requireRefund = async (refundId: string): Promise<Refund> => {
  const refund = await findRefund(refundId);
  if (refund === null) throw new DomainError('NOT_FOUND', `No refund ${refundId}`, { refundId });
  return refund;
};

/** The order's refund amounts as read: the condition of every change to them. */
const orderRefundsUnchanged = (refundedFen: number, refundingFen: number) => ({
  ConditionExpression: 'refundedFen = :readRefunded AND refundingFen = :readRefunding',
  values: { ':readRefunded': refundedFen, ':readRefunding': refundingFen },
});

const reserve = async (request: RefundRequest, alsoWrite: TransactionItem[]): Promise<void> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await requireOrder(request.orderId);
    checkRefund(order, request.amountFen);
    const refund: Refund = {
      refundId: request.refundId,
      orderId: order.orderId,
      sessionId: order.sessionId,
      amountFen: request.amountFen,
      state: 'requested',
      reason: request.reason,
      requestedBy: request.who,
      requestedAt: request.now.toISOString(),
    };
    const unchanged = orderRefundsUnchanged(order.refundedFen, order.refundingFen);
    const outcome = await transactWrite([
      { Put: { TableName: tableName(), Item: { ...refundRefKey(refund.refundId), entity: 'RefundRef', refundId: refund.refundId, orderId: order.orderId, sessionId: order.sessionId }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: tableName(),
          Item: { ...refundKey(order.sessionId, refund.refundId), entity: 'Refund', ...refund, gsi2pk: `REFUNDS#${providerDayOf(refund.requestedAt)}`, gsi2sk: refund.refundId },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: orderKey(order.sessionId, order.orderId),
          UpdateExpression: 'SET refundingFen = :refunding',
          ConditionExpression: `#state IN (:paid, :partiallyRefunded) AND ${unchanged.ConditionExpression}`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':refunding': order.refundingFen + request.amountFen, ':paid': 'paid', ':partiallyRefunded': 'partiallyRefunded', ...unchanged.values },
        },
      },
      ...alsoWrite,
    ]);
    if (outcome.committed || outcome.reasons[0] === 'ConditionalCheckFailed') return;
    await sleep(Math.random() * 10 * attempt);
  }
  throw new DependencyUnavailable('storage', 'The order kept changing; try the refund again with the same refund id');
};

/**
 * A succeeded refund takes back the club points its order earned, once per refund; asked again
 * on every later notification of it, so one that failed the first time catches up.
 */
const refundSucceeded = async (refund: Refund): Promise<Refund> => {
  await takeBackPointsForRefund({
    order: await requireOrder(refund.orderId),
    refundId: refund.refundId,
    amountFen: refund.amountFen,
    at: refund.settledAt ?? new Date().toISOString(),
  });
  return refund;
};

/** Moves a refund on to what the provider says, and the order with it when it succeeded or failed. */
export const applyProviderRefund = async (providerRefund: ProviderRefund): Promise<Refund> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const refund = await requireRefund(providerRefund.outRefundNo);
    const state = { PROCESSING: 'processing', SUCCESS: 'succeeded', CLOSED: 'failed', ABNORMAL: 'failed' } as const;
    const next = state[providerRefund.state];
    if (refund.state === 'succeeded') return refundSucceeded(refund);
    if (refund.state === 'failed' || refund.state === next) return refund;
    const refundUpdate: TransactionItem = {
      Update: {
        TableName: tableName(),
        Key: refundKey(refund.sessionId, refund.refundId),
        UpdateExpression: 'SET #state = :next, providerRefundId = :providerRefundId' + (next === 'processing' ? '' : ', settledAt = :at'),
        ConditionExpression: '#state = :read',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':next': next,
          ':read': refund.state,
          ':providerRefundId': providerRefund.refundId,
          ...(next === 'processing' ? {} : { ':at': providerRefund.successTime ?? new Date().toISOString() }),
        },
      },
    };
    const items = [refundUpdate];
    if (next !== 'processing') {
      const order = await requireOrder(refund.orderId);
      const unchanged = orderRefundsUnchanged(order.refundedFen, order.refundingFen);
      const after = next === 'succeeded' ? settleRefund(order, refund.amountFen) : { state: order.state, refundedFen: order.refundedFen, refundingFen: order.refundingFen - refund.amountFen };
      items.push({
        Update: {
          TableName: tableName(),
          Key: orderKey(order.sessionId, order.orderId),
          UpdateExpression: 'SET #state = :state, refundedFen = :refunded, refundingFen = :refunding',
          ConditionExpression: unchanged.ConditionExpression,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': after.state, ':refunded': after.refundedFen, ':refunding': after.refundingFen, ...unchanged.values },
        },
      });
    }
    const outcome = await transactWrite(items);
    if (outcome.committed) {
      logger.info('Refund moved on', { refundId: refund.refundId, orderId: refund.orderId, state: next });
      const moved = await requireRefund(refund.refundId);
      return next === 'succeeded' ? refundSucceeded(moved) : moved;
    }
    await sleep(Math.random() * 10 * attempt);
  }
  throw new DependencyUnavailable('storage', 'The refund kept meeting concurrent changes; the provider will retry');
};

export interface RefundRequest {
  orderId: string;
  refundId: string;
  amountFen: number;
  reason: string;
  /** The administrator (the IAM caller's ARN) or the operator (their id). */
  who: string;
  now: Date;
}

/**
 * Refunds part or all of a paid order. The same refund id again continues the same refund (a
 * different order or amount under it is refused): reserve → provider → settle, each step safe
 * to repeat after a crash. `alsoWrite` (an audit entry) is written with the reservation, so it
 * exists once for each refund and only for a refund that exists.
 */
export const refundOrder = async (request: RefundRequest, provider: PaymentProvider, alsoWrite: TransactionItem[] = []): Promise<Refund> => {
  const existing = await findRefund(request.refundId);
  if (existing !== null && (existing.orderId !== request.orderId || existing.amountFen !== request.amountFen)) {
    throw new DomainError('CONFLICT', `Refund id ${request.refundId} was used for a different refund`, { reason: 'refundIdReused' });
  }
  if (existing === null) await reserve(request, alsoWrite);
  const refund = await requireRefund(request.refundId);
  if (refund.state !== 'requested') return refund;
  const order = await requireOrder(refund.orderId);
  let answer: ProviderRefund;
  try {
    answer = await provider.refund({ outTradeNo: order.orderId, outRefundNo: refund.refundId, refundFen: refund.amountFen, totalFen: order.amountFen, reason: refund.reason.slice(0, 80) });
  } catch (error) {
    // A refusal is final for this refund id; anything else (unavailable) leaves it to a retry.
    if (isDomainError(error) && error.code !== 'UNAVAILABLE' && error.code !== 'INTERNAL') {
      await applyProviderRefund({ outTradeNo: order.orderId, outRefundNo: refund.refundId, refundId: 'refused', state: 'ABNORMAL', refundFen: refund.amountFen, totalFen: order.amountFen });
    }
    throw error;
  }
  return applyProviderRefund(answer);
};

/** Our refunds requested on a provider day, for reconciliation. */
export const refundsRequestedOn = async (day: string): Promise<RefundOfDay[]> => {
  const items = await queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `REFUNDS#${day}` } });
  return items.map((item) => refundOfDay(parseOrThrow(refundSchema, item, 'refund')));
};

export const refundOfDay = (refund: Refund): RefundOfDay => ({
  refundId: refund.refundId,
  orderId: refund.orderId,
  amountFen: refund.amountFen,
  state: refund.state,
  requestedOn: providerDayOf(refund.requestedAt),
});
