import { z } from 'zod';
import { fenSchema } from '../money/index.js';
import { TariffSchema } from './tariffSchema.js';

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 instant with an offset, e.g. 2026-03-01T09:00:00+08:00',
});

/** At most two decimals, so a percent discount can be computed exactly in integers. */
const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

export const CouponSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minutes'), value: z.int({ message: 'must be whole minutes' }).nonnegative({ message: 'must not be negative' }) }),
  z.object({ kind: z.literal('amount'), value: fenSchema }),
  z.object({
    kind: z.literal('percent'),
    value: z
      .number({ message: 'must be a percentage' })
      .min(0, { message: 'must be between 0 and 100' })
      .max(100, { message: 'must be between 0 and 100' })
      .refine(hundredths, { message: 'must have at most two decimals' }),
  }),
  // A full coupon waives the fee; a value, if sent, means nothing.
  z.object({ kind: z.literal('full'), value: z.number().nonnegative({ message: 'must not be negative' }).optional() }),
]);

export type Coupon = z.infer<typeof CouponSchema>;

export const PaymentSchema = z.object({ amount: fenSchema, coversUntil: instant });

export type Payment = z.infer<typeof PaymentSchema>;

/** The input of `parkade quote` (DESIGN.md "Fees"). */
export const QuoteRequestSchema = z
  .object({
    tariff: TariffSchema,
    vehicleClass: z.string().min(1, { message: 'must not be empty' }).default('default'),
    enteredAt: instant,
    exitAt: instant,
    exempt: z.boolean().default(false),
    coupons: z.array(CouponSchema).default([]),
    payments: z.array(PaymentSchema).default([]),
  })
  .superRefine((request, context) => {
    const entry = Date.parse(request.enteredAt);
    if (Date.parse(request.exitAt) < entry) {
      context.addIssue({ code: 'custom', path: ['exitAt'], message: 'must not be before enteredAt' });
    }
    request.payments.forEach((payment, index) => {
      if (Date.parse(payment.coversUntil) < entry) {
        context.addIssue({ code: 'custom', path: ['payments', index, 'coversUntil'], message: 'must not be before enteredAt' });
      }
    });
  });

export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;
