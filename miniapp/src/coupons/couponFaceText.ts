// Relative rather than @shared/: vitest's unit project has no alias for it.
import type { DriverCoupon } from '../../../shared/coupons/driverCoupons.js';
import { faceText } from '../merchant/couponText.js';
import { lotTimeText } from '../pay/feeBreakdown.js';

/** A coupon's face in the words the shop's staff saw when they granted it ("免费停车2小时"). */
export const couponFaceText = faceText;

export type CouponGroup = 'now' | 'next' | 'ended';

/** Where a coupon belongs on the driver's list: counts at this exit, waits for the next visit, or is over. */
export const couponGroupOf = (coupon: DriverCoupon): CouponGroup => (coupon.appliesNow ? 'now' : coupon.appliesNextVisit ? 'next' : 'ended');

/** The line under a coupon: why it counts, or how it ended. */
export const couponStatusText = (coupon: DriverCoupon): string => {
  if (coupon.appliesNow) return `本次停车离场时自动抵扣 · ${coupon.plate}`;
  if (coupon.appliesNextVisit) return `${coupon.plate} 下次入场自动使用，${lotTimeText(coupon.expiresAt)} 前有效`;
  switch (coupon.status) {
    case 'used':
      return `已使用${coupon.endedAt ? ` · ${lotTimeText(coupon.endedAt)}` : ''}`;
    case 'revoked':
      return '已被商户撤回';
    case 'attached':
      return '已用于之前的停车';
    default:
      return '已过期';
  }
};
