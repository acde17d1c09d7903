import { describe, expect, it } from 'vitest';
import { attachCoupon } from '../coupons/index.js';
import {
  adjust,
  availableFen,
  captureOnUse,
  changeBilling,
  foldLedger,
  holdForGrant,
  isLedgerRefused,
  ledgerEntrySchema,
  openAccount,
  openHolds,
  recharge,
  releaseHold,
  settle,
  type LedgerEntry,
  type MerchantAccount,
} from './index.js';
import { accountWith, couponOf, merchantWith, onCredit, prepaid, timezone } from './merchantFixtures.test-support.js';

const at = '2026-03-10T14:00:00+08:00';
const movement = { at, by: 'staff:s-clerk', timezone };
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('merchant accounts', () => {
  it('available = balance − held + credit: prepaid has no credit, credit and both add the limit', () => {
    expect(availableFen({ ...openAccount(prepaid), balanceFen: 5000, heldFen: 1200 })).toBe(3800);
    expect(availableFen({ ...openAccount(onCredit), balanceFen: -2000, heldFen: 1200 })).toBe(6800);
    const both = merchantWith({ mode: 'both', creditLimitFen: 3000 });
    expect(availableFen({ ...openAccount(both), balanceFen: 1000, heldFen: 600 })).toBe(3400);
  });

  it('a new billing mode changes the credit in force, not the money; the version moves', () => {
    const account = accountWith(prepaid, 1000);
    const changed = changeBilling(prepaid, account, { mode: 'both', creditLimitFen: 5000 });
    expect(changed.account).toEqual({ ...account, creditLimitFen: 5000, version: 1 });
    expect(changed.merchant.billing).toEqual({ mode: 'both', creditLimitFen: 5000 });
  });
});

describe('the merchant ledger', () => {
  it('a recharge adds to the balance with one entry filed under the lot’s local month', () => {
    const { entries, nextAccount } = recharge({ account: openAccount(prepaid), merchant: prepaid, amountFen: 50_000, ...movement, at: '2026-03-31T16:30:00Z' });
    expect(entries).toEqual([
      { entryId: 'm-tea.1', merchantId: 'm-tea', kind: 'recharge', amountFen: 50_000, heldDeltaFen: 0, at: '2026-03-31T16:30:00Z', by: 'staff:s-clerk', month: '2026-04' },
    ]);
    expect(nextAccount).toEqual({ merchantId: 'm-tea', balanceFen: 50_000, heldFen: 0, creditLimitFen: 0, version: 1 });
  });

  it('a credit-only merchant pays in by settlement, not recharge', () => {
    const refusal = errorOf(() => recharge({ account: openAccount(onCredit), merchant: onCredit, amountFen: 100, ...movement }));
    expect(refusal).toMatchObject({ code: 'CONFLICT', details: { reason: 'RECHARGE_NOT_ALLOWED' } });
  });

  it('a hold reserves the price; a grant beyond balance + credit is refused with what is missing', () => {
    const account = accountWith(prepaid, 1000);
    const { nextAccount, entries } = holdForGrant({ account, merchant: prepaid, coupon: couponOf({ kind: 'minutes', value: 120 }, { priceFen: 600 }), ...movement });
    expect(entries[0]).toMatchObject({ kind: 'hold', amountFen: 0, heldDeltaFen: 600 });
    expect(nextAccount).toMatchObject({ balanceFen: 1000, heldFen: 600, version: 1 });
    const refusal = errorOf(() => holdForGrant({ account: nextAccount, merchant: prepaid, coupon: couponOf({ kind: 'minutes', value: 120 }, { priceFen: 600 }), ...movement }));
    expect(isLedgerRefused(refusal, 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(refusal).toMatchObject({
      code: 'CONFLICT',
      message: 'The coupon costs ¥6.00 but only ¥4.00 is available',
      details: { priceFen: 600, availableFen: 400, shortfallFen: 200 },
    });
  });

  it('a credit merchant grants down to its limit, no further', () => {
    let account: MerchantAccount = openAccount(onCredit);
    for (let grant = 0; grant < 10; grant += 1) {
      account = holdForGrant({ account, merchant: onCredit, coupon: couponOf({ kind: 'amount', value: 500 }, { priceFen: 1000 }), ...movement }).nextAccount;
    }
    expect(availableFen(account)).toBe(0);
    expect(() => holdForGrant({ account, merchant: onCredit, coupon: couponOf({ kind: 'amount', value: 500 }, { priceFen: 1 }), ...movement })).toThrow(
      /only ¥0.00 is available/,
    );
  });

  it('a suspended merchant cannot grant (FORBIDDEN)', () => {
    const suspended = merchantWith({ mode: 'prepaid' }, { status: 'suspended' });
    const refusal = errorOf(() => holdForGrant({ account: accountWith(suspended, 5000), merchant: suspended, coupon: couponOf({ kind: 'full' }), ...movement }));
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'MERCHANT_SUSPENDED' } });
  });

  it('use captures the price into the car park’s income; a second capture or release of that coupon is refused', () => {
    const coupon = couponOf({ kind: 'minutes', value: 120 }, { priceFen: 600 });
    const held = holdForGrant({ account: accountWith(prepaid, 1000), merchant: prepaid, coupon, ...movement });
    const captured = captureOnUse({ account: held.nextAccount, coupon: attachCoupon(coupon, 'session-1'), ...movement });
    expect(captured.entries[0]).toMatchObject({ kind: 'capture', amountFen: -600, heldDeltaFen: -600, couponId: coupon.couponId });
    expect(captured.nextAccount).toMatchObject({ balanceFen: 400, heldFen: 0, version: 2 });
    expect(captured.coupon).toMatchObject({ status: 'used', endedAt: at });
    expect(errorOf(() => captureOnUse({ account: captured.nextAccount, coupon: captured.coupon, ...movement }))).toMatchObject({ details: { reason: 'COUPON_NOT_OPEN' } });
    expect(errorOf(() => releaseHold({ account: captured.nextAccount, coupon: captured.coupon, cause: 'revoked', ...movement }))).toMatchObject({
      details: { reason: 'COUPON_NOT_OPEN' },
    });
  });

  it('expiry and revocation give the price back; expiry only once the deadline has passed', () => {
    const coupon = couponOf({ kind: 'amount', value: 500 }, { priceFen: 400, expiresAt: '2026-03-11T14:00:00+08:00' });
    const held = holdForGrant({ account: accountWith(prepaid, 1000), merchant: prepaid, coupon, ...movement });
    expect(errorOf(() => releaseHold({ account: held.nextAccount, coupon, cause: 'expired', ...movement }))).toMatchObject({ details: { reason: 'COUPON_NOT_EXPIRED' } });
    const expired = releaseHold({ account: held.nextAccount, coupon, cause: 'expired', ...movement, at: '2026-03-11T14:00:00+08:00', by: 'system:expiry' });
    expect(expired.entries[0]).toMatchObject({ kind: 'release', amountFen: 0, heldDeltaFen: -400, reason: 'expired', by: 'system:expiry' });
    expect(expired.nextAccount).toMatchObject({ balanceFen: 1000, heldFen: 0 });
    const revoked = releaseHold({ account: held.nextAccount, coupon, cause: 'revoked', ...movement });
    expect(revoked.coupon.status).toBe('revoked');
  });

  it('a coupon of another merchant cannot move this merchant’s account', () => {
    const coupon = couponOf({ kind: 'full' }, { merchantId: 'm-other' });
    expect(errorOf(() => holdForGrant({ account: accountWith(prepaid, 5000), merchant: prepaid, coupon, ...movement }))).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'NOT_THIS_MERCHANT' },
    });
  });

  it('settlement pays what is owed and no more', () => {
    const owing = { ...openAccount(onCredit), balanceFen: -3000 };
    expect(settle({ account: owing, amountFen: 3000, ...movement, by: 'admin:arn' }).nextAccount.balanceFen).toBe(0);
    expect(errorOf(() => settle({ account: owing, amountFen: 3001, ...movement }))).toMatchObject({
      details: { reason: 'SETTLEMENT_EXCEEDS_DUE', dueFen: 3000, amountFen: 3001 },
    });
    expect(errorOf(() => settle({ account: accountWith(prepaid, 100), amountFen: 1, ...movement }))).toMatchObject({ details: { reason: 'SETTLEMENT_EXCEEDS_DUE', dueFen: 0 } });
  });

  it('an adjustment needs a reason and may go either way', () => {
    const down = adjust({ account: accountWith(prepaid, 100), amountFen: -500, reason: 'recharge keyed twice', ...movement });
    expect(down.entries[0]).toMatchObject({ kind: 'adjustment', amountFen: -500, reason: 'recharge keyed twice' });
    expect(down.nextAccount.balanceFen).toBe(-400);
    expect(errorOf(() => adjust({ account: accountWith(prepaid), amountFen: 100, reason: '  ', ...movement }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(errorOf(() => adjust({ account: accountWith(prepaid), amountFen: 0, reason: 'x', ...movement }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('amounts must be positive whole fen', () => {
    for (const amountFen of [0, -1, 1.5, Number.NaN]) {
      expect(errorOf(() => recharge({ account: accountWith(prepaid), merchant: prepaid, amountFen, ...movement }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('the fold of the entries is the account; open holds sum to what is held', () => {
    const first = couponOf({ kind: 'minutes', value: 60 }, { priceFen: 300 });
    const second = couponOf({ kind: 'minutes', value: 60 }, { priceFen: 500 });
    const entries: LedgerEntry[] = [];
    let account = openAccount(prepaid);
    const apply = (step: { entries: LedgerEntry[]; nextAccount: MerchantAccount }) => {
      entries.push(...step.entries);
      account = step.nextAccount;
    };
    apply(recharge({ account, merchant: prepaid, amountFen: 2000, ...movement }));
    apply(holdForGrant({ account, merchant: prepaid, coupon: first, ...movement }));
    apply(holdForGrant({ account, merchant: prepaid, coupon: second, ...movement }));
    apply(captureOnUse({ account, coupon: attachCoupon(first, 's1'), ...movement }));
    expect(foldLedger(entries)).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
    expect(account).toMatchObject({ balanceFen: 1700, heldFen: 500, version: 4 });
    expect([...openHolds(entries)]).toEqual([[second.couponId, 500]]);
    expect(entries.map((entry) => entry.entryId)).toEqual(['m-tea.1', 'm-tea.2', 'm-tea.3', 'm-tea.4']);
  });

  it('stored entries that break the sign convention do not parse', () => {
    const base = { entryId: 'm.1', merchantId: 'm', at, by: 'admin:x', month: '2026-03' };
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'recharge', amountFen: 100, heldDeltaFen: 0 }).success).toBe(true);
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'recharge', amountFen: -100, heldDeltaFen: 0 }).success).toBe(false);
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'hold', amountFen: 0, heldDeltaFen: 100 }).success).toBe(false); // no coupon
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'capture', amountFen: -100, heldDeltaFen: -90, couponId: 'c' }).success).toBe(false);
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'release', amountFen: 0, heldDeltaFen: -100, couponId: 'c' }).success).toBe(false); // no cause
    expect(ledgerEntrySchema.safeParse({ ...base, kind: 'adjustment', amountFen: 100, heldDeltaFen: 0 }).success).toBe(false); // no reason
  });
});
