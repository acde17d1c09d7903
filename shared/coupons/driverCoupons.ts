import { z } from 'zod';
import { couponStatuses, type Coupon } from './coupon.js';
import { couponFaceSchema } from './couponTemplate.js';

const instant = z.iso.datetime({ offset: true });

/** One coupon as its driver sees it (`GET /driver/coupons`): never the merchant's price. */
export const driverCouponSchema = z.object({
  couponId: z.string(),
  lotId: z.string(),
  plate: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  face: couponFaceSchema,
  status: z.enum(couponStatuses),
  /** The visit it is attached to, or was used by. */
  sessionId: z.string().nullable(),
  grantedAt: instant,
  /** The deadline to reach a visit; an attached coupon serves its whole visit. */
  expiresAt: instant,
  endedAt: instant.optional(),
  /** It counts at the exit of the plate's visit going on now. */
  appliesNow: z.boolean(),
  /** Waiting and still in time: it joins the plate's next visit. */
  appliesNextVisit: z.boolean(),
});

export type DriverCoupon = z.infer<typeof driverCouponSchema>;

export const driverCouponsResponseSchema = z.object({ coupons: z.array(driverCouponSchema) });

export type DriverCouponsResponse = z.infer<typeof driverCouponsResponseSchema>;

/**
 * A coupon for its driver's screen, `openSessionIds` being the open visits of the driver's plates.
 */
export const driverCouponOf = (coupon: Coupon, merchantName: string, { openSessionIds, now }: { openSessionIds: ReadonlySet<string>; now: Date }): DriverCoupon => ({
  couponId: coupon.couponId,
  lotId: coupon.lotId,
  plate: coupon.plate,
  merchantId: coupon.merchantId,
  merchantName,
  face: coupon.face,
  status: coupon.status,
  sessionId: coupon.sessionId,
  grantedAt: coupon.grantedAt,
  expiresAt: coupon.expiresAt,
  ...(coupon.endedAt === undefined ? {} : { endedAt: coupon.endedAt }),
  appliesNow: coupon.status === 'attached' && coupon.sessionId !== null && openSessionIds.has(coupon.sessionId),
  appliesNextVisit: coupon.status === 'waiting' && Date.parse(coupon.expiresAt) > now.getTime(),
});
