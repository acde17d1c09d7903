import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statementCsv, type Statement } from '../../../shared/merchants/statement.js';
import { faceValueInChinese, parseCsv, statementSummary } from './statementSummary.js';

const noCoupons = { count: 0, priceFen: 0, faceMinutes: 0, faceAmountFen: 0, percentCount: 0, fullCount: 0 };

// What the API sends: the shared core's own CSV of a month with a recharge, grants, a use and an adjustment.
const statement: Statement = {
  merchantId: 'm-1',
  month: '2026-11',
  timezone: 'Asia/Shanghai',
  openingBalanceFen: 1000,
  openingHeldFen: 0,
  recharges: { count: 1, amountFen: 50_000 },
  settlements: { count: 0, amountFen: 0 },
  adjustments: { count: 1, amountFen: -300 },
  couponsGranted: { count: 2, priceFen: 1000, faceMinutes: 120, faceAmountFen: 0, percentCount: 0, fullCount: 1 },
  couponsUsed: { ...noCoupons, count: 1, priceFen: 500, faceMinutes: 120 },
  couponsExpired: noCoupons,
  couponsRevoked: noCoupons,
  closingBalanceFen: 50_200,
  closingHeldFen: 500,
  amountDueFen: 0,
  lines: [
    { entryId: 'm-1.1', at: '2026-11-02T10:00:00+08:00', item: 'recharge', amountFen: 50_000, balanceAfterFen: 51_000, heldAfterFen: 0 },
    { entryId: 'm-1.2', at: '2026-11-03T11:00:00+08:00', item: 'coupon granted', couponId: 'c-1', plate: '粤B12345', faceValue: '120 min', priceFen: 500, amountFen: 0, balanceAfterFen: 51_000, heldAfterFen: 500 },
    { entryId: 'm-1.3', at: '2026-11-03T12:00:00+08:00', item: 'coupon granted', couponId: 'c-2', plate: '粤B54321', faceValue: 'free parking', priceFen: 500, amountFen: 0, balanceAfterFen: 51_000, heldAfterFen: 1000 },
    { entryId: 'm-1.4', at: '2026-11-03T13:00:00+08:00', item: 'coupon used', couponId: 'c-1', plate: '粤B12345', faceValue: '120 min', priceFen: 500, amountFen: -500, balanceAfterFen: 50_500, heldAfterFen: 500 },
    { entryId: 'm-1.5', at: '2026-11-04T09:00:00+08:00', item: 'adjustment', amountFen: -300, balanceAfterFen: 50_200, heldAfterFen: 500, note: 'fee, "manual", correction' },
  ],
};

describe('the monthly statement read on the phone', () => {
  it('reads the totals the CSV carries', () => {
    const summary = statementSummary(statementCsv(statement));
    expect(summary).toMatchObject({
      openingBalanceFen: 1000,
      recharges: { count: 1, amountFen: 50_000 },
      adjustments: { count: 1, amountFen: -300 },
      couponsGranted: { count: 2, priceFen: 1000, faceText: '2小时 + 1张全免券' },
      couponsUsed: { count: 1, priceFen: 500, faceText: '2小时' },
      couponsExpired: { count: 0, priceFen: 0, faceText: '' },
      closingBalanceFen: 50_200,
      heldAtCloseFen: 500,
      amountDueFen: 0,
    });
  });

  it('lists every movement in Chinese, in order, with its plate and balance after', () => {
    const { movements } = statementSummary(statementCsv(statement));
    expect(movements.map(({ item, plate, faceText, amountFen, balanceFen }) => [item, plate, faceText, amountFen, balanceFen])).toEqual([
      ['充值', '', '', 50_000, 51_000],
      ['发券（冻结）', '粤B12345', '2小时', 0, 51_000],
      ['发券（冻结）', '粤B54321', '全免', 0, 51_000],
      ['券已核销（扣款）', '粤B12345', '2小时', -500, 50_500],
      ['调账', '', '', -300, 50_200],
    ]);
  });

  it('a merchant on credit owes the negative balance', () => {
    const owing = statementSummary(statementCsv({ ...statement, closingBalanceFen: -12_300, amountDueFen: 12_300 }));
    expect(owing.amountDueFen).toBe(12_300);
    expect(owing.closingBalanceFen).toBe(-12_300);
  });

  it('parses quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","line\nbreak"\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line\nbreak'],
    ]);
  });

  it('translates face values and refuses text that is not a statement', () => {
    expect(faceValueInChinese('¥5.00 off + 2 × percent off + 15% off')).toBe('抵扣¥5.00 + 2张折扣券 + 减免15%');
    expect(() => statementSummary('{"error":{}}')).toThrow('Not a statement CSV');
  });
});

describe('any statement the API writes reads back whole', () => {
  const fen = fc.integer({ min: -10_000_000, max: 10_000_000 });
  const total = fc.record({ count: fc.nat(500), amountFen: fen });
  const couponTotal = fc.record({
    count: fc.nat(500),
    priceFen: fc.nat(10_000_000),
    faceMinutes: fc.nat(100_000),
    faceAmountFen: fc.nat(1_000_000),
    percentCount: fc.nat(50),
    fullCount: fc.nat(50),
  });
  const line = fc.record({
    entryId: fc.stringMatching(/^m-1\.\d{1,6}$/),
    at: fc.constant('2026-11-03T11:00:00+08:00'),
    item: fc.constantFrom('recharge', 'coupon granted', 'coupon used', 'coupon expired', 'coupon revoked', 'settlement', 'adjustment' as const),
    plate: fc.constantFrom('粤B12345', '京A0000D'),
    amountFen: fen,
    balanceAfterFen: fen,
    heldAfterFen: fc.nat(1_000_000),
    // Notes are free text: commas, quotes, line breaks and formula characters must not shift columns.
    note: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '=', '-', '停', ' ') }),
  });
  const statements = fc.record({
    openingBalanceFen: fen,
    recharges: total,
    settlements: total,
    adjustments: total,
    couponsGranted: couponTotal,
    couponsUsed: couponTotal,
    couponsExpired: couponTotal,
    couponsRevoked: couponTotal,
    closingBalanceFen: fen,
    closingHeldFen: fc.nat(10_000_000),
    amountDueFen: fc.nat(10_000_000),
    lines: fc.array(line, { maxLength: 20 }),
  });

  it('every total and every movement, in order', () => {
    fc.assert(
      fc.property(statements, (generated) => {
        const written: Statement = { ...statement, ...generated };
        const summary = statementSummary(statementCsv(written));
        expect(summary.openingBalanceFen).toBe(written.openingBalanceFen);
        expect(summary.closingBalanceFen).toBe(written.closingBalanceFen);
        expect(summary.heldAtCloseFen).toBe(written.closingHeldFen);
        expect(summary.amountDueFen).toBe(written.amountDueFen);
        expect(summary.recharges).toEqual(written.recharges);
        expect(summary.couponsUsed).toMatchObject({ count: written.couponsUsed.count, priceFen: written.couponsUsed.priceFen });
        expect(summary.movements.map(({ plate, amountFen, balanceFen }) => [plate, amountFen, balanceFen])).toEqual(
          written.lines.map((entry) => [entry.plate ?? '', entry.amountFen, entry.balanceAfterFen]),
        );
      }),
    );
  });
});
