import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { fenSchema } from '../money/index.js';
import { laneDisplay, type LaneDecision, type LaneDevice } from '../sessions/index.js';
import { isOpenOrder, isPaidOrder, type PaymentOrder } from './paymentOrder.js';

/*
 * Paying at the exit lane with a payment code (DESIGN.md "Payments": micropay for devices that
 * scan the driver's code). The device names the session and the quote it showed (amount,
 * `coversUntil`) exactly as a driver's order does, and an id of its own for the attempt: the
 * same id again is the same attempt, and gets the same outcome.
 */

export const lanePaymentRequestSchema = z.object({
  /** The device's id for this attempt (its idempotency key): a new code shown is a new id. */
  paymentId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8–64 letters, digits, "-" or "_"' }),
  sessionId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, { message: 'must be a session id' }),
  amountFen: fenSchema.min(1),
  coversUntil: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset' }),
  /** The digits the device scanned from the payer's WeChat "pay" screen. */
  authCode: z.string().regex(/^\d{10,32}$/, { message: 'must be the digits of a payment code' }),
});

export type LanePaymentRequest = z.infer<typeof lanePaymentRequestSchema>;

/** Codes are charged where cars leave: an entry lane's device may not (FORBIDDEN). */
export const acceptLanePayment = (device: LaneDevice): void => {
  if (device.direction !== 'exit') {
    throw new DomainError('FORBIDDEN', `Lane ${device.laneId} is an entry lane; payment codes are charged at exit lanes`, { laneId: device.laneId, direction: device.direction });
  }
};

/**
 * Who an order charged at a lane belongs to: the device, since the payer behind a scanned code
 * is nobody we know. Never a driver's id (those are `drv-…`), so no driver ever sees it as theirs.
 */
export const lanePayerOf = (deviceId: string): { driverId: string; openId: string } => ({ driverId: `device:${deviceId}`, openId: '' });

/**
 * The barrier's answer to a payment-code attempt, from its order as it stands. Paid, and the
 * payment let this lane's car out → open. Paid but no car of this session was released here
 * (it no longer waits at the lane) → staff decide, never a barrier opened for an unknown car.
 * Still with the payer → pay, ask them to confirm (the device asks again with the same id).
 * Failed or closed → pay, ask for another code (a new attempt, a new id).
 */
export const lanePaymentAnswer = (order: Pick<PaymentOrder, 'state' | 'sessionId' | 'plate' | 'amountFen' | 'release'>, laneId: string): LaneDecision => {
  const { sessionId, plate, amountFen: due } = order;
  if (isPaidOrder(order)) {
    return order.release?.laneId === laneId
      ? { decision: 'open', sessionId, display: laneDisplay.paidGoodbye(plate) }
      : { decision: 'manual', sessionId, display: laneDisplay.paidNotAtLane(plate) };
  }
  if (isOpenOrder(order)) return { decision: 'pay', sessionId, due, display: laneDisplay.paymentPending(plate, due) };
  return { decision: 'pay', sessionId, due, display: laneDisplay.paymentFailed(plate, due) };
};
