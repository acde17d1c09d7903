/**
 * A merchant takes back a coupon not yet used (`POST /merchant/coupons/{couponId}/revoke`): the
 * hold is released (`releaseHold`, cause `revoked`) in one transaction with the coupon, on the
 * account's version and the coupon's status, whether it waits for the plate or is attached to
 * a visit going on. Owners revoke any of their merchant's coupons, clerks those they granted
 * (`mayRevoke`). Revoking a revoked coupon again answers it as it is (a retry); a used or
 * expired one is refused with 409 and changes nothing. Another merchant's coupon is not found.
 */
import type { MerchantStaffPrincipal } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { LedgerRefused, mayRevoke, releaseHold } from '../../shared/merchants/index.js';
import type { Coupon } from '../../shared/coupons/index.js';
import { staffOf } from './couponGrants.js';
import { loadCoupon } from './couponRecords.js';
import { commitCouponMovement } from './ledgerWrites.js';
import { accountView, type AccountView } from './recharges.js';

export interface RevocationAnswer {
  coupon: Coupon;
  /** The account after the release; absent when the coupon had been revoked before. */
  account?: AccountView;
}

export const revokeMerchantCoupon = async (principal: MerchantStaffPrincipal, couponId: string, now: Date): Promise<{ answer: RevocationAnswer; replayed: boolean }> => {
  const found = await loadCoupon(couponId);
  if (found === undefined || found.merchantId !== principal.merchantId) throw new DomainError('NOT_FOUND', `No coupon ${couponId}`, { couponId });
  const staff = staffOf(principal);
  if (!mayRevoke(staff, found)) {
    throw new LedgerRefused('NOT_THIS_MERCHANT', 'A clerk may revoke only the coupons they granted', { couponId, staffId: staff.staffId });
  }
  const { coupon, step } = await commitCouponMovement(couponId, (current, account, timezone) =>
    current.status === 'revoked' ? null : releaseHold({ account, coupon: current, cause: 'revoked', at: now.toISOString(), by: `staff:${staff.staffId}`, timezone }),
  );
  return step === null ? { answer: { coupon }, replayed: true } : { answer: { coupon, account: accountView(step.nextAccount) }, replayed: false };
};
