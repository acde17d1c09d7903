/** A demo lot's merchants, staff, templates and policy for the coupon and ledger tests. */
import {
  couponPolicySchema,
  couponSchema,
  couponTemplateSchema,
  demoLotCalendar,
  type Coupon,
  type CouponFace,
  type CouponPolicy,
  type CouponTemplate,
} from '../coupons/index.js';
import type { Session } from '../sessions/index.js';
import { merchantSchema, openAccount, staffSchema, type Billing, type Merchant, type MerchantAccount, type Staff } from './merchant.js';

export const lotId = 'lot-demo';
export const timezone = 'Asia/Shanghai';
export const calendar = demoLotCalendar;

export const merchantWith = (billing: Billing, overrides: Partial<Merchant> = {}): Merchant =>
  merchantSchema.parse({
    merchantId: 'm-tea',
    lotId,
    name: '喜茶',
    shopUnit: 'L1-012',
    billing,
    status: 'active',
    createdAt: '2026-01-01T00:00:00+08:00',
    ...overrides,
  });

export const prepaid = merchantWith({ mode: 'prepaid' });
export const onCredit = merchantWith({ mode: 'credit', creditLimitFen: 10_000 });

export const staffOf = (merchant: Merchant, role: Staff['role'] = 'clerk', staffId = `s-${role}`): Staff =>
  staffSchema.parse({ staffId, merchantId: merchant.merchantId, name: role === 'owner' ? '王店长' : '小李', role, status: 'active' });

/** An account with `balanceFen` paid in and nothing held. */
export const accountWith = (merchant: Merchant, balanceFen = 0): MerchantAccount => ({ ...openAccount(merchant), balanceFen });

export const template = (fields: Record<string, unknown>): CouponTemplate =>
  couponTemplateSchema.parse({ templateId: 't-1', merchantId: 'm-tea', name: '2 小时免费', priceFen: 600, validity: { hours: 24 }, ...fields });

export const twoHours = template({ templateId: 't-2h', kind: 'minutes', value: 120 });
export const fiveYuan = template({ templateId: 't-5', name: '¥5', kind: 'amount', value: 500, priceFen: 400 });
export const spend88 = template({ templateId: 't-88', name: '满88送2小时', kind: 'spendThreshold', priceFen: 600, holidayPriceFen: 800 });

export const policy: CouponPolicy = couponPolicySchema.parse({});

export const openSessionOf = (plate: string, enteredAt = '2026-03-01T09:00:00+08:00'): Session => ({
  sessionId: `${lotId}.lane-in.e-${plate}`,
  lotId,
  plate,
  status: 'open',
  enteredAt,
  entry: { eventId: `e-${plate}`, laneId: 'lane-in', source: 'online' },
  duplicateReads: [],
});

let next = 0;
/** A coupon of merchant m-tea for 粤B12345, waiting, granted 09:30 on 1 March for 24 h. */
export const couponOf = (face: CouponFace, fields: Partial<Coupon> = {}): Coupon =>
  couponSchema.parse({
    couponId: `c${(next += 1)}`,
    lotId,
    merchantId: 'm-tea',
    templateId: 't-1',
    plate: '粤B12345',
    face,
    priceFen: 600,
    status: 'waiting',
    sessionId: null,
    grantedAt: '2026-03-01T09:30:00+08:00',
    grantedBy: { kind: 'staff', staffId: 's-clerk' },
    expiresAt: '2026-03-02T09:30:00+08:00',
    ...fields,
  });

