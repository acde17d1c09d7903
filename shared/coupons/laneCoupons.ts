import { z } from 'zod';
import type { Coupon } from './coupon.js';
import { couponFaceSchema } from './couponTemplate.js';

/**
 * A coupon as a lane device caches it for offline exits (`GET /device/config`, field `coupons`):
 * an attached coupon counts at its visit's exit; a waiting one joins the plate's visit when the
 * car entered before `expiresAt`.
 */
export const laneCouponSchema = z.object({
  couponId: z.string(),
  plate: z.string(),
  status: z.enum(['attached', 'waiting']),
  sessionId: z.string().nullable(),
  face: couponFaceSchema,
  expiresAt: z.iso.datetime({ offset: true }),
});

export type LaneCoupon = z.infer<typeof laneCouponSchema>;

/**
 * The lot's coupons that matter at an exit: attached ones, and waiting ones still in time at
 * `now`; by plate, then id, so the same coupons always give the same snapshot (and ETag).
 */
export const laneCouponsOf = (coupons: readonly Coupon[], now: Date): LaneCoupon[] =>
  coupons
    .filter((coupon) => coupon.status === 'attached' || (coupon.status === 'waiting' && Date.parse(coupon.expiresAt) > now.getTime()))
    .map(({ couponId, plate, status, sessionId, face, expiresAt }) => ({ couponId, plate, status: status as LaneCoupon['status'], sessionId, face, expiresAt }))
    .sort((a, b) => (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : a.couponId < b.couponId ? -1 : a.couponId > b.couponId ? 1 : 0));
