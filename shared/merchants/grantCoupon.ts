import {
  checkDailyPlateLimit,
  checkSessionPolicy,
  couponExpiresAt,
  couponSchema,
  CouponRefused,
  resolveTemplate,
  type Coupon,
  type CouponPolicy,
  type CouponTemplate,
  type GrantedBy,
  type LotCalendar,
} from '../coupons/index.js';
import { DomainError, parseOrThrow } from '../errors/index.js';
import { plateSchema } from '../plates/index.js';
import type { Session } from '../sessions/index.js';
import { checkMerchantActive, holdForGrant, type LedgerStep } from './ledger.js';
import { LedgerRefused } from './ledgerRefused.js';
import type { Merchant, MerchantAccount, Staff } from './merchant.js';

/** What every grant needs, whoever asks for it (staff by plate, or a driver by claim code). */
export interface IssueInput {
  /** A fresh id from the adapter (the coupon item is written with `attribute_not_exists`). */
  couponId: string;
  template: CouponTemplate;
  merchant: Merchant;
  account: MerchantAccount;
  /** As typed or picked; normalised here. */
  plate: string;
  at: string;
  /** The lot's zone and holiday periods. */
  calendar: LotCalendar;
  policy: CouponPolicy;
  /** The plate's open session in the merchant's lot, if it has one. */
  openSession?: Pick<Session, 'sessionId' | 'lotId' | 'plate' | 'status'> | null;
  /** Grants by this merchant to this plate so far on the lot's local day of `at`. */
  todaysGrantsForPlateByMerchant: number;
  /** The open session's attached and used coupons; with no open session, the plate's waiting coupons. */
  sessionCoupons: readonly Coupon[];
  /** Spend-threshold templates: the receipt amount. */
  receiptFen?: number;
  /** Whether the plate belongs to a club member (members-only templates). */
  member?: boolean;
}

export interface Grant extends LedgerStep {
  /** Attached to the open session, or waiting for the plate's next session until it expires. */
  coupon: Coupon;
}

const actorOf = (grantedBy: GrantedBy): string =>
  grantedBy.kind === 'staff' ? `staff:${grantedBy.staffId}` : `driver:${grantedBy.driverId}`;

/** The shared path of staff grants and claims: template → coupon → policy → hold. */
export const issueCoupon = (input: IssueInput & { grantedBy: GrantedBy }): Grant => {
  const { template, merchant, account, at, calendar, policy, openSession, grantedBy } = input;
  checkMerchantActive(merchant);
  if (template.merchantId !== merchant.merchantId) {
    throw new LedgerRefused('NOT_THIS_MERCHANT', `Template ${template.name} belongs to another merchant`, { templateId: template.templateId });
  }
  if (template.status !== 'active') {
    throw new CouponRefused('TEMPLATE_RETIRED', `Template ${template.name} is retired`, { templateId: template.templateId });
  }
  const plate = parseOrThrow(plateSchema, input.plate, 'plate');
  if (template.membersOnly && !input.member) {
    throw new CouponRefused('MEMBERS_ONLY', `Template ${template.name} is for club members only`, { templateId: template.templateId, plate });
  }
  if (openSession && (openSession.plate !== plate || openSession.lotId !== merchant.lotId || openSession.status !== 'open')) {
    throw new DomainError('VALIDATION_FAILED', 'The session given is not an open session of this plate in the merchant’s lot', {
      sessionId: openSession.sessionId,
    });
  }
  const resolved = resolveTemplate(template, { receiptFen: input.receiptFen, at, calendar });
  const expiresAt = couponExpiresAt(template.validity, at, calendar.timezone);
  checkDailyPlateLimit(input.todaysGrantsForPlateByMerchant, policy);
  checkSessionPolicy(resolved.face, input.sessionCoupons, policy);
  const coupon = couponSchema.parse({
    couponId: input.couponId,
    lotId: merchant.lotId,
    merchantId: merchant.merchantId,
    templateId: template.templateId,
    plate,
    face: resolved.face,
    priceFen: resolved.priceFen,
    status: openSession ? 'attached' : 'waiting',
    sessionId: openSession?.sessionId ?? null,
    grantedAt: at,
    grantedBy,
    expiresAt,
    ...(input.receiptFen === undefined ? {} : { receiptFen: input.receiptFen }),
    ...(resolved.holiday === null ? {} : { holiday: resolved.holiday }),
  });
  return { coupon, ...holdForGrant({ account, merchant, coupon, at, by: actorOf(grantedBy), timezone: calendar.timezone }) };
};

/**
 * Merchant staff grant a coupon to a plate (DESIGN.md journey 4). Refused, writing nothing, for
 * a suspended merchant, staff of another merchant or disabled, a retired or foreign template,
 * a receipt below the threshold, a lot policy limit, or too little balance + credit.
 */
export const grantCoupon = ({ staff, ...input }: IssueInput & { staff: Staff }): Grant => {
  if (staff.merchantId !== input.merchant.merchantId) {
    throw new LedgerRefused('NOT_THIS_MERCHANT', 'Staff of another merchant cannot grant its coupons', { staffId: staff.staffId });
  }
  if (staff.status !== 'active') {
    throw new LedgerRefused('STAFF_DISABLED', `${staff.name} can no longer grant coupons`, { staffId: staff.staffId });
  }
  return issueCoupon({ ...input, grantedBy: { kind: 'staff', staffId: staff.staffId } });
};

/** Owners may revoke any of their merchant's coupons, clerks only those they granted. */
export const mayRevoke = (staff: Staff, coupon: Coupon): boolean =>
  staff.status === 'active' &&
  staff.merchantId === coupon.merchantId &&
  (staff.role === 'owner' || (coupon.grantedBy.kind === 'staff' && coupon.grantedBy.staffId === staff.staffId));
