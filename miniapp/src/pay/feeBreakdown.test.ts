import { describe, expect, it } from 'vitest';
import { durationText, feeBreakdown, lotTimeText } from './feeBreakdown.js';
import { quoteFixture as quote } from './quoteFixture.test-support.js';

describe('the fee breakdown a driver reads', () => {
  it('lists entry, duration, gross, each discount, what was paid and what is due, in yuan', () => {
    expect(feeBreakdown(quote)).toEqual([
      { label: '入场时间', value: '2026-11-23 09:05' },
      { label: '停车时长', value: '2小时10分钟' },
      { label: '停车费', value: '¥11.00' },
      { label: '停车券（60分钟）', value: '-¥5.00' },
      { label: '抵扣停车券', value: '-¥2.00' },
      { label: '已支付', value: '-¥1.00' },
      { label: '应付金额', value: '¥3.00' },
    ]);
  });

  it('leaves out the paid line when nothing was paid', () => {
    const labels = feeBreakdown({ ...quote, discounts: [], paid: 0, due: 1100 }).map((line) => line.label);
    expect(labels).toEqual(['入场时间', '停车时长', '停车费', '应付金额']);
  });

  it('says durations as hours and minutes', () => {
    expect([durationText(0), durationText(45), durationText(60), durationText(61), durationText(1500)]).toEqual(['0分钟', '45分钟', '1小时', '1小时1分钟', '25小时']);
  });

  it('shows instants on the lot’s clock, whether the API wrote them with its offset or in UTC', () => {
    expect(lotTimeText('2026-11-23T09:05:00+08:00')).toBe('2026-11-23 09:05');
    expect(lotTimeText('2026-11-23T17:05:00.000Z')).toBe('2026-11-24 01:05');
  });
});
