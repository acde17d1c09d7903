import type { PaymentOrderState } from './paymentOrderState.js';
import type { TradeBillRecord } from './paymentProvider.js';

/*
 * The daily reconciliation (DESIGN.md "Payments"): our orders and refunds of a day against the
 * provider's trade bill of that day. Every difference is listed for a person to resolve; nothing
 * is corrected automatically.
 */

export interface OrderOfDay {
  orderId: string;
  state: PaymentOrderState;
  amountFen: number;
  /** The provider's day (`YYYY-MM-DD`, Beijing) the order was paid on, if it was. */
  paidOn?: string;
}

export interface RefundOfDay {
  refundId: string;
  orderId: string;
  amountFen: number;
  state: 'requested' | 'processing' | 'succeeded' | 'failed';
  /** The provider's day the refund was accepted on. */
  requestedOn: string;
}

export type MismatchKind = 'missingAtProvider' | 'missingHere' | 'amountDiffers' | 'stateDiffers';

export interface Mismatch {
  kind: MismatchKind;
  what: 'payment' | 'refund';
  /** Our order number (out_trade_no) or refund number (out_refund_no). */
  reference: string;
  ours?: { state: string; amountFen: number };
  theirs?: { state: string; amountFen: number; transactionId: string };
}

const paidStates: readonly PaymentOrderState[] = ['paid', 'partiallyRefunded', 'refunded'];
const liveRefundStates: readonly RefundOfDay['state'][] = ['requested', 'processing', 'succeeded'];

/**
 * `orders`: ours paid on `billDate`, plus every order the bill names (whatever its state);
 * `refunds` likewise. The answer is sorted by reference so reports compare across runs.
 */
export const reconcileDay = (
  billDate: string,
  orders: readonly OrderOfDay[],
  refunds: readonly RefundOfDay[],
  records: readonly TradeBillRecord[],
): Mismatch[] => {
  const mismatches: Mismatch[] = [];
  const ordersById = new Map(orders.map((order) => [order.orderId, order]));
  const refundsById = new Map(refunds.map((refund) => [refund.refundId, refund]));
  const billedPayments = new Set<string>();
  const billedRefunds = new Set<string>();

  for (const record of records) {
    const isRefund = record.tradeState === 'REFUND';
    const reference = isRefund ? record.outRefundNo : record.outTradeNo;
    const theirs = {
      state: isRefund ? record.refundState : record.tradeState,
      amountFen: isRefund ? record.requestedRefundFen : record.orderFen,
      transactionId: record.transactionId,
    };
    if (isRefund) {
      billedRefunds.add(reference);
      const ours = refundsById.get(reference);
      if (ours === undefined) mismatches.push({ kind: 'missingHere', what: 'refund', reference, theirs });
      else if (!liveRefundStates.includes(ours.state)) mismatches.push({ kind: 'stateDiffers', what: 'refund', reference, ours, theirs });
      else if (ours.amountFen !== theirs.amountFen) mismatches.push({ kind: 'amountDiffers', what: 'refund', reference, ours, theirs });
      continue;
    }
    if (record.tradeState !== 'SUCCESS') continue;
    billedPayments.add(reference);
    const ours = ordersById.get(reference);
    if (ours === undefined) mismatches.push({ kind: 'missingHere', what: 'payment', reference, theirs });
    else if (!paidStates.includes(ours.state)) mismatches.push({ kind: 'stateDiffers', what: 'payment', reference, ours, theirs });
    else if (ours.amountFen !== theirs.amountFen) mismatches.push({ kind: 'amountDiffers', what: 'payment', reference, ours, theirs });
  }

  for (const order of orders) {
    if (order.paidOn === billDate && paidStates.includes(order.state) && !billedPayments.has(order.orderId)) {
      mismatches.push({ kind: 'missingAtProvider', what: 'payment', reference: order.orderId, ours: order });
    }
  }
  for (const refund of refunds) {
    if (refund.requestedOn === billDate && liveRefundStates.includes(refund.state) && !billedRefunds.has(refund.refundId)) {
      mismatches.push({ kind: 'missingAtProvider', what: 'refund', reference: refund.refundId, ours: refund });
    }
  }
  return mismatches.sort((a, b) => a.reference.localeCompare(b.reference) || a.what.localeCompare(b.what));
};
