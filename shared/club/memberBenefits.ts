import { DomainError, parseOrThrow } from '../errors/index.js';
import { applyDiscounts, explainStay, QuoteRequestSchema, scheduleFor, type Coupon, type QuoteRequest } from '../fees/index.js';
import type { MemberBenefits } from '../sessions/index.js';
import { monthOf, type MonthKey } from './clubCalendar.js';
import { tierById, type ClubConfig, type ClubTier } from './clubConfig.js';
import { entitledAt, type Membership } from './membership.js';

/** The member's free-hour use in one local month: the counter item the adapter keeps. */
export interface MonthlyUsage {
  month: MonthKey;
  quotaMinutesUsed: number;
}

/**
 * What the club gives one visit: `freeMinutes` and `amountOff` are shared/sessions'
 * `MemberBenefits` (pass this object as `benefits`); the rest is what the adapter records.
 */
export interface MemberGrant extends Required<MemberBenefits> {
  entitled: boolean;
  tierId: string | null;
  /** The month whose free-hour counter `quotaMinutesUsed` is added to (the month of `at`). */
  month: MonthKey;
  /** Of `freeMinutes`, the tier's per-visit minutes… */
  perVisitMinutes: number;
  /** …and the minutes taken from the monthly free-hour quota. */
  quotaMinutesUsed: number;
  /** Quota minutes left this month after this visit, for the driver's screen. */
  quotaMinutesLeft: number;
  /** Points spent for `amountOff` (a `redeemPoints` entry for the session). */
  pointsRedeemed: number;
}

const quotaMinutes = (tier: ClubTier): number => tier.benefits.monthlyFreeHours * 60;

const couponMinutes = (request: QuoteRequest): number =>
  request.coupons.reduce((sum, coupon) => sum + (coupon.kind === 'minutes' ? coupon.value : 0), 0);

/**
 * Points to spend on what is left after the minutes: whole blocks of the tier's rate, no more
 * than the balance and the per-visit maximum allow, and the fewest blocks that clear what is due
 * (the last block may cover a few fen more than is left: the driver never pays a remainder
 * smaller than a block by phone). The fee engine's own discount order decides what a block
 * takes off (amounts before a percent coupon, then payments), so the search asks it.
 */
const pointsToRedeem = (membership: Membership, tier: ClubTier, request: QuoteRequest, freeMinutes: number): number => {
  const rate = tier.benefits.pointsRedemption;
  if (!rate || !membership.autoRedeemPoints) return 0;
  const mostBlocks = Math.min(Math.floor(membership.pointsBalance / rate.points), Math.floor(rate.maxAmountFenPerVisit / rate.amountFen));
  if (mostBlocks === 0) return 0;
  const coupons: Coupon[] = [...request.coupons, ...(freeMinutes > 0 ? [{ kind: 'minutes' as const, value: freeMinutes }] : [])];
  const quote = explainStay({ ...request, coupons });
  if (quote.due === 0) return 0;
  const minutesOff = quote.discounts.find((discount) => discount.kind === 'minutes')?.amount ?? 0;
  const stillDue = (blocks: number): boolean => {
    const withPoints: Coupon[] = [...coupons, { kind: 'amount', value: blocks * rate.amountFen }];
    return applyDiscounts(quote.grossFee, { exempt: false, coupons: withPoints }, () => quote.grossFee - minutesOff).netFee > quote.paid;
  };
  // stillDue(0) holds (the quote has something due); find the fewest blocks that clear it.
  if (stillDue(mostBlocks)) return mostBlocks * rate.points;
  let [low, high] = [0, mostBlocks];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (stillDue(middle)) low = middle;
    else high = middle;
  }
  return high * rate.points;
};

/**
 * The club's benefits for one visit, from the stay as the fee engine sees it without them
 * (`visitStay` = a `parkade quote` request with the session's coupons and payments).
 * Only an ACTIVE membership before its `graceUntil` gives anything.
 *
 * Minutes: the stay needs at most `billable − tariff free minutes − coupon minutes` minutes off
 * to cost nothing (a stay of at most the tariff's free minutes is free). The tier's per-visit
 * minutes come first, then the monthly quota covers what is still needed, never more than is
 * left of it this month. Then points, if the member opted in (`pointsToRedeem`).
 */
export const benefitsAt = ({
  membership,
  config,
  at,
  visitStay,
  monthlyUsage,
}: {
  membership: Membership;
  config: ClubConfig;
  at: string;
  visitStay: unknown;
  /** The counter of `monthOf(at)`; null when the member has used nothing this month. */
  monthlyUsage: MonthlyUsage | null;
}): MemberGrant => {
  const month = monthOf(at, config.timezone);
  if (monthlyUsage && monthlyUsage.month !== month) {
    throw new DomainError('VALIDATION_FAILED', `Usage of ${monthlyUsage.month} passed for a visit in ${month}`, {
      month,
      usageMonth: monthlyUsage.month,
    });
  }
  const used = monthlyUsage?.quotaMinutesUsed ?? 0;
  const nothing = {
    entitled: false,
    tierId: null,
    month,
    freeMinutes: 0,
    perVisitMinutes: 0,
    quotaMinutesUsed: 0,
    quotaMinutesLeft: 0,
    amountOff: 0,
    pointsRedeemed: 0,
  };
  if (!entitledAt(membership, at)) return nothing;

  const tier = tierById(config, membership.tierId);
  const quotaLeft = Math.max(0, quotaMinutes(tier) - used);
  const granted = { ...nothing, entitled: true, tierId: tier.tierId, quotaMinutesLeft: quotaLeft };
  const request = parseOrThrow(QuoteRequestSchema, visitStay, 'visit stay');
  const before = explainStay(request);
  if (before.due === 0) return granted;

  const tariffFree = scheduleFor(request.tariff, request.vehicleClass).freeMinutes;
  const needed = Math.max(0, before.billableMinutes - tariffFree - couponMinutes(request));
  const perVisitMinutes = Math.min(tier.benefits.freeMinutesPerVisit, needed);
  const quotaMinutesUsed = Math.min(quotaLeft, needed - perVisitMinutes);
  const freeMinutes = perVisitMinutes + quotaMinutesUsed;
  const pointsRedeemed = pointsToRedeem(membership, tier, request, freeMinutes);
  const rate = tier.benefits.pointsRedemption;
  return {
    ...granted,
    freeMinutes,
    perVisitMinutes,
    quotaMinutesUsed,
    quotaMinutesLeft: quotaLeft - quotaMinutesUsed,
    amountOff: rate ? (pointsRedeemed / rate.points) * rate.amountFen : 0,
    pointsRedeemed,
  };
};

/** Whether a merchant may grant a members-only coupon template to this plate at `at`. */
export const membersOnlyCouponAllowed = ({
  membership,
  config,
  templateId,
  at,
}: {
  membership: Membership | null;
  config: ClubConfig;
  templateId: string;
  at: string;
}): boolean =>
  membership !== null &&
  entitledAt(membership, at) &&
  tierById(config, membership.tierId).benefits.membersOnlyCouponTemplateIds.includes(templateId);
