import { DomainError, type ErrorCode } from '../errors/index.js';

/**
 * Why a coupon was refused, as a stable code in `details.reason` (the edge words it for people,
 * in Chinese on the merchant's and driver's screens).
 */
export const couponRefusalCodes = {
  TEMPLATE_RETIRED: 'CONFLICT',
  TEMPLATE_EXPIRED: 'CONFLICT',
  RECEIPT_REQUIRED: 'VALIDATION_FAILED',
  RECEIPT_BELOW_THRESHOLD: 'CONFLICT',
  MEMBERS_ONLY: 'CONFLICT',
  SESSION_COUPON_LIMIT: 'CONFLICT',
  SESSION_MINUTES_LIMIT: 'CONFLICT',
  SESSION_AMOUNT_LIMIT: 'CONFLICT',
  SESSION_ALREADY_FREE: 'CONFLICT',
  FULL_COUPONS_NOT_ALLOWED: 'CONFLICT',
  DAILY_PLATE_LIMIT: 'CONFLICT',
  /** A capture, release or revocation of a coupon already used, expired or revoked. */
  COUPON_NOT_OPEN: 'CONFLICT',
  COUPON_NOT_EXPIRED: 'CONFLICT',
} as const satisfies Record<string, ErrorCode>;

export type CouponRefusal = keyof typeof couponRefusalCodes;

export class CouponRefused extends DomainError {
  constructor(
    readonly reason: CouponRefusal,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(couponRefusalCodes[reason], message, { reason, ...details });
    this.name = 'CouponRefused';
  }
}

export const isCouponRefused = (error: unknown, reason?: CouponRefusal): error is CouponRefused =>
  error instanceof CouponRefused && (reason === undefined || error.reason === reason);
