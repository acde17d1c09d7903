import { describe, expect, it } from 'vitest';
import { calendar, fiveYuan, spend88, template, timezone, twoHours } from '../merchants/merchantFixtures.test-support.js';
import { couponExpiresAt, couponTemplateSchema, faceValueText, isCouponRefused, resolveTemplate } from './index.js';

const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

const ordinaryDay = '2026-03-10T14:00:00+08:00';
const weekBeforeMidAutumn = '2026-09-20T14:00:00+08:00';

describe('coupon templates', () => {
  it('minutes, amount, percent and full templates give their face and price', () => {
    expect(resolveTemplate(twoHours, { at: ordinaryDay, calendar })).toEqual({ face: { kind: 'minutes', value: 120 }, priceFen: 600, holiday: null });
    expect(resolveTemplate(fiveYuan, { at: ordinaryDay, calendar })).toEqual({ face: { kind: 'amount', value: 500 }, priceFen: 400, holiday: null });
    const percent = template({ kind: 'percent', value: 15, priceFen: 300 });
    expect(resolveTemplate(percent, { at: ordinaryDay, calendar }).face).toEqual({ kind: 'percent', value: 15 });
    const full = template({ kind: 'full', priceFen: 1500 });
    expect(resolveTemplate(full, { at: ordinaryDay, calendar })).toEqual({ face: { kind: 'full' }, priceFen: 1500, holiday: null });
  });

  it('spend ≥ ¥88 gives 120 minutes on an ordinary day, 180 in a holiday period at the holiday price', () => {
    expect(resolveTemplate(spend88, { receiptFen: 8800, at: ordinaryDay, calendar })).toEqual({
      face: { kind: 'minutes', value: 120 },
      priceFen: 600,
      holiday: null,
    });
    expect(resolveTemplate(spend88, { receiptFen: 12_000, at: weekBeforeMidAutumn, calendar })).toEqual({
      face: { kind: 'minutes', value: 180 },
      priceFen: 800,
      holiday: '中秋节前一周',
    });
  });

  it('the holiday is decided by the grant’s local date: the first minute of the week before Mid-Autumn counts', () => {
    expect(resolveTemplate(spend88, { receiptFen: 9000, at: '2026-09-17T23:59:59+08:00', calendar }).face).toEqual({ kind: 'minutes', value: 120 });
    expect(resolveTemplate(spend88, { receiptFen: 9000, at: '2026-09-17T16:00:00Z', calendar }).face).toEqual({ kind: 'minutes', value: 180 });
  });

  it('a receipt of ¥87.99 is refused with the threshold; no receipt at all is a validation error', () => {
    const below = refusalOf(() => resolveTemplate(spend88, { receiptFen: 8799, at: ordinaryDay, calendar }));
    expect(isCouponRefused(below, 'RECEIPT_BELOW_THRESHOLD')).toBe(true);
    expect(below).toMatchObject({ code: 'CONFLICT', message: 'Receipt ¥87.99 is below ¥88.00', details: { receiptFen: 8799, thresholdFen: 8800 } });
    expect(refusalOf(() => resolveTemplate(spend88, { at: ordinaryDay, calendar }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'RECEIPT_REQUIRED' },
    });
  });

  it('spend-threshold defaults are the design’s: ¥88, 120 min, 180 min in holidays', () => {
    const plain = couponTemplateSchema.parse({ templateId: 't', merchantId: 'm', name: 'x', priceFen: 500, validity: { hours: 4 }, kind: 'spendThreshold' });
    expect(plain).toMatchObject({ thresholdFen: 8800, minutes: 120, holidayMinutes: 180, membersOnly: false, status: 'active' });
  });

  it('refuses templates with no value, a percent over 100 or a fraction of a fen', () => {
    const base = { templateId: 't', merchantId: 'm', name: 'x', priceFen: 500, validity: { hours: 4 } };
    expect(couponTemplateSchema.safeParse({ ...base, kind: 'minutes' }).success).toBe(false);
    expect(couponTemplateSchema.safeParse({ ...base, kind: 'percent', value: 120 }).success).toBe(false);
    expect(couponTemplateSchema.safeParse({ ...base, kind: 'amount', value: 2.5 }).success).toBe(false);
    expect(couponTemplateSchema.safeParse({ ...base, kind: 'amount', value: 0 }).success).toBe(false);
  });

  it('validity: hours after the grant, or to the end of a local date; a date already past is refused', () => {
    expect(couponExpiresAt({ hours: 24 }, '2026-03-10T14:00:00Z', timezone)).toBe('2026-03-11T22:00:00+08:00');
    expect(couponExpiresAt({ until: '2026-03-31' }, ordinaryDay, timezone)).toBe('2026-04-01T00:00:00+08:00');
    expect(refusalOf(() => couponExpiresAt({ until: '2026-03-09' }, ordinaryDay, timezone))).toMatchObject({ details: { reason: 'TEMPLATE_EXPIRED' } });
  });

  it('faces read as people say them', () => {
    expect([
      faceValueText({ kind: 'minutes', value: 120 }),
      faceValueText({ kind: 'amount', value: 500 }),
      faceValueText({ kind: 'percent', value: 15 }),
      faceValueText({ kind: 'full' }),
    ]).toEqual(['120 min', '¥5.00 off', '15% off', 'free parking']);
  });
});
