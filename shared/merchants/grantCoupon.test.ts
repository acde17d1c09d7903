import { describe, expect, it } from 'vitest';
import { couponPolicySchema } from '../coupons/index.js';
import { availableFen, grantCoupon, mayRevoke, type IssueInput } from './index.js';
import {
  accountWith,
  calendar,
  couponOf,
  fiveYuan,
  merchantWith,
  openSessionOf,
  policy,
  prepaid,
  spend88,
  staffOf,
  template,
  twoHours,
} from './merchantFixtures.test-support.js';

const clerk = staffOf(prepaid);
const plate = '粤B12345';
const at = '2026-03-10T14:00:00+08:00';
const base: IssueInput = {
  couponId: 'cp-1',
  template: twoHours,
  merchant: prepaid,
  account: accountWith(prepaid, 5000),
  plate: ' 粤b 12345 ',
  at,
  calendar,
  policy,
  todaysGrantsForPlateByMerchant: 0,
  sessionCoupons: [],
};
const reasonOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { details?: { reason?: string } }).details?.reason ?? (error as { code: string }).code;
  }
};

describe('granting a coupon by plate', () => {
  it('lands on the plate’s open session, holds its price and records the clerk', () => {
    const session = openSessionOf(plate);
    const grant = grantCoupon({ ...base, staff: clerk, openSession: session });
    expect(grant.coupon).toMatchObject({
      couponId: 'cp-1',
      plate,
      status: 'attached',
      sessionId: session.sessionId,
      face: { kind: 'minutes', value: 120 },
      priceFen: 600,
      grantedBy: { kind: 'staff', staffId: 's-clerk' },
      expiresAt: '2026-03-11T14:00:00+08:00',
    });
    expect(grant.entries).toEqual([expect.objectContaining({ kind: 'hold', heldDeltaFen: 600, couponId: 'cp-1', by: 'staff:s-clerk', month: '2026-03' })]);
    expect(availableFen(grant.nextAccount)).toBe(4400);
  });

  it('waits for the plate’s next session when the car is not in', () => {
    const grant = grantCoupon({ ...base, staff: clerk, template: fiveYuan });
    expect(grant.coupon).toMatchObject({ status: 'waiting', sessionId: null, face: { kind: 'amount', value: 500 }, priceFen: 400 });
  });

  it('spend ≥ ¥88 in the month before Spring Festival gives 3 hours and keeps the receipt', () => {
    const grant = grantCoupon({ ...base, staff: clerk, template: spend88, receiptFen: 12_800, at: '2026-02-01T12:00:00+08:00' });
    expect(grant.coupon).toMatchObject({ face: { kind: 'minutes', value: 180 }, priceFen: 800, receiptFen: 12_800, holiday: '春节前一个月' });
  });

  it('refuses, writing nothing, with a stable reason for each rule', () => {
    const suspended = merchantWith({ mode: 'prepaid' }, { status: 'suspended' });
    const otherShop = merchantWith({ mode: 'prepaid' }, { merchantId: 'm-other' });
    const cases: [string, () => unknown][] = [
      ['MERCHANT_SUSPENDED', () => grantCoupon({ ...base, merchant: suspended, account: accountWith(suspended, 5000), staff: clerk })],
      ['NOT_THIS_MERCHANT', () => grantCoupon({ ...base, staff: staffOf(otherShop) })],
      ['STAFF_DISABLED', () => grantCoupon({ ...base, staff: { ...clerk, status: 'disabled' } })],
      ['NOT_THIS_MERCHANT', () => grantCoupon({ ...base, staff: clerk, template: { ...twoHours, merchantId: 'm-other' } })],
      ['TEMPLATE_RETIRED', () => grantCoupon({ ...base, staff: clerk, template: { ...twoHours, status: 'retired' } })],
      ['MEMBERS_ONLY', () => grantCoupon({ ...base, staff: clerk, template: { ...twoHours, membersOnly: true } })],
      ['RECEIPT_BELOW_THRESHOLD', () => grantCoupon({ ...base, staff: clerk, template: spend88, receiptFen: 8799 })],
      ['TEMPLATE_EXPIRED', () => grantCoupon({ ...base, staff: clerk, template: template({ kind: 'full', validity: { until: '2026-03-09' } }) })],
      ['DAILY_PLATE_LIMIT', () => grantCoupon({ ...base, staff: clerk, todaysGrantsForPlateByMerchant: 3 })],
      ['SESSION_COUPON_LIMIT', () => grantCoupon({ ...base, staff: clerk, sessionCoupons: [1, 2, 3].map(() => couponOf({ kind: 'percent', value: 5 })) })],
      ['SESSION_ALREADY_FREE', () => grantCoupon({ ...base, staff: clerk, sessionCoupons: [couponOf({ kind: 'full' })] })],
      ['INSUFFICIENT_FUNDS', () => grantCoupon({ ...base, staff: clerk, account: accountWith(prepaid, 599) })],
      ['VALIDATION_FAILED', () => grantCoupon({ ...base, staff: clerk, plate: 'not a plate' })],
      ['VALIDATION_FAILED', () => grantCoupon({ ...base, staff: clerk, openSession: openSessionOf('粤B54321') })],
    ];
    expect(cases.map(([, run]) => reasonOf(run))).toEqual(cases.map(([reason]) => reason));
  });

  it('members-only templates are granted to members', () => {
    expect(grantCoupon({ ...base, staff: clerk, template: { ...twoHours, membersOnly: true }, member: true }).coupon.status).toBe('waiting');
  });

  it('the daily limit is per lot policy', () => {
    const generous = couponPolicySchema.parse({ maxGrantsPerPlatePerMerchantPerDay: 10 });
    expect(reasonOf(() => grantCoupon({ ...base, staff: clerk, policy: generous, todaysGrantsForPlateByMerchant: 9 }))).toBeNull();
  });

  it('owners revoke any of their merchant’s coupons, clerks only their own grants', () => {
    const mine = couponOf({ kind: 'full' }, { grantedBy: { kind: 'staff', staffId: 's-clerk' } });
    const colleagues = couponOf({ kind: 'full' }, { grantedBy: { kind: 'staff', staffId: 's-other' } });
    expect([mayRevoke(clerk, mine), mayRevoke(clerk, colleagues), mayRevoke(staffOf(prepaid, 'owner'), colleagues)]).toEqual([true, false, true]);
    expect(mayRevoke(staffOf(merchantWith({ mode: 'prepaid' }, { merchantId: 'm-other' }), 'owner'), mine)).toBe(false);
  });
});
