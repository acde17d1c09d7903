import { describe, expect, it } from 'vitest';
import { attachCoupon, type Coupon } from '../coupons/index.js';
import {
  adjust,
  buildStatement,
  captureOnUse,
  holdForGrant,
  openAccount,
  recharge,
  releaseHold,
  settle,
  statementCsv,
  statementCsvHeader,
  type LedgerEntry,
  type LedgerStep,
  type MerchantAccount,
} from './index.js';
import { couponOf, merchantWith, timezone } from './merchantFixtures.test-support.js';

const both = merchantWith({ mode: 'both', creditLimitFen: 20_000 });

/** February and March of a merchant on prepay + credit. */
const history = () => {
  const entries: LedgerEntry[] = [];
  let account: MerchantAccount = openAccount(both);
  const apply = (step: LedgerStep) => {
    entries.push(...step.entries);
    account = step.nextAccount;
  };
  const by = 'staff:s-clerk';
  const on = (at: string) => ({ at, by, timezone });
  const early = couponOf({ kind: 'minutes', value: 120 }, { priceFen: 600, expiresAt: '2026-03-01T10:00:00+08:00' });
  const used = couponOf({ kind: 'amount', value: 500 }, { priceFen: 400, plate: '粤B54321' });
  const expired = couponOf({ kind: 'minutes', value: 180 }, { priceFen: 800, expiresAt: '2026-03-05T00:00:00+08:00' });
  const revoked = couponOf({ kind: 'full' }, { priceFen: 1500 });
  const stillHeld = couponOf({ kind: 'percent', value: 20 }, { priceFen: 300 });
  apply(recharge({ account, merchant: both, amountFen: 1000, ...on('2026-02-01T10:00:00+08:00') }));
  apply(holdForGrant({ account, merchant: both, coupon: early, ...on('2026-02-28T12:00:00+08:00') }));
  // 1 March 00:30 in Shanghai is still February in UTC: it belongs to March.
  apply(holdForGrant({ account, merchant: both, coupon: used, ...on('2026-02-28T16:30:00Z') }));
  apply(captureOnUse({ account, coupon: attachCoupon(used, 's1'), ...on('2026-03-02T18:00:00+08:00') }));
  apply(holdForGrant({ account, merchant: both, coupon: expired, ...on('2026-03-03T12:00:00+08:00') }));
  apply(releaseHold({ account, coupon: expired, cause: 'expired', ...on('2026-03-05T01:00:00+08:00'), by: 'system:expiry' }));
  apply(captureOnUse({ account, coupon: attachCoupon(early, 's0'), ...on('2026-03-06T09:00:00+08:00') }));
  apply(holdForGrant({ account, merchant: both, coupon: revoked, ...on('2026-03-07T12:00:00+08:00') }));
  apply(releaseHold({ account, coupon: revoked, cause: 'revoked', ...on('2026-03-07T12:05:00+08:00') }));
  apply(adjust({ account, amountFen: -100, reason: '=SUM(A1), "corrected"', ...on('2026-03-08T12:00:00+08:00'), by: 'admin:arn' }));
  apply(settle({ account, amountFen: 50, ...on('2026-03-20T12:00:00+08:00'), by: 'admin:arn' }));
  apply(holdForGrant({ account, merchant: both, coupon: stillHeld, ...on('2026-03-31T23:00:00+08:00') }));
  apply(recharge({ account, merchant: both, amountFen: 5000, ...on('2026-04-01T09:00:00+08:00') }));
  const coupons: Coupon[] = [early, used, expired, revoked, stillHeld];
  return { entries, coupons, account };
};

describe('monthly statement', () => {
  it('opens with last month’s balance, totals the month by kind, and closes with what is owed', () => {
    const { entries, coupons } = history();
    const march = buildStatement(entries, coupons, '2026-03', timezone);
    expect(march).toMatchObject({
      merchantId: 'm-tea',
      openingBalanceFen: 1000,
      openingHeldFen: 600,
      recharges: { count: 0, amountFen: 0 },
      settlements: { count: 1, amountFen: 50 },
      adjustments: { count: 1, amountFen: -100 },
      couponsGranted: { count: 4, priceFen: 400 + 800 + 1500 + 300, faceAmountFen: 500, faceMinutes: 180, percentCount: 1, fullCount: 1 },
      couponsUsed: { count: 2, priceFen: 1000, faceMinutes: 120, faceAmountFen: 500 },
      couponsExpired: { count: 1, priceFen: 800, faceMinutes: 180 },
      couponsRevoked: { count: 1, priceFen: 1500, fullCount: 1 },
      closingBalanceFen: 1000 - 1000 - 100 + 50,
      closingHeldFen: 300,
      amountDueFen: 50,
    });
    expect(march.closingBalanceFen).toBe(
      march.openingBalanceFen + march.recharges.amountFen + march.settlements.amountFen + march.adjustments.amountFen - march.couponsUsed.priceFen,
    );
    expect(march.lines.map((line) => line.item)).toEqual([
      'coupon granted',
      'coupon used',
      'coupon granted',
      'coupon expired',
      'coupon used',
      'coupon granted',
      'coupon revoked',
      'adjustment',
      'settlement',
      'coupon granted',
    ]);
    expect(march.lines[0]).toMatchObject({ at: '2026-03-01T00:30:00+08:00', plate: '粤B54321', faceValue: '¥5.00 off', priceFen: 400, amountFen: 0, balanceAfterFen: 1000 });
    const february = buildStatement(entries, coupons, '2026-02', timezone);
    expect(february).toMatchObject({ openingBalanceFen: 0, closingBalanceFen: 1000, closingHeldFen: 600, amountDueFen: 0, recharges: { count: 1, amountFen: 1000 } });
    expect(buildStatement(entries, coupons, '2026-04', timezone).openingBalanceFen).toBe(march.closingBalanceFen);
  });

  it('needs the coupons its entries name', () => {
    const { entries } = history();
    expect(() => buildStatement(entries, [], '2026-03', timezone)).toThrow(/needs coupon/);
  });

  it('as CSV: BOM, header row, CRLF, yuan with two decimals beside fen, RFC 4180 quoting, formulas defused', () => {
    const { entries, coupons } = history();
    const csv = statementCsv(buildStatement(entries, coupons, '2026-03', timezone));
    expect(csv.startsWith('\uFEFFat,item,entryId,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = csv.slice(1).split('\r\n').slice(0, -1);
    expect(rows[0]).toBe(statementCsvHeader.join(','));
    expect(rows[1]).toBe(',opening balance,,,,,,,,,,10.00,1000,');
    expect(rows[2]).toBe(`2026-03-01T00:30:00+08:00,coupon granted,m-tea.3,${coupons[1]!.couponId},粤B54321,¥5.00 off,,4.00,400,0.00,0,10.00,1000,`);
    expect(rows).toContain('2026-03-08T12:00:00+08:00,adjustment,m-tea.10,,,,,,,-1.00,-100,-1.00,-100,"\'=SUM(A1), ""corrected"""');
    expect(rows).toContain(',total coupons used,,,,120 min + ¥5.00 off,2,10.00,1000,-10.00,-1000,,,');
    expect(rows.slice(-3)).toEqual([',closing balance,,,,,,,,,,-0.50,-50,', ',held at close,,,,,,,,3.00,300,,,', ',amount due,,,,,,,,0.50,50,,,']);
    for (const row of rows) expect(row.split(',').length).toBeGreaterThanOrEqual(statementCsvHeader.length);
  });
});
