import { describe, expect, it } from 'vitest';
import type { CouponTemplate } from '@shared/coupons/couponTemplate.js';
import { claimableTemplates, claimCodeRequest, claimCodeState, draftOf } from './claimCodeDraft.js';

const now = Date.parse('2026-11-23T06:00:00Z');

describe('the owner’s claim-code form', () => {
  it('a printed code by default: 100 coupons, one each, 30 days', () => {
    expect(claimCodeRequest(draftOf('static', 'two-hours'), now)).toEqual({
      ok: true,
      request: { templateId: 'two-hours', kind: 'static', quota: 100, perDriverLimit: 1, expiresAt: '2026-12-23T06:00:00.000Z' },
    });
  });

  it('a dynamic code by default: one coupon, five minutes', () => {
    expect(claimCodeRequest(draftOf('dynamic', 'two-hours'), now)).toEqual({
      ok: true,
      request: { templateId: 'two-hours', kind: 'dynamic', quota: 1, perDriverLimit: 1, expiresAt: '2026-11-23T06:05:00.000Z' },
    });
  });

  it('says what to fix instead of sending what the API would refuse', () => {
    const draft = draftOf('dynamic', 'two-hours');
    expect(claimCodeRequest({ ...draft, lifetime: '11' }, now)).toEqual({ ok: false, problem: '有效期请填写 1–10 分钟' });
    expect(claimCodeRequest({ ...draftOf('static', 'two-hours'), lifetime: '367' }, now)).toEqual({ ok: false, problem: '有效期请填写 1–366 天' });
    expect(claimCodeRequest({ ...draft, quota: '2', perDriverLimit: '3' }, now)).toEqual({ ok: false, problem: '每人限领不能超过发放名额' });
    expect(claimCodeRequest({ ...draft, quota: '0' }, now)).toEqual({ ok: false, problem: '发放名额请填写 1–100000 的整数' });
    expect(claimCodeRequest({ ...draft, quota: '1.5' }, now)).toEqual({ ok: false, problem: '发放名额请填写 1–100000 的整数' });
    expect(claimCodeRequest({ ...draft, templateId: '' }, now)).toEqual({ ok: false, problem: '请选择停车券' });
  });

  it('spend-threshold templates are not offered: a customer cannot show a code their receipt', () => {
    const base = { merchantId: 'm-1', priceFen: 500, validity: { hours: 24 }, membersOnly: false, status: 'active' } as const;
    const templates: CouponTemplate[] = [
      { ...base, templateId: 'two-hours', name: '2小时', kind: 'minutes', value: 120 },
      { ...base, templateId: 'spend-88', name: '满88', kind: 'spendThreshold', thresholdFen: 8800, minutes: 120, holidayMinutes: 180 },
      { ...base, templateId: 'old', name: '旧券', kind: 'full', status: 'retired' },
    ];
    expect(claimableTemplates(templates).map((template) => template.templateId)).toEqual(['two-hours']);
  });

  it('a code’s state: claimed of quota, and why it is closed', () => {
    const code = { quota: 10, expiresAt: '2026-11-23T07:00:00Z', status: 'active' as const };
    expect(claimCodeState({ code, claimedCount: 3 }, now)).toEqual({ progress: '已领 3/10', open: true, label: '可领取' });
    expect(claimCodeState({ code, claimedCount: 10 }, now)).toMatchObject({ open: false, label: '已领完' });
    expect(claimCodeState({ code, claimedCount: 3 }, Date.parse('2026-11-23T07:00:00Z'))).toMatchObject({ open: false, label: '已过期' });
    expect(claimCodeState({ code: { ...code, status: 'revoked' }, claimedCount: 0 }, now)).toMatchObject({ open: false, label: '已作废' });
  });
});
