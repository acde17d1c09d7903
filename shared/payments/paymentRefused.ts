import { DomainError, type ErrorCode } from '../errors/index.js';

/**
 * Why a provider said no, in words the payment-order code can act on. The provider's own code
 * travels along in `details.providerCode` for the logs and for support.
 */
export type PaymentRefusal =
  /** The order is already paid: query it and record the payment. */
  | 'alreadyPaid'
  /** The order was closed (expired or cancelled): start a new attempt. */
  | 'orderClosed'
  /** The order number was already used for a different order. */
  | 'duplicateOrderNo'
  | 'orderNotFound'
  /** The merchant account cannot fund a refund right now. */
  | 'merchantBalanceTooLow'
  /** The payer's balance or card could not cover the payment. */
  | 'payerFundsTooLow'
  /** The scanned payment code is invalid or expired: ask the payer to refresh it. */
  | 'paymentCodeInvalid'
  /** The provider refused the payment or refund for a business rule (risk, limits, state). */
  | 'refused';

const codeOfRefusal: Record<PaymentRefusal, ErrorCode> = {
  alreadyPaid: 'CONFLICT',
  orderClosed: 'CONFLICT',
  duplicateOrderNo: 'CONFLICT',
  orderNotFound: 'NOT_FOUND',
  merchantBalanceTooLow: 'PRECONDITION_FAILED',
  payerFundsTooLow: 'PRECONDITION_FAILED',
  paymentCodeInvalid: 'VALIDATION_FAILED',
  refused: 'PRECONDITION_FAILED',
};

export class PaymentRefused extends DomainError {
  constructor(
    readonly reason: PaymentRefusal,
    readonly providerCode: string,
    message: string,
  ) {
    super(codeOfRefusal[reason], message, { reason, providerCode });
    this.name = 'PaymentRefused';
  }
}

export const isPaymentRefused = (error: unknown, reason?: PaymentRefusal): error is PaymentRefused =>
  error instanceof PaymentRefused && (reason === undefined || error.reason === reason);
