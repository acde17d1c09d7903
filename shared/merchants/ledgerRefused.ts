import { DomainError, type ErrorCode } from '../errors/index.js';

/** Why the ledger refused a movement, as a stable code in `details.reason`. */
export const ledgerRefusalCodes = {
  /** The coupon's price is more than balance − held + credit limit. */
  INSUFFICIENT_FUNDS: 'CONFLICT',
  MERCHANT_SUSPENDED: 'FORBIDDEN',
  /** The staff member, coupon, template or claim code belongs to another merchant, or is disabled. */
  NOT_THIS_MERCHANT: 'FORBIDDEN',
  STAFF_DISABLED: 'FORBIDDEN',
  /** A credit-only merchant pays in by settlement, not by recharge. */
  RECHARGE_NOT_ALLOWED: 'CONFLICT',
  /** A settlement larger than what the merchant owes. */
  SETTLEMENT_EXCEEDS_DUE: 'CONFLICT',
  /** A credit limit below the credit the merchant already uses (owed, and held beyond its balance). */
  CREDIT_LIMIT_BELOW_USE: 'CONFLICT',
} as const satisfies Record<string, ErrorCode>;

export type LedgerRefusal = keyof typeof ledgerRefusalCodes;

export class LedgerRefused extends DomainError {
  constructor(
    readonly reason: LedgerRefusal,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(ledgerRefusalCodes[reason], message, { reason, ...details });
    this.name = 'LedgerRefused';
  }
}

export const isLedgerRefused = (error: unknown, reason?: LedgerRefusal): error is LedgerRefused =>
  error instanceof LedgerRefused && (reason === undefined || error.reason === reason);
