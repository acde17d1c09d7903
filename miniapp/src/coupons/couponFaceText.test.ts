import { describe, expect, it } from 'vitest';
import type { DriverCoupon } from '../../../shared/coupons/driverCoupons.js';
import { couponFaceText, couponGroupOf, couponStatusText } from './couponFaceText.js';

const coupon: DriverCoupon = {
  couponId: 'c-1',
  lotId: 'lot-demo',
  plate: '粤B12345',
  merchantId: 'm-1',
  merchantName: '星巴克',
  face: { kind: 'minutes', value: 120 },
  status: 'attached',
  sessionId: 's-1',
  grantedAt: '2026-11-23T10:00:00+08:00',
  expiresAt: '2026-11-30T10:00:00+08:00',
  appliesNow: true,
  appliesNextVisit: false,
};

describe('a coupon as a driver reads it', () => {
  it('says each face as the shop’s staff read it', () => {
    expect(couponFaceText({ kind: 'minutes', value: 120 })).toBe('免费停车2小时');
    expect(couponFaceText({ kind: 'amount', value: 500 })).toBe('抵扣¥5.00');
  });

  it('puts coupons that count at this exit first, then those waiting for the next visit, then the ended', () => {
    expect(couponGroupOf(coupon)).toBe('now');
    expect(couponStatusText(coupon)).toBe('本次停车离场时自动抵扣 · 粤B12345');
    const waiting = { ...coupon, status: 'waiting' as const, sessionId: null, appliesNow: false, appliesNextVisit: true };
    expect(couponGroupOf(waiting)).toBe('next');
    expect(couponStatusText(waiting)).toBe('粤B12345 下次入场自动使用，2026-11-30 10:00 前有效');
    const used = { ...coupon, status: 'used' as const, appliesNow: false, endedAt: '2026-11-23T12:00:00+08:00' };
    expect([couponGroupOf(used), couponStatusText(used)]).toEqual(['ended', '已使用 · 2026-11-23 12:00']);
    expect(couponStatusText({ ...coupon, status: 'expired', appliesNow: false })).toBe('已过期');
  });
});
