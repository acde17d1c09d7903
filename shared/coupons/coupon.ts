import { z } from 'zod';
import { principalIdSchema } from '../access/principals.js';
import type { Coupon as FeeCoupon } from '../fees/index.js';
import { fenSchema } from '../money/index.js';
import { plateSchema } from '../plates/index.js';
import { CouponRefused } from './couponRefused.js';
import { couponFaceSchema } from './couponTemplate.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset' });

/*
 * A coupon's life:
 *
 *   waiting ─(next visit of the plate)─► attached ─(visit ends with a fee)─► used      (captured)
 *      │  ▲                               │  │
 *      │  └──(visit ends with no fee)─────┘  └──────────────► revoked / expired       (released)
 *      └──────────────────────────────────────────────────► expired (at expiresAt) / revoked
 *
 * `expiresAt` is the deadline to reach a visit: an attached coupon serves its whole visit,
 * however long, so a driver never loses a discount while parked. A visit that ends with nothing
 * to discount (inside the free minutes, an exempt vehicle) does not use the coupon: it goes back
 * to waiting, or expires if its deadline has passed.
 */
export const couponStatuses = ['waiting', 'attached', 'used', 'expired', 'revoked'] as const;
export type CouponStatus = (typeof couponStatuses)[number];

/** Statuses whose hold on the merchant's account is still open. */
export const openCouponStatuses: readonly CouponStatus[] = ['waiting', 'attached'];

export const grantedBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staffId: principalIdSchema }),
  z.object({ kind: z.literal('claim'), token: z.string(), driverId: principalIdSchema }),
]);

export const couponSchema = z.object({
  couponId: principalIdSchema,
  lotId: principalIdSchema,
  merchantId: principalIdSchema,
  templateId: principalIdSchema,
  plate: plateSchema,
  face: couponFaceSchema,
  /** What the merchant pays when it is used: held at grant, captured or released later. */
  priceFen: fenSchema,
  status: z.enum(couponStatuses),
  /** The visit it is attached to (and, once used, the visit that used it). */
  sessionId: z.string().nullable(),
  grantedAt: instant,
  grantedBy: grantedBySchema,
  expiresAt: instant,
  /** The receipt a spend-threshold coupon was granted for, and the holiday that raised it. */
  receiptFen: fenSchema.optional(),
  holiday: z.string().optional(),
  /** When it was used, expired or revoked. */
  endedAt: instant.optional(),
});

export type Coupon = z.infer<typeof couponSchema>;
export type GrantedBy = z.infer<typeof grantedBySchema>;

export const isCouponOpen = (coupon: Coupon): boolean => openCouponStatuses.includes(coupon.status);

const notOpen = (coupon: Coupon, action: string) =>
  new CouponRefused('COUPON_NOT_OPEN', `Coupon ${coupon.couponId} is ${coupon.status} and cannot be ${action}`, {
    couponId: coupon.couponId,
    status: coupon.status,
  });

/** A waiting coupon joins a visit of its plate. */
export const attachCoupon = (coupon: Coupon, sessionId: string): Coupon => {
  if (coupon.status !== 'waiting') throw notOpen(coupon, 'attached');
  return { ...coupon, status: 'attached', sessionId };
};

/** The visit it is attached to ended with a fee to discount: the merchant pays. */
export const useCoupon = (coupon: Coupon, at: string): Coupon => {
  if (coupon.status !== 'attached') throw notOpen(coupon, 'used');
  return { ...coupon, status: 'used', endedAt: at };
};

/** Its deadline passed before a visit used it. */
export const expireCoupon = (coupon: Coupon, at: string): Coupon => {
  if (!isCouponOpen(coupon)) throw notOpen(coupon, 'expired');
  if (Date.parse(at) < Date.parse(coupon.expiresAt)) {
    throw new CouponRefused('COUPON_NOT_EXPIRED', `Coupon ${coupon.couponId} is valid until ${coupon.expiresAt}`, {
      couponId: coupon.couponId,
      expiresAt: coupon.expiresAt,
    });
  }
  return { ...coupon, status: 'expired', endedAt: at };
};

/** The merchant takes back a coupon not yet used. */
export const revokeCoupon = (coupon: Coupon, at: string): Coupon => {
  if (!isCouponOpen(coupon)) throw notOpen(coupon, 'revoked');
  return { ...coupon, status: 'revoked', endedAt: at };
};

/** What happens to a visit's coupons when it ends (exit, staff close, missed exit). */
export interface CouponsAtSessionEnd {
  /** Capture each (`captureOnUse`). */
  use: Coupon[];
  /** Back to waiting for the plate's next visit, hold kept. */
  wait: Coupon[];
  /** Release each (`releaseHold`, cause `expired`). */
  expire: Coupon[];
}

/**
 * The visit's attached coupons when it ends at `endedAt`: used when the stay had a fee to
 * discount (`grossFee > 0` and not exempt, from the exit's quote), otherwise kept for the next
 * visit or expired when past their deadline.
 */
export const couponsAtSessionEnd = (
  coupons: readonly Coupon[],
  { sessionId, endedAt, grossFee, exempt }: { sessionId: string; endedAt: string; grossFee: number; exempt: boolean },
): CouponsAtSessionEnd => {
  const attached = coupons.filter((coupon) => coupon.status === 'attached' && coupon.sessionId === sessionId);
  if (grossFee > 0 && !exempt) return { use: attached, wait: [], expire: [] };
  const end = Date.parse(endedAt);
  const expired = (coupon: Coupon) => Date.parse(coupon.expiresAt) <= end;
  return {
    use: [],
    wait: attached.filter((coupon) => !expired(coupon)).map((coupon) => ({ ...coupon, status: 'waiting' as const, sessionId: null })),
    expire: attached.filter(expired),
  };
};

/** The coupons a quote of the visit counts: attached to it, or already used by it. */
export const couponsOfSession = (coupons: readonly Coupon[], sessionId: string): Coupon[] =>
  coupons.filter((coupon) => coupon.sessionId === sessionId && (coupon.status === 'attached' || coupon.status === 'used'));

/** The fee engine's coupon input (`QuoteRequest.coupons`, `StayTerms.coupons`). */
export const toFeeCoupons = (coupons: readonly Coupon[]): FeeCoupon[] =>
  coupons.map(({ face }) => (face.kind === 'full' ? { kind: 'full' } : { kind: face.kind, value: face.value }));
