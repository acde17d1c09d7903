import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { fenSchema } from '../money/index.js';
import { paymentOrderStates, refundedOrderState, type PaymentOrderState } from './paymentOrderState.js';

/*
 * A payment order: one attempt to pay one quote of one session (amount + `coversUntil`). Its id
 * is also our order number at the provider (`out_trade_no`), and it comes from the driver and
 * the client's Idempotency-Key, so a retried request names the same order.
 */

const instant = z.iso.datetime({ offset: true });

export const paymentOrderSchema = z.object({
  orderId: z.string(),
  sessionId: z.string(),
  lotId: z.string(),
  plate: z.string(),
  /** The driver who placed it; for a payment code charged at a lane, the device (`lanePayerOf`). */
  driverId: z.string(),
  /** The payer at the provider; empty for a payment code (the payer is not known to us). */
  openId: z.string(),
  state: z.enum(paymentOrderStates),
  amountFen: fenSchema,
  coversUntil: instant,
  /** The exit lane whose code the driver scanned, when they paid at the barrier. */
  laneId: z.string().optional(),
  createdAt: instant,
  prepayId: z.string().optional(),
  paidAt: instant.optional(),
  /** The provider's day (`YYYY-MM-DD`, Beijing) of the payment: the trade bill it is on. */
  paidOn: z.string().optional(),
  transactionId: z.string().optional(),
  closedAt: instant.optional(),
  /** Refunds that succeeded, and refunds asked for and not yet settled. */
  refundedFen: fenSchema.default(0),
  refundingFen: fenSchema.default(0),
  /** The barrier command the payment issued (kept so a redelivered notification re-sends the same one). */
  release: z.object({ laneId: z.string(), commandId: z.string(), issuedAt: instant }).optional(),
  invoiceId: z.string().optional(),
});

export type PaymentOrder = z.infer<typeof paymentOrderSchema>;

/** 32 characters of [0-9a-f] after "PK": within the provider's 6–32, unguessable, stable per key. */
export const orderIdFor = (driverId: string, idempotencyKey: string): string =>
  `PK${createHash('sha256').update(`${driverId}\n${idempotencyKey}`).digest('hex').slice(0, 30)}`;

/** Orders the payer may still pay: a new attempt on the session must close them first. */
export const openOrderStates: readonly PaymentOrderState[] = ['created', 'pending'];
export const isOpenOrder = (order: Pick<PaymentOrder, 'state'>): boolean => openOrderStates.includes(order.state);

/** Orders whose money we hold (what counts as paid on the session, less refunds). */
export const paidOrderStates: readonly PaymentOrderState[] = ['paid', 'partiallyRefunded', 'refunded'];
export const isPaidOrder = (order: Pick<PaymentOrder, 'state'>): boolean => paidOrderStates.includes(order.state);

/**
 * After this long without a notification, a driver's poll asks the provider itself: WeChat's
 * notification usually arrives within a second or two of the payment.
 */
export const notificationGraceSeconds = 3;

export const shouldQueryProvider = (order: Pick<PaymentOrder, 'state' | 'createdAt'>, now: Date): boolean =>
  isOpenOrder(order) && now.getTime() - Date.parse(order.createdAt) >= notificationGraceSeconds * 1000;

/**
 * A refund of `amountFen` on this order: refused unless it is paid and the amount fits in what is
 * neither refunded nor being refunded.
 */
export const checkRefund = (order: Pick<PaymentOrder, 'state' | 'amountFen' | 'refundedFen' | 'refundingFen'>, amountFen: number): void => {
  if (order.state !== 'paid' && order.state !== 'partiallyRefunded') {
    throw new DomainError('CONFLICT', `A ${order.state} order cannot be refunded`, { state: order.state });
  }
  const refundable = order.amountFen - order.refundedFen - order.refundingFen;
  if (amountFen < 1 || amountFen > refundable) {
    throw new DomainError('CONFLICT', `At most ${refundable} fen of this order can be refunded`, { refundableFen: refundable, amountFen });
  }
};

/** The order once a refund of `amountFen` has settled at the provider. */
export const settleRefund = (order: PaymentOrder, amountFen: number): Pick<PaymentOrder, 'state' | 'refundedFen' | 'refundingFen'> => {
  const refundedFen = order.refundedFen + amountFen;
  return { state: refundedOrderState(order.amountFen, refundedFen), refundedFen, refundingFen: Math.max(0, order.refundingFen - amountFen) };
};
