import type { DriverQuote } from '@shared/drivers/driverQuote.js';
import type { MiniProgramPaymentParams } from '@shared/payments/paymentProvider.js';
import type { PaymentOrderState } from '@shared/payments/paymentOrderState.js';
import { driverRequest } from '../auth/driverLogin.js';

export type { DriverQuote };

/** What the API shows a driver of their payment order (functions/payments/handler.ts). */
export interface DriverOrder {
  orderId: string;
  sessionId: string;
  plate: string;
  state: PaymentOrderState;
  amountFen: number;
  coversUntil: string;
  createdAt: string;
  paidAt?: string;
  refundedFen: number;
}

export interface PlacedOrder {
  order: DriverOrder;
  /** Absent when nothing is left to pay (a payment was credited meanwhile). */
  payment?: MiniProgramPaymentParams;
}

/** The in-lot code's quote: what the parked car owes if it leaves now. */
export const fetchQuote = (lotId: string, plate: string): Promise<DriverQuote> =>
  driverRequest<DriverQuote>('GET', `/lots/${encodeURIComponent(lotId)}/plates/${encodeURIComponent(plate)}/quote`);

/**
 * Pays exactly this quote; the same `attemptKey` for a retry of the same attempt never pays
 * twice. `laneId`: the exit lane whose code was scanned, whose barrier the payment opens (a car
 * without a plate is known at the lane only through this).
 */
export const placeOrder = (quote: DriverQuote, attemptKey: string, laneId?: string): Promise<PlacedOrder> =>
  driverRequest<PlacedOrder>('POST', `/sessions/${encodeURIComponent(quote.sessionId)}/orders`, {
    body: { amountFen: quote.due, coversUntil: quote.coversUntil, ...(laneId ? { laneId } : {}) },
    headers: { 'idempotency-key': attemptKey },
  });

export const fetchOrder = (orderId: string): Promise<DriverOrder> => driverRequest<DriverOrder>('GET', `/orders/${encodeURIComponent(orderId)}`);
