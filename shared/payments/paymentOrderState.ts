import { DomainError } from '../errors/index.js';
import type { PaymentState } from './paymentProvider.js';

/*
 * The life of one payment order (one attempt to pay one quote):
 *
 *   created ─► pending ─► paid ─► partiallyRefunded ─► refunded
 *      │          │  ╲              └──────────────────────┘
 *      └──────────┴──► closed / failed ──(late success)──► paid
 *
 * `created`: stored by us, not yet at the provider. `pending`: the provider knows it and the
 * payer may pay. A provider's success always wins, even over our own `closed` or `failed`:
 * money has moved, so the order must be recorded as paid and then credited or refunded.
 */
export const paymentOrderStates = ['created', 'pending', 'paid', 'closed', 'failed', 'partiallyRefunded', 'refunded'] as const;
export type PaymentOrderState = (typeof paymentOrderStates)[number];

const nextStates: Record<PaymentOrderState, readonly PaymentOrderState[]> = {
  created: ['pending', 'paid', 'closed', 'failed'],
  pending: ['paid', 'closed', 'failed'],
  paid: ['partiallyRefunded', 'refunded'],
  closed: ['paid'],
  failed: ['paid'],
  partiallyRefunded: ['refunded'],
  refunded: [],
};

/** Staying in the same state is always allowed, so a repeated observation is a no-op. */
export const canMovePaymentOrder = (from: PaymentOrderState, to: PaymentOrderState): boolean =>
  from === to || nextStates[from].includes(to);

/** The next state, or CONFLICT when the order cannot go there (e.g. a refund of an unpaid order). */
export const movePaymentOrder = (from: PaymentOrderState, to: PaymentOrderState): PaymentOrderState => {
  if (!canMovePaymentOrder(from, to)) {
    throw new DomainError('CONFLICT', `A ${from} payment order cannot become ${to}`, { from, to });
  }
  return to;
};

/**
 * What a provider's payment state means for our order. `REFUND` is a paid order with a refund;
 * how much is refunded comes from the refunds (`refundedOrderState`). `PAYERROR` and `REVOKED`
 * (a payment-code charge that failed or was cancelled) are final failures.
 */
export const orderStateOfProviderPayment = (state: PaymentState): PaymentOrderState => {
  switch (state) {
    case 'NOTPAY':
    case 'USERPAYING':
      return 'pending';
    case 'SUCCESS':
    case 'REFUND':
      return 'paid';
    case 'CLOSED':
      return 'closed';
    case 'PAYERROR':
    case 'REVOKED':
      return 'failed';
  }
};

/** The state of a paid order after successful refunds summing to `refundedFen`. */
export const refundedOrderState = (paidFen: number, refundedFen: number): PaymentOrderState => {
  if (refundedFen < 0 || refundedFen > paidFen) {
    throw new DomainError('CONFLICT', `Refunds of ${refundedFen} fen do not fit a payment of ${paidFen} fen`, {
      paidFen,
      refundedFen,
    });
  }
  if (refundedFen === 0) return 'paid';
  return refundedFen === paidFen ? 'refunded' : 'partiallyRefunded';
};
