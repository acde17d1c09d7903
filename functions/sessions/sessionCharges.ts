/**
 * What a session carries that changes its fee: coupons (issue 5) and payment orders (issue 4),
 * stored in the session's partition beside the Session item:
 *   Coupon        pk=SESSION#<sessionId>  sk=COUPON#<couponId>   counted while status = applied
 *   PaymentOrder  pk=SESSION#<sessionId>  sk=ORDER#<orderId>     counted while state = paid | partiallyRefunded
 * (attributes read: Coupon `kind`, `value`; PaymentOrder `amountFen`, `refundedFen`, `coversUntil`).
 */
import { CouponSchema, PaymentSchema, type Coupon, type Payment } from '../../shared/fees/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import { tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { sessionKey } from './sessions.js';
import type { TransactionItem } from './transactWrite.js';

export interface SessionCharges {
  coupons: Coupon[];
  payments: Payment[];
}

const countedOrderStates = new Set(['paid', 'partiallyRefunded']);

/** Every item of a session's partition except the Session item itself. */
const sessionChildren = async (sessionId: string): Promise<Record<string, unknown>[]> => {
  const { pk } = sessionKey(sessionId);
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  return items.filter((item) => item.sk !== 'SESSION');
};

export const loadSessionCharges = async (sessionId: string): Promise<SessionCharges> => {
  const children = await sessionChildren(sessionId);
  return {
    coupons: children
      .filter((item) => item.entity === 'Coupon' && item.status === 'applied')
      .map((item) => parseOrThrow(CouponSchema, { kind: item.kind, value: item.value }, `coupon ${String(item.sk)}`)),
    payments: children
      .filter((item) => item.entity === 'PaymentOrder' && countedOrderStates.has(String(item.state)))
      .map((item) =>
        parseOrThrow(
          PaymentSchema,
          { amount: Number(item.amountFen) - Number(item.refundedFen ?? 0), coversUntil: item.coversUntil },
          `payment order ${String(item.sk)}`,
        ),
      ),
  };
};

/**
 * A session that disappeared from the projection hands its coupons and orders to the session that
 * absorbed its entry read: each child is copied under the new session and deleted under the old.
 */
export const sessionChildrenMoves = async (fromSessionId: string, toSessionId: string): Promise<TransactionItem[]> => {
  const { pk } = sessionKey(toSessionId);
  const children = await sessionChildren(fromSessionId);
  return children.flatMap((child): TransactionItem[] => [
    { Put: { TableName: tableName(), Item: { ...child, pk, sessionId: toSessionId } } },
    { Delete: { TableName: tableName(), Key: { pk: child.pk, sk: child.sk } } },
  ]);
};
