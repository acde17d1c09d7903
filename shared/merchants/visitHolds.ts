import type { Coupon, VisitSettlement } from '../coupons/index.js';
import { captureOnUse, releaseHold, type CouponLedgerStep, type LedgerEntry, type LedgerStep, type Movement } from './ledger.js';
import type { MerchantAccount } from './merchant.js';

export interface MerchantCouponsStep extends LedgerStep {
  /** Each coupon in its new status: write each conditional on still attached. */
  coupons: Coupon[];
}

/**
 * One merchant's part of a closed visit's settlement (`settleVisitCoupons`) as ONE ledger step:
 * each used coupon captured and each unused one released, one after the other on the account,
 * so the adapter writes the account once, on the version it read.
 */
export const settleMerchantCoupons = ({ account, use, unused, ...movement }: { account: MerchantAccount } & VisitSettlement & Movement): MerchantCouponsStep => {
  const moves: ((current: MerchantAccount) => CouponLedgerStep)[] = [
    ...use.map((coupon) => (current: MerchantAccount) => captureOnUse({ account: current, coupon, ...movement })),
    ...unused.map((coupon) => (current: MerchantAccount) => releaseHold({ account: current, coupon, cause: 'unused', ...movement })),
  ];
  const entries: LedgerEntry[] = [];
  const coupons: Coupon[] = [];
  let nextAccount = account;
  for (const move of moves) {
    const step = move(nextAccount);
    entries.push(...step.entries);
    coupons.push(step.coupon);
    nextAccount = step.nextAccount;
  }
  return { entries, nextAccount, coupons };
};
