import type { AppliedDiscount, StayExplanation } from '../fees/index.js';

/*
 * What a driver sees before paying (DESIGN.md journeys 1–3): the session, when the car came in,
 * and the fee with its working. Nothing else about the car or the lot: plate lookups reveal only
 * what is needed to pay. `coversUntil` is the instant the quote is for; an order pays exactly
 * this quote (amount + coversUntil), and the payment then covers the stay until that instant
 * plus the tariff's exit grace.
 */

export interface DriverQuote {
  sessionId: string;
  lotId: string;
  plate: string;
  enteredAt: string;
  /** Billable minutes from entry to `chargedUntil`. */
  durationMinutes: number;
  grossFee: number;
  /** Each discount as applied, in order (coupons, member benefits, exemptions). */
  discounts: AppliedDiscount[];
  netFee: number;
  /** Already paid on this session (less refunds). */
  paid: number;
  due: number;
  chargedUntil: string;
  /** The instant this quote is for; an order must name it with the amount `due`. */
  coversUntil: string;
  /** The lot's exit grace (tariff in effect): after paying, leaving within this many minutes costs nothing more. */
  exitGraceMinutes: number;
  /**
   * The club's part of `discounts` (its free minutes are in the `minutes` line, its points in
   * the `amount` line); absent when the plate gets no member benefits.
   */
  memberBenefits?: { freeMinutes: number; amountOff: number };
}

export interface QuotedSession {
  sessionId: string;
  lotId: string;
  plate: string;
  enteredAt: string;
}

export const driverQuoteOf = (
  session: QuotedSession,
  explanation: StayExplanation,
  coversUntil: string,
  exitGraceMinutes: number,
): DriverQuote => ({
  sessionId: session.sessionId,
  lotId: session.lotId,
  plate: session.plate,
  enteredAt: session.enteredAt,
  durationMinutes: explanation.billableMinutes,
  grossFee: explanation.grossFee,
  discounts: explanation.discounts,
  netFee: explanation.netFee,
  paid: explanation.paid,
  due: explanation.due,
  chargedUntil: explanation.chargedUntil,
  coversUntil,
  exitGraceMinutes,
});

/**
 * How old a quote may be when its order is placed. The payment covers the stay until the quote's
 * instant plus the exit grace, so an older quote would leave the driver owing at the barrier.
 */
export const quoteLifetimeSeconds = 5 * 60;

/** Phones' clocks are not ours: a quote instant this far ahead of our clock still counts. */
const clockSkewSeconds = 60;

export type OrderQuoteProblem =
  /** The amount is not what is due at the quoted instant (a coupon, a payment or the tariff changed). */
  | 'amountChanged'
  /** The quoted instant is too old, or in the future. */
  | 'quoteExpired'
  /** Nothing is due: nothing to pay. */
  | 'nothingDue';

/**
 * Whether an order for `amountFen` at `coversUntil` pays the session's fee as it stands, given
 * what is due at `coversUntil` now (with today's coupons and payments). Null: it does.
 */
export const orderQuoteProblem = (
  requested: { amountFen: number; coversUntil: string },
  dueAtCoversUntil: number,
  now: Date,
): OrderQuoteProblem | null => {
  const age = (now.getTime() - Date.parse(requested.coversUntil)) / 1000;
  if (age > quoteLifetimeSeconds || age < -clockSkewSeconds) return 'quoteExpired';
  if (dueAtCoversUntil === 0) return 'nothingDue';
  return requested.amountFen === dueAtCoversUntil ? null : 'amountChanged';
};
