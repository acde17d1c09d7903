import { describe, expect, it } from 'vitest';
import type { Coupon } from '@shared/coupons/coupon.js';
import type { CouponTemplate } from '@shared/coupons/couponTemplate.js';
import { canRevoke, faceText, grantOutcomeText, templateText } from './couponText.js';

const coupon: Coupon = {
  couponId: 'cpn-1',
  lotId: 'lot-1',
  merchantId: 'm-1',
  templateId: 'two-hours',
  plate: '粤B12345',
  face: { kind: 'minutes', value: 120 },
  priceFen: 500,
  status: 'attached',
  sessionId: 's-1',
  grantedAt: '2026-11-23T10:00:00+08:00',
  grantedBy: { kind: 'staff', staffId: 'st-1' },
  expiresAt: '2026-11-24T10:00:00+08:00',
};

describe('coupons in the words staff use', () => {
  it('each face kind', () => {
    expect(faceText({ kind: 'minutes', value: 120 })).toBe('免费停车2小时');
    expect(faceText({ kind: 'amount', value: 500 })).toBe('抵扣¥5.00');
    expect(faceText({ kind: 'percent', value: 15 })).toBe('停车费减免15%');
    expect(faceText({ kind: 'full' })).toBe('本次停车全免');
  });

  it('a template: what it gives, its price to the merchant and how long it waits for the car', () => {
    const twoHours: CouponTemplate = { templateId: 'two-hours', merchantId: 'm-1', name: '免费停车2小时', kind: 'minutes', value: 120, priceFen: 500, validity: { hours: 24 }, membersOnly: false, status: 'active' };
    expect(templateText(twoHours)).toBe('免费停车2小时 · 每张¥5.00 · 发放后24小时内入场有效');
    const spend: CouponTemplate = {
      templateId: 'spend-88',
      merchantId: 'm-1',
      name: '消费满88元停车',
      kind: 'spendThreshold',
      thresholdFen: 8800,
      minutes: 120,
      holidayMinutes: 180,
      priceFen: 800,
      validity: { until: '2026-12-31' },
      membersOnly: false,
      status: 'active',
    };
    expect(templateText(spend)).toBe('小票满¥88.00，免费停车2小时（节假日3小时） · 每张¥8.00 · 2026-12-31 前入场有效');
  });

  it('where the granted coupon went: the visit in progress, or the next one before its deadline', () => {
    expect(grantOutcomeText(coupon)).toBe('已自动用于该车本次停车，出场时抵扣');
    expect(grantOutcomeText({ ...coupon, status: 'waiting', sessionId: null, expiresAt: '2026-11-24T02:00:00Z' })).toBe(
      '该车当前不在场，将在下次入场时自动使用（2026-11-24 10:00 前入场有效）',
    );
  });

  it('only coupons not yet used can be revoked', () => {
    expect((['waiting', 'attached', 'used', 'expired', 'revoked'] as const).map((status) => canRevoke({ ...coupon, status }))).toEqual([true, true, false, false, false]);
  });
});
