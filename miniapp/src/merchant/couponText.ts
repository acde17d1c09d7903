// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import type { Coupon, CouponStatus } from '@shared/coupons/coupon.js';
import type { CouponFace, CouponTemplate } from '@shared/coupons/couponTemplate.js';
import { durationText, lotTimeText } from '../pay/feeBreakdown.js';

/*
 * Coupons and templates in the words merchant staff use. Pure, so the words are tested without
 * a page; the shared core's `faceValueText` is the English of statements.
 */

export const faceText = (face: CouponFace): string => {
  switch (face.kind) {
    case 'minutes':
      return `免费停车${durationText(face.value)}`;
    case 'amount':
      return `抵扣${formatYuan(face.value)}`;
    case 'percent':
      return `停车费减免${face.value}%`;
    case 'full':
      return '本次停车全免';
  }
};

const validityText = (validity: CouponTemplate['validity']): string =>
  'hours' in validity ? `发放后${validity.hours}小时内入场有效` : `${validity.until} 前入场有效`;

/** What a template gives, as the grant screen lists it under the template's name. */
export const templateText = (template: CouponTemplate): string => {
  const gives =
    template.kind === 'spendThreshold'
      ? `小票满${formatYuan(template.thresholdFen)}，免费停车${durationText(template.minutes)}（节假日${durationText(template.holidayMinutes)}）`
      : faceText(template.kind === 'full' ? { kind: 'full' } : { kind: template.kind, value: template.value });
  return `${gives} · 每张${formatYuan(template.priceFen)} · ${validityText(template.validity)}`;
};

export const needsReceipt = (template: CouponTemplate): template is Extract<CouponTemplate, { kind: 'spendThreshold' }> =>
  template.kind === 'spendThreshold';

export const couponStatusText: Record<CouponStatus, string> = {
  waiting: '待入场使用',
  attached: '已用于本次停车',
  used: '已核销',
  expired: '已过期',
  revoked: '已撤销',
};

/** Where the coupon went, for the grant's result. */
export const grantOutcomeText = (coupon: Coupon): string =>
  coupon.status === 'attached' ? '已自动用于该车本次停车，出场时抵扣' : `该车当前不在场，将在下次入场时自动使用（${lotTimeText(coupon.expiresAt)} 前入场有效）`;

/** Staff may take back a coupon the driver has not used yet (the hold is released). */
export const canRevoke = (coupon: Coupon): boolean => coupon.status === 'waiting' || coupon.status === 'attached';
