/**
 * Refunds by car-park staff (issue 4: "by an operator or admin, audited"): the administrators'
 * refund (refunds.ts) for an order of the operator's own lot, with an entry in the lot's audit
 * trail like every other operator action, written with the refund's reservation so a retried
 * request (the same refund id) neither refunds nor audits twice.
 */
import { requireOwnLot, type OperatorPrincipal } from '../../shared/access/index.js';
import type { PaymentProvider } from '../../shared/payments/index.js';
import { auditEntryPut } from '../operators/auditLog.js';
import { requireOrder } from './paymentOrders.js';
import { refundOrder, type Refund, type RefundRequest } from './refunds.js';

export const refundAsOperator = async (
  operator: OperatorPrincipal,
  request: Omit<RefundRequest, 'who'>,
  provider: PaymentProvider,
): Promise<Refund> => {
  const { orderId, refundId, amountFen, reason, now } = request;
  const order = requireOwnLot(await requireOrder(orderId), operator.lotId, `order ${orderId}`);
  const audit = auditEntryPut({
    actionId: `refund-${refundId}`,
    who: operator.operatorId,
    when: now.toISOString(),
    action: 'refundOrder',
    reason,
    lotId: operator.lotId,
    sessionId: order.sessionId,
    details: { orderId, refundId, amountFen },
  });
  return refundOrder({ ...request, who: operator.operatorId }, provider, [audit]);
};
