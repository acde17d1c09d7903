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
 *   waiting ─(next visit of the plate)─► attached ─(visit ends, it lowered the fee)─► used   (captured)
 *      │                                  │  │
 *      │                                  │  └─(visit ends, it lowered nothing)──► expired    (released: unused)
 *      │                                  └──────────────────────────────────────► revoked    (released)
 *      └─────────────────────────────────────────────────► expired (at expiresAt) / revoked (released)
 *
 * `expiresAt` is the deadline to reach a visit: an attached coupon serves its whole visit,
 * however long, so a driver never loses a discount while parked. A visit that ends without the
 * coupon lowering its fee (inside the free minutes, an exempt vehicle, other coupons covering
 * it) does not use it: the merchant is not charged (visitSettlement.ts, docs/decisions/0007).
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

/** Newest grant first (ties by id): a driver's list, and the order a visit drops redundant coupons in. */
export const newestGrantFirst = (a: Pick<Coupon, 'grantedAt' | 'couponId'>, b: Pick<Coupon, 'grantedAt' | 'couponId'>): number =>
  Date.parse(b.grantedAt) - Date.parse(a.grantedAt) || b.couponId.localeCompare(a.couponId);

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

/**
 * The visit it was attached to ended and it lowered nothing (the stay was free anyway, exempt, or
 * other coupons already covered it): it ends without charging the merchant (docs/decisions/0007).
 */
export const endUnusedCoupon = (coupon: Coupon, at: string): Coupon => {
  if (coupon.status !== 'attached') throw notOpen(coupon, 'ended unused');
  return { ...coupon, status: 'expired', endedAt: at };
};

/** The coupons a quote of the visit counts: attached to it, or already used by it. */
export const couponsOfSession = (coupons: readonly Coupon[], sessionId: string): Coupon[] =>
  coupons.filter((coupon) => coupon.sessionId === sessionId && (coupon.status === 'attached' || coupon.status === 'used'));

/** The fee engine's coupon input (`QuoteRequest.coupons`, `StayTerms.coupons`). */
export const toFeeCoupons = (coupons: readonly Coupon[]): FeeCoupon[] =>
  coupons.map(({ face }) => (face.kind === 'full' ? { kind: 'full' } : { kind: face.kind, value: face.value }));
