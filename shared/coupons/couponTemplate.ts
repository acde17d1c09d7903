import { z } from 'zod';
import { principalIdSchema } from '../access/principals.js';
import { formatInstant } from '../fees/index.js';
import { fenSchema, formatYuan } from '../money/index.js';
import { CouponRefused } from './couponRefused.js';
import { endOfLocalDay, holidayAt, localDateSchema, type LotCalendar } from './lotCalendar.js';

/** At most two decimals, like the fee engine's percent coupons. */
const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

const wholeMinutes = z.int({ message: 'must be whole minutes' }).min(1, { message: 'must be at least 1 minute' }).max(7 * 24 * 60);
const positiveFen = fenSchema.refine((fen) => fen > 0, { message: 'must be more than 0' });
const percent = z
  .number()
  .gt(0, { message: 'must be more than 0' })
  .max(100, { message: 'must be at most 100' })
  .refine(hundredths, { message: 'must have at most two decimals' });

/** What a coupon takes off a stay: exactly the fee engine's coupon kinds (`Coupon` in shared/fees). */
export const couponFaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minutes'), value: wholeMinutes }),
  z.object({ kind: z.literal('amount'), value: positiveFen }),
  z.object({ kind: z.literal('percent'), value: percent }),
  z.object({ kind: z.literal('full') }),
]);

export type CouponFace = z.infer<typeof couponFaceSchema>;

/** A coupon's face for people and statements: "120 min", "¥5.00 off", "15% off", "free parking". */
export const faceValueText = (face: CouponFace): string => {
  switch (face.kind) {
    case 'minutes':
      return `${face.value} min`;
    case 'amount':
      return `${formatYuan(face.value)} off`;
    case 'percent':
      return `${face.value}% off`;
    case 'full':
      return 'free parking';
  }
};

/**
 * How long a granted coupon may wait to be attached to a visit: some hours after the grant, or
 * to the end of a local date. Once attached, a coupon serves that whole visit.
 */
export const validitySchema = z.union([
  z.object({ hours: z.int().min(1).max(366 * 24) }),
  z.object({ until: localDateSchema }),
]);

export type Validity = z.infer<typeof validitySchema>;

const templateCommon = {
  templateId: principalIdSchema,
  merchantId: principalIdSchema,
  name: z.string().min(1).max(40),
  /** What the merchant pays the car park for each coupon used (held at grant). */
  priceFen: fenSchema,
  validity: validitySchema,
  membersOnly: z.boolean().default(false),
  status: z.enum(['active', 'retired']).default('active'),
};

export const couponTemplateSchema = z.discriminatedUnion('kind', [
  z.object({ ...templateCommon, kind: z.literal('minutes'), value: wholeMinutes }),
  z.object({ ...templateCommon, kind: z.literal('amount'), value: positiveFen }),
  z.object({ ...templateCommon, kind: z.literal('percent'), value: percent }),
  z.object({ ...templateCommon, kind: z.literal('full') }),
  /** "Spend ≥ ¥88 → 2 h, 3 h in holiday periods": minutes that depend on the receipt and the day. */
  z.object({
    ...templateCommon,
    kind: z.literal('spendThreshold'),
    thresholdFen: positiveFen.default(8800),
    minutes: wholeMinutes.default(120),
    holidayMinutes: wholeMinutes.default(180),
    /** The price in holiday periods; `priceFen` when absent. */
    holidayPriceFen: fenSchema.optional(),
  }),
]);

export type CouponTemplate = z.infer<typeof couponTemplateSchema>;

/** A template made concrete for one grant. */
export interface ResolvedCoupon {
  face: CouponFace;
  priceFen: number;
  /** The holiday period that set the face (spend-threshold templates), else null. */
  holiday: string | null;
}

/**
 * The coupon a template gives at `at` for a receipt. Spend-threshold templates need the receipt
 * and refuse one below the threshold; in a holiday period (lot's local date) they give more.
 */
export const resolveTemplate = (
  template: CouponTemplate,
  { receiptFen, at, calendar }: { receiptFen?: number | undefined; at: string; calendar: LotCalendar },
): ResolvedCoupon => {
  if (template.kind !== 'spendThreshold') {
    const face = template.kind === 'full' ? { kind: 'full' as const } : { kind: template.kind, value: template.value };
    return { face: couponFaceSchema.parse(face), priceFen: template.priceFen, holiday: null };
  }
  if (receiptFen === undefined) {
    throw new CouponRefused('RECEIPT_REQUIRED', `Template ${template.name} needs the receipt amount`, { thresholdFen: template.thresholdFen });
  }
  if (receiptFen < template.thresholdFen) {
    throw new CouponRefused(
      'RECEIPT_BELOW_THRESHOLD',
      `Receipt ${formatYuan(receiptFen)} is below ${formatYuan(template.thresholdFen)}`,
      { receiptFen, thresholdFen: template.thresholdFen },
    );
  }
  const holiday = holidayAt(at, calendar);
  return holiday
    ? { face: { kind: 'minutes', value: template.holidayMinutes }, priceFen: template.holidayPriceFen ?? template.priceFen, holiday: holiday.name }
    : { face: { kind: 'minutes', value: template.minutes }, priceFen: template.priceFen, holiday: null };
};

/** When a coupon granted at `at` expires, in the lot's zone; refused when the validity has passed. */
export const couponExpiresAt = (validity: Validity, at: string, timezone: string): string => {
  const expiresAt =
    'hours' in validity ? formatInstant(Date.parse(at) + validity.hours * 3_600_000, timezone) : endOfLocalDay(validity.until, timezone);
  if (Date.parse(expiresAt) <= Date.parse(at)) {
    throw new CouponRefused('TEMPLATE_EXPIRED', `Coupons of this template could be granted until ${expiresAt}`, { expiresAt });
  }
  return expiresAt;
};
