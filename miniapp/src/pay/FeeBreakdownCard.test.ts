import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { DriverQuote } from '../api/driverPayments.js';
import { FeeBreakdownCard } from './FeeBreakdownCard.js';
import { quoteFixture } from './quoteFixture.test-support.js';

vi.mock('@tarojs/components', () => import('../ui/htmlComponents.test-support.js'));

const quote: DriverQuote = { ...quoteFixture, discounts: [{ kind: 'minutes', value: 120, amount: 900 }], netFee: 200, paid: 0, due: 200 };

/** Each rendered line as [kind, label, value], and the note under them. */
const rendered = (shown: DriverQuote) => {
  const markup = renderToStaticMarkup(createElement(FeeBreakdownCard, { quote: shown }));
  const lines = [...markup.matchAll(/<div class="fee-line fee-line--(\w+)"><span class="fee-line__label">([^<]+)<\/span><span class="fee-line__value">([^<]+)<\/span><\/div>/g)].map((match) => match.slice(1));
  const note = /<span class="fee-breakdown__note">([^<]+)<\/span>/.exec(markup)?.[1];
  return { lines, note };
};

describe('FeeBreakdownCard as the driver sees it', () => {
  it('shows the working in order, discounts as reductions and the amount due last', () => {
    expect(rendered(quote)).toEqual({
      lines: [
        ['plain', '入场时间', '2026-11-23 09:05'],
        ['plain', '停车时长', '2小时10分钟'],
        ['plain', '停车费', '¥11.00'],
        ['minus', '停车券（120分钟）', '-¥9.00'],
        ['due', '应付金额', '¥2.00'],
      ],
      note: '支付后15分钟内离场无需再缴费',
    });
  });

  it('shows an earlier payment, and once it covers the fee, until when the car may leave', () => {
    const paid = rendered({ ...quote, discounts: [], netFee: 1100, paid: 1100, due: 0, chargedUntil: '2026-11-23T23:50:00+08:00' });
    expect(paid.lines.slice(-2)).toEqual([
      ['minus', '已支付', '-¥11.00'],
      ['due', '应付金额', '¥0.00'],
    ]);
    expect(paid.note).toBe('已缴清，请在 00:05 前离场');
  });

  it("states the lot's own exit grace, not DESIGN.md's 15 minutes", () => {
    expect(rendered({ ...quote, exitGraceMinutes: 30 }).note).toBe('支付后30分钟内离场无需再缴费');
    const paid = rendered({ ...quote, exitGraceMinutes: 5, discounts: [], netFee: 1100, paid: 1100, due: 0, chargedUntil: '2026-11-23T23:50:00+08:00' });
    expect(paid.note).toBe('已缴清，请在 23:55 前离场');
  });

  it('tells a car that owes nothing (free minutes, exempt) that it may leave', () => {
    const free = rendered({ ...quote, durationMinutes: 10, grossFee: 0, discounts: [], netFee: 0, due: 0 });
    expect(free.note).toBe('当前无需缴费，可直接离场');
    const exempt = rendered({ ...quote, discounts: [{ kind: 'exempt', amount: 1100 }], netFee: 0, due: 0 });
    expect(exempt.lines[3]).toEqual(['minus', '免费车辆', '-¥11.00']);
  });
});
