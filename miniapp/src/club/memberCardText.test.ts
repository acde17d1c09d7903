import { describe, expect, it } from 'vitest';
import { benefitLines, memberStatusText, pointsEntryLine } from './memberCardText.js';

describe('a member card as a driver reads it', () => {
  it('says whether the benefits apply, and why not', () => {
    const graceUntil = '2026-12-10T23:59:59+08:00';
    expect(memberStatusText({ status: 'ACTIVE', entitled: true, graceUntil })).toBe('权益生效中');
    expect(memberStatusText({ status: 'ACTIVE', entitled: false, graceUntil })).toBe('已过有效期，请在 2026-12-10 23:59 前续期');
    expect(memberStatusText({ status: 'PENDING', entitled: false, graceUntil })).toBe('审核中，通过后享受会员权益');
    expect(memberStatusText({ status: 'LAPSED', entitled: false, graceUntil })).toBe('已失效（连续数月未达到最低停车次数）');
  });

  it('lists the tier’s benefits with this month’s free time left, leaving out what the tier lacks', () => {
    const monthlyQuota = { month: '2026-11', totalMinutes: 240, usedMinutes: 90, leftMinutes: 150 };
    expect(
      benefitLines({ benefits: { freeMinutesPerVisit: 30, monthlyFreeHours: 4, pointsMultiplier: 1.5, pointsRedemption: { points: 100, amountFen: 100, maxAmountFenPerVisit: 1000 } }, monthlyQuota }),
    ).toEqual(['每次停车免费30分钟', '每月免费4小时，本月还剩2小时30分钟', '停车费每消费1元积1.5分', '100积分抵¥1.00，每次最多抵¥10.00']);
    expect(benefitLines({ benefits: { freeMinutesPerVisit: 0, monthlyFreeHours: 0, pointsMultiplier: 1, pointsRedemption: null }, monthlyQuota })).toEqual(['停车费每消费1元积1分']);
  });

  it('signs each points entry', () => {
    expect(pointsEntryLine({ kind: 'earn', points: 11, at: '2026-11-23T03:15:00.000Z' })).toEqual({ title: '停车消费积分', time: '2026-11-23 11:15', points: '+11' });
    expect(pointsEntryLine({ kind: 'redeem', points: -200, at: '2026-11-23T11:15:00+08:00' }).points).toBe('-200');
  });
});
