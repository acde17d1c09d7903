/**
 * A payment code charged at the exit lane (`POST /device/payments`): the device scanned the
 * payer's WeChat code for the quote it showed. The order starts like a driver's (createOrder.ts
 * `startOrder`: the quote holds, the session's other attempts are closed, one order per device
 * attempt id), is charged with `micropay`, and what the provider answers is credited through the
 * one crediting path (creditPayment.ts), which also records the exit of the car waiting at the
 * lane and sends the open command, exactly as for a notification. The same attempt id again
 * continues the same order: it asks the provider how an undecided charge ended instead of
 * charging again, nothing is credited twice, and the device gets the answer of the order as it
 * stands (shared/payments `lanePaymentAnswer`).
 */
import { requireOwnLot } from '../../shared/access/index.js';
import { formatYuan } from '../../shared/money/index.js';
import {
  acceptLanePayment,
  isOpenOrder,
  isPaymentRefused,
  lanePayerOf,
  lanePaymentAnswer,
  orderIdFor,
  type LanePaymentRequest,
  type PaymentOrder,
  type PaymentProvider,
  type ProviderPayment,
} from '../../shared/payments/index.js';
import type { LaneDecision, LaneDevice } from '../../shared/sessions/index.js';
import type { LaneCommandPublisher } from '../commands/publisher.js';
import { applyProviderPayment } from './creditPayment.js';
import { requireSameAttempt, startOrder } from './createOrder.js';
import { findOrder, markPending, markUnpayable, requireOrder } from './paymentOrders.js';
import { loadSession } from './sessionQuote.js';

export interface LanePayment {
  order: PaymentOrder;
  answer: LaneDecision;
}

/** The provider's answer to the charge; null when it refused the code or the payer's balance. */
const charge = async (order: PaymentOrder, authCode: string, provider: PaymentProvider): Promise<ProviderPayment | null> => {
  try {
    return await provider.micropay({
      outTradeNo: order.orderId,
      description: `停车费 ${order.plate} ${formatYuan(order.amountFen)}`,
      amountFen: order.amountFen,
      paymentCode: authCode,
      storeId: order.lotId,
    });
  } catch (error) {
    // Charged before, and the answer was lost (or we crashed): ask how that charge ended.
    if (isPaymentRefused(error, 'duplicateOrderNo') || isPaymentRefused(error, 'alreadyPaid') || isPaymentRefused(error, 'orderClosed')) {
      return provider.queryOrder(order.orderId);
    }
    if (isPaymentRefused(error)) return null;
    throw error;
  }
};

/** Moves an open order on: charged when new, asked about when the charge was undecided. */
const settle = async (order: PaymentOrder, authCode: string, provider: PaymentProvider, publisher?: LaneCommandPublisher): Promise<PaymentOrder> => {
  if (!isOpenOrder(order)) return order;
  const payment = order.state === 'created' ? await charge(order, authCode, provider) : await provider.queryOrder(order.orderId);
  if (payment === null) {
    await markUnpayable(order, 'failed', new Date());
    return requireOrder(order.orderId);
  }
  if (order.state === 'created') await markPending(order);
  return (await applyProviderPayment(payment, 'micropay', publisher)).order;
};

export const payAtLane = async (
  device: LaneDevice,
  request: LanePaymentRequest,
  provider: PaymentProvider,
  publisher?: LaneCommandPublisher,
): Promise<LanePayment> => {
  acceptLanePayment(device);
  const payer = lanePayerOf(device.deviceId);
  const orderId = orderIdFor(payer.driverId, request.paymentId);
  let order = await findOrder(orderId);
  if (order === null) {
    requireOwnLot(await loadSession(request.sessionId), device.lotId, `session ${request.sessionId}`);
    const { sessionId, amountFen, coversUntil } = request;
    order = (await startOrder({ orderId, payer, sessionId, amountFen, coversUntil, laneId: device.laneId, now: new Date() }, provider, publisher)).order;
  }
  requireSameAttempt(order, request);
  const settled = await settle(order, request.authCode, provider, publisher);
  return { order: settled, answer: lanePaymentAnswer(settled, device.laneId) };
};
