/**
 * The daily reconciliation report: our orders and refunds of a provider day against the
 * provider's trade bill of that day (shared/payments reconcileDay lists the differences).
 */
import { reconcileDay, type Mismatch, type OrderOfDay, type PaymentOrder, type PaymentProvider, type TradeBillSummary } from '../../shared/payments/index.js';
import { findOrder, ordersPaidOn } from './paymentOrders.js';
import { findRefund, refundOfDay, refundsRequestedOn } from './refunds.js';

export interface ReconciliationReport {
  date: string;
  ours: { paidOrders: number; paidFen: number; refunds: number; refundFen: number };
  provider: TradeBillSummary;
  mismatches: Mismatch[];
}

const orderOfDay = (order: PaymentOrder): OrderOfDay => ({
  orderId: order.orderId,
  state: order.state,
  amountFen: order.amountFen,
  ...(order.paidOn ? { paidOn: order.paidOn } : {}),
});

export const reconcile = async (date: string, provider: PaymentProvider): Promise<ReconciliationReport> => {
  const [bill, paid, refunds] = await Promise.all([provider.downloadTradeBill(date), ordersPaidOn(date), refundsRequestedOn(date)]);
  const orders = new Map<string, OrderOfDay>(paid.map((order) => [order.orderId, orderOfDay(order)]));
  const refundsById = new Map(refunds.map((refund) => [refund.refundId, refund]));
  for (const record of bill.records) {
    if (record.tradeState === 'REFUND') {
      if (!refundsById.has(record.outRefundNo)) {
        const refund = await findRefund(record.outRefundNo);
        if (refund) refundsById.set(refund.refundId, refundOfDay(refund));
      }
    } else if (!orders.has(record.outTradeNo)) {
      const order = await findOrder(record.outTradeNo);
      if (order) orders.set(order.orderId, orderOfDay(order));
    }
  }
  const paidHere = [...orders.values()].filter((order) => order.paidOn === date);
  const refundedHere = [...refundsById.values()].filter((refund) => refund.requestedOn === date && refund.state !== 'failed');
  return {
    date,
    ours: {
      paidOrders: paidHere.length,
      paidFen: paidHere.reduce((sum, order) => sum + order.amountFen, 0),
      refunds: refundedHere.length,
      refundFen: refundedHere.reduce((sum, refund) => sum + refund.amountFen, 0),
    },
    provider: bill.summary,
    mismatches: reconcileDay(date, [...orders.values()], [...refundsById.values()], bill.records),
  };
};
