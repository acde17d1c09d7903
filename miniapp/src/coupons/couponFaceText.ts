// Relative rather than @shared/: vitest's unit project has no alias for it.
import type { CouponFace } from '../../../shared/coupons/couponTemplate.js';
import type { DriverCoupon } from '../../../shared/coupons/driverCoupons.js';
import { formatYuan } from '../../../shared/money/fen.js';
import { durationText, lotTimeText } from '../pay/feeBreakdown.js';

/** A coupon's face as a driver reads it: "免费停车2小时", "抵扣¥5.00", "停车费8.5折", "全免停车费". */
export const couponFaceText = (face: CouponFace): string => {
  switch (face.kind) {
    case 'minutes':
      return `免费停车${durationText(face.value)}`;
    case 'amount':
      return `抵扣${formatYuan(face.value)}`;
    case 'percent':
      return `停车费${(100 - face.value) / 10}折`;
    case 'full':
      return '全免停车费';
  }
};

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
