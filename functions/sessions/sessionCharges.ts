/**
 * What a session carries that changes its fee, stored in the session's partition beside the
 * Session item:
 *   Coupon        pk=SESSION#<sessionId>  sk=COUPON#<couponId>   counted while status = attached | used
 *   PaymentOrder  pk=SESSION#<sessionId>  sk=ORDER#<orderId>     counted while state = paid | partiallyRefunded
 * (Coupon items are the core's coupons, functions/merchants/couponRecords.ts; PaymentOrder
 * attributes read: `amountFen`, `refundedFen`, `coversUntil`). Each kind of charge is one field
 * of `SessionCharges`, read from the same children by its own function.
 */
import { couponsOfSession, toFeeCoupons, type Coupon as SessionCoupon } from '../../shared/coupons/index.js';
import { PaymentSchema, type Coupon, type Payment } from '../../shared/fees/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import type { MemberBenefits } from '../../shared/sessions/index.js';
import { visitBenefits } from '../club/visitBenefits.js';
import { couponItem, couponOfItem, couponRefPut, isCouponItem } from '../merchants/couponRecords.js';
import { tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { sessionKey } from './sessions.js';
import type { TransactionItem } from './transactWrite.js';

export interface SessionCharges {
  coupons: Coupon[];
  payments: Payment[];
  /** Club benefits of the visit (functions/club/visitBenefits.ts). */
  benefits: MemberBenefits;
}

export interface ChargesAt {
  /** The instant the fee is for (the exit, the quote, the order's `coversUntil`). */
  at: string;
  /** This amount is being fixed (an exit decision, an order): benefits record their grant. */
  settle?: boolean;
}

type Children = Record<string, unknown>[];

const countedOrderStates = new Set(['paid', 'partiallyRefunded']);

/** Every item of a session's partition except the Session item itself. */
const sessionChildren = async (sessionId: string): Promise<Children> => {
  const { pk } = sessionKey(sessionId);
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  return items.filter((item) => item.sk !== 'SESSION');
};

const sessionCouponsOf = (sessionId: string, children: Children): SessionCoupon[] => couponsOfSession(children.filter(isCouponItem).map(couponOfItem), sessionId);

const paymentsOf = (children: Children): Payment[] =>
  children
    .filter((item) => item.entity === 'PaymentOrder' && countedOrderStates.has(String(item.state)))
    .map((item) =>
      parseOrThrow(PaymentSchema, { amount: Number(item.amountFen) - Number(item.refundedFen ?? 0), coversUntil: item.coversUntil }, `payment order ${String(item.sk)}`),
    );

/** The session's charges; member benefits only when asked for a fee at an instant (`feeAt`). */
export const loadSessionCharges = async (sessionId: string, feeAt?: ChargesAt): Promise<SessionCharges> => {
  const children = await sessionChildren(sessionId);
  const coupons = toFeeCoupons(sessionCouponsOf(sessionId, children));
  const payments = paymentsOf(children);
  const benefits = feeAt === undefined ? {} : await visitBenefits(sessionId, { at: feeAt.at, coupons, payments, settle: feeAt.settle ?? false });
  return { coupons, payments, benefits };
};

/** The merchants' coupons a session counts (attached or used), as coupons: settling them needs their merchants and prices. */
export const loadSessionCoupons = async (sessionId: string): Promise<SessionCoupon[]> => sessionCouponsOf(sessionId, await sessionChildren(sessionId));

/**
 * A session that disappeared from the projection hands its coupons and orders to the session that
 * absorbed its entry read: each child is copied under the new session and deleted under the old
 * (a coupon also moves its ref and its place in the lot's open coupons).
 */
export const sessionChildrenMoves = async (fromSessionId: string, toSessionId: string): Promise<TransactionItem[]> => {
  const { pk } = sessionKey(toSessionId);
  const children = await sessionChildren(fromSessionId);
  return children.flatMap((child): TransactionItem[] => {
    const remove: TransactionItem = { Delete: { TableName: tableName(), Key: { pk: child.pk, sk: child.sk } } };
    if (!isCouponItem(child)) return [{ Put: { TableName: tableName(), Item: { ...child, pk, sessionId: toSessionId } } }, remove];
    const moved = { ...couponOfItem(child), sessionId: toSessionId };
    return [{ Put: { TableName: tableName(), Item: couponItem(moved) } }, remove, couponRefPut(moved)];
  });
};
