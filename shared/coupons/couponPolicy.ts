import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { fenSchema, formatYuan } from '../money/index.js';
import type { Session } from '../sessions/index.js';
import { attachCoupon, type Coupon } from './coupon.js';
import { CouponRefused } from './couponRefused.js';
import type { CouponFace } from './couponTemplate.js';

/** Lot configuration: how many coupons a visit may carry and how much they may take off. */
export const couponPolicySchema = z.object({
  maxCouponsPerSession: z.int().min(1).default(3),
  /** Σ of `minutes` coupons on one visit; no cap when absent. */
  maxMinutesPerSession: z.int().min(0).optional(),
  /** Σ of `amount` coupons on one visit; no cap when absent. */
  maxAmountFenPerSession: fenSchema.optional(),
  /** Whether merchants may grant `full` coupons at all. */
  fullCouponsAllowed: z.boolean().default(true),
  /** Grants by one merchant to one plate on one local day (anti-abuse). */
  maxGrantsPerPlatePerMerchantPerDay: z.int().min(1).default(3),
});

export type CouponPolicy = z.infer<typeof couponPolicySchema>;

const sum = (coupons: readonly { face: CouponFace }[], kind: 'minutes' | 'amount') =>
  coupons.reduce((total, { face }) => total + (face.kind === kind ? face.value : 0), 0);

/**
 * Why a coupon with this face would break the policy for a visit already carrying
 * `sessionCoupons` (the open session's attached and used coupons, or, with no open session, the
 * plate's waiting coupons: those attach to the next visit together); null when it fits.
 */
export const sessionPolicyRefusal = (
  face: CouponFace,
  sessionCoupons: readonly { face: CouponFace }[],
  policy: CouponPolicy,
): CouponRefused | null => {
  if (face.kind === 'full' && !policy.fullCouponsAllowed) {
    return new CouponRefused('FULL_COUPONS_NOT_ALLOWED', 'This car park does not accept free-parking coupons');
  }
  if (sessionCoupons.some((coupon) => coupon.face.kind === 'full')) {
    return new CouponRefused('SESSION_ALREADY_FREE', 'This visit already parks free');
  }
  if (sessionCoupons.length + 1 > policy.maxCouponsPerSession) {
    return new CouponRefused('SESSION_COUPON_LIMIT', `A visit may carry at most ${policy.maxCouponsPerSession} coupons`, {
      max: policy.maxCouponsPerSession,
      current: sessionCoupons.length,
    });
  }
  if (face.kind === 'minutes' && policy.maxMinutesPerSession !== undefined) {
    const current = sum(sessionCoupons, 'minutes');
    if (current + face.value > policy.maxMinutesPerSession) {
      return new CouponRefused('SESSION_MINUTES_LIMIT', `Coupons may give at most ${policy.maxMinutesPerSession} free minutes per visit`, {
        max: policy.maxMinutesPerSession,
        current,
        requested: face.value,
      });
    }
  }
  if (face.kind === 'amount' && policy.maxAmountFenPerSession !== undefined) {
    const current = sum(sessionCoupons, 'amount');
    if (current + face.value > policy.maxAmountFenPerSession) {
      return new CouponRefused('SESSION_AMOUNT_LIMIT', `Coupons may take at most ${formatYuan(policy.maxAmountFenPerSession)} off a visit`, {
        maxFen: policy.maxAmountFenPerSession,
        currentFen: current,
        requestedFen: face.value,
      });
    }
  }
  return null;
};

/** Throws `sessionPolicyRefusal`, if any. */
export const checkSessionPolicy = (face: CouponFace, sessionCoupons: readonly { face: CouponFace }[], policy: CouponPolicy): void => {
  const refusal = sessionPolicyRefusal(face, sessionCoupons, policy);
  if (refusal) throw refusal;
};

/** Refuses a grant beyond the merchant's daily limit for this plate (`grantsToday` = grants so far that local day). */
export const checkDailyPlateLimit = (grantsToday: number, policy: CouponPolicy): void => {
  if (grantsToday >= policy.maxGrantsPerPlatePerMerchantPerDay) {
    throw new CouponRefused(
      'DAILY_PLATE_LIMIT',
      `A merchant may grant this plate at most ${policy.maxGrantsPerPlatePerMerchantPerDay} coupons a day`,
      { max: policy.maxGrantsPerPlatePerMerchantPerDay, current: grantsToday },
    );
  }
};

/**
 * A plate's waiting coupons join its new visit, oldest grant first, as far as the policy allows;
 * the rest keep waiting (a later visit may take them before they expire). `coupons` are the
 * plate's coupons; those already on the visit count toward the policy. A coupon joins when the
 * visit began before its deadline (`at`: the visit's entry) and, for a visit already over when
 * the cloud learns of it (an offline backlog), when it was granted before the car left.
 */
export const attachWaitingCoupons = (
  plate: string,
  session: Pick<Session, 'sessionId' | 'lotId' | 'plate' | 'enteredAt' | 'closedAt'>,
  coupons: readonly Coupon[],
  at: string,
  policy: CouponPolicy,
): { attached: Coupon[]; stillWaiting: Coupon[] } => {
  if (session.plate !== plate) {
    throw new DomainError('VALIDATION_FAILED', `Session ${session.sessionId} is not a visit of ${plate}`, { plate, sessionPlate: session.plate });
  }
  const now = Date.parse(at);
  const left = session.closedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(session.closedAt);
  const onSession: Coupon[] = coupons.filter((coupon) => coupon.sessionId === session.sessionId);
  const attached: Coupon[] = [];
  const stillWaiting: Coupon[] = [];
  const waiting = coupons
    .filter((coupon) => coupon.status === 'waiting' && coupon.plate === plate && coupon.lotId === session.lotId)
    .sort((a, b) => Date.parse(a.grantedAt) - Date.parse(b.grantedAt) || a.couponId.localeCompare(b.couponId));
  for (const coupon of waiting) {
    if (Date.parse(coupon.expiresAt) <= now) continue;
    if (Date.parse(coupon.grantedAt) > left || sessionPolicyRefusal(coupon.face, onSession, policy)) {
      stillWaiting.push(coupon);
      continue;
    }
    const joined = attachCoupon(coupon, session.sessionId);
    onSession.push(joined);
    attached.push(joined);
  }
  return { attached, stillWaiting };
};
