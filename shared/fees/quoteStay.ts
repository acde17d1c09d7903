import { z } from 'zod';
import { parseOrThrow } from '../errors/index.js';
import { fenSchema } from '../money/index.js';
import { billableMinutes, grossFee } from './grossFee.js';
import { QuoteRequestSchema, type Coupon, type Payment } from './quoteRequest.js';
import { scheduleFor } from './tariffSchema.js';
import { formatInstant, MINUTE } from './zoneClock.js';

/** The output of `parkade quote`, exactly the seven fields DESIGN.md pins. */
export const QuoteSchema = z.object({
  chargedUntil: z.iso.datetime({ offset: true }),
  billableMinutes: z.int().nonnegative(),
  grossFee: fenSchema,
  discount: fenSchema,
  netFee: fenSchema,
  paid: fenSchema,
  due: fenSchema,
});

export type Quote = z.infer<typeof QuoteSchema>;

/** One discount as applied, in order, with the fen it took off. */
export interface AppliedDiscount {
  kind: 'exempt' | 'full' | 'minutes' | 'amount' | 'percent';
  /** Minutes, fen or percent as granted (summed for minutes and amount; the largest percent). */
  value?: number;
  amount: number;
}

/** A quote with its working, for the driver's screen: each discount applied. */
export interface StayExplanation extends Quote {
  discounts: AppliedDiscount[];
}

/**
 * The instant the stay is charged until: the latest payment's `coversUntil` when the car leaves
 * no more than `exitGraceMinutes` after it (or before it), else the exit itself.
 */
export const chargedUntil = (exit: number, payments: readonly Payment[], exitGraceMinutes: number): number => {
  if (payments.length === 0) return exit;
  const covered = Math.max(...payments.map((payment) => Date.parse(payment.coversUntil)));
  return exit <= covered + exitGraceMinutes * MINUTE ? covered : exit;
};

/**
 * The net fee from the gross fee, by DESIGN.md's discount order. `feeWithMinutesOff(m)` is the
 * fee recomputed with the end of the stay moved m minutes earlier (never before the entry).
 */
export const applyDiscounts = (
  gross: number,
  { exempt, coupons }: { exempt: boolean; coupons: readonly Coupon[] },
  feeWithMinutesOff: (minutes: number) => number,
): { netFee: number; discounts: AppliedDiscount[] } => {
  if (exempt) return { netFee: 0, discounts: [{ kind: 'exempt', amount: gross }] };
  if (coupons.some((coupon) => coupon.kind === 'full')) return { netFee: 0, discounts: [{ kind: 'full', amount: gross }] };
  const total = (kind: 'minutes' | 'amount') =>
    coupons.reduce((sum, coupon) => sum + (coupon.kind === kind ? coupon.value : 0), 0);
  const discounts: AppliedDiscount[] = [];
  let fee = gross;
  const minutes = total('minutes');
  if (minutes > 0) {
    const shortened = feeWithMinutesOff(minutes);
    discounts.push({ kind: 'minutes', value: minutes, amount: fee - shortened });
    fee = shortened;
  }
  const amount = total('amount');
  if (amount > 0) {
    discounts.push({ kind: 'amount', value: amount, amount: Math.min(amount, fee) });
    fee = Math.max(0, fee - amount);
  }
  const percents = coupons.flatMap((coupon) => (coupon.kind === 'percent' ? [coupon.value] : []));
  if (percents.length > 0) {
    const percent = Math.max(...percents);
    // "Rounded down to the fen" applies to the fee left to pay: floor(fee × (100 − p) / 100), so a
    // fraction of a fen goes to the driver. Percent has at most two decimals, so this is integer
    // arithmetic in hundredths of a percent.
    const discounted = Math.floor((fee * (10_000 - Math.round(percent * 100))) / 10_000);
    discounts.push({ kind: 'percent', value: percent, amount: fee - discounted });
    fee = discounted;
  }
  return { netFee: fee, discounts };
};

/**
 * Everything about what a stay costs: validates `raw` as a QuoteRequest (DomainError
 * VALIDATION_FAILED naming every bad field), then gross fee, each discount, payments and due.
 */
export const explainStay = (raw: unknown): StayExplanation => {
  const request = parseOrThrow(QuoteRequestSchema, raw, 'quote request');
  const { tariff } = request;
  const schedule = scheduleFor(tariff, request.vehicleClass);
  const entry = Date.parse(request.enteredAt);
  const until = chargedUntil(Date.parse(request.exitAt), request.payments, tariff.exitGraceMinutes);
  const feeUntil = (end: number) => grossFee(schedule, tariff.timezone, entry, end);
  const gross = feeUntil(until);
  const { netFee, discounts } = applyDiscounts(gross, request, (minutes) =>
    feeUntil(Math.max(entry, until - minutes * MINUTE)),
  );
  const paid = request.payments.reduce((sum, payment) => sum + payment.amount, 0);
  return {
    chargedUntil: formatInstant(until, tariff.timezone),
    billableMinutes: billableMinutes(entry, until),
    grossFee: gross,
    discount: gross - netFee,
    netFee,
    paid,
    due: Math.max(0, netFee - paid),
    discounts,
  };
};

/** `parkade quote`: raw JSON in, exactly the seven pinned fields out (throws DomainError on bad input). */
export const quoteStay = (raw: unknown): Quote => {
  const { discounts: _working, ...quote } = explainStay(raw);
  return quote;
};
