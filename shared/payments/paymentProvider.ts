import { z } from 'zod';
import { fenSchema } from '../money/index.js';

/*
 * What the rest of Parkade knows about a payment provider. Nothing here is WeChat-specific in
 * shape; the state names follow WeChat Pay's because they are the industry's common vocabulary
 * and the one provider we run. Adapters live in functions/wechat/pay (WeChat Pay API v3 and the
 * local simulator); both implement `PaymentProvider`.
 */

/** A payment at the provider. `REFUND` means paid and then (partly) refunded. */
export const paymentStates = ['NOTPAY', 'USERPAYING', 'SUCCESS', 'PAYERROR', 'CLOSED', 'REVOKED', 'REFUND'] as const;
export const paymentStateSchema = z.enum(paymentStates);
export type PaymentState = z.infer<typeof paymentStateSchema>;

export const refundStates = ['PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL'] as const;
export const refundStateSchema = z.enum(refundStates);
export type RefundState = z.infer<typeof refundStateSchema>;

const fen = fenSchema;
const instant = z.iso.datetime({ offset: true });

/** Our order number at the provider: WeChat allows 6–32 of [0-9A-Za-z_*-]. */
export const outTradeNoSchema = z.string().regex(/^[0-9A-Za-z_*-]{6,32}$/, 'must be 6–32 of 0-9 A-Z a-z _ - *');
export const outRefundNoSchema = z.string().regex(/^[0-9A-Za-z_*|@-]{1,64}$/, 'must be 1–64 of 0-9 A-Z a-z _ - | * @');

/** The provider's view of one payment (from a query, a payment-code charge or a notification). */
export const providerPaymentSchema = z.object({
  outTradeNo: z.string().min(1),
  state: paymentStateSchema,
  /** The order total in fen; always present once the state is SUCCESS or REFUND. */
  amountFen: fen.optional(),
  /** The provider's transaction id, once the payer has paid (or tried to). */
  transactionId: z.string().min(1).optional(),
  payerOpenId: z.string().min(1).optional(),
  successTime: instant.optional(),
});
export type ProviderPayment = z.infer<typeof providerPaymentSchema>;

/** The provider's view of one refund. */
export const providerRefundSchema = z.object({
  outTradeNo: z.string().min(1),
  outRefundNo: z.string().min(1),
  refundId: z.string().min(1),
  transactionId: z.string().min(1).optional(),
  state: refundStateSchema,
  refundFen: fen,
  /** The original payment's total. */
  totalFen: fen,
  successTime: instant.optional(),
});
export type ProviderRefund = z.infer<typeof providerRefundSchema>;

/**
 * A verified, decrypted notification. `eventId` is the provider's id for the notification;
 * the same event can arrive any number of times, so consumers must be idempotent on the
 * payment (`outTradeNo`) or refund (`outRefundNo`), never on arrival.
 */
export const paymentEventSchema = z.discriminatedUnion('kind', [
  providerPaymentSchema.extend({ kind: z.literal('payment'), eventId: z.string().min(1) }),
  providerRefundSchema.extend({ kind: z.literal('refund'), eventId: z.string().min(1) }),
]);
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

/** Exactly what `Taro.requestPayment` takes for a WeChat Pay JSAPI (mini-program) payment. */
export interface MiniProgramPaymentParams {
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface CreateJsapiOrderInput {
  outTradeNo: string;
  /** Shown to the payer, e.g. "停车费 粤B12345". */
  description: string;
  amountFen: number;
  payerOpenId: string;
  /** After this instant the payer can no longer pay. */
  expiresAt?: string;
  /** Echoed back in queries and notifications. */
  attach?: string;
}

export interface CreatedJsapiOrder {
  prepayId: string;
  payment: MiniProgramPaymentParams;
}

export interface MicropayInput {
  outTradeNo: string;
  description: string;
  amountFen: number;
  /** The code the lane device scanned from the payer's WeChat "pay" screen. */
  paymentCode: string;
  /** Our store (lot) id, sent as the provider's store reference. */
  storeId: string;
  deviceIp?: string;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  /** Part or all of `totalFen`. */
  refundFen: number;
  totalFen: number;
  reason?: string;
}

/** A notification as it reached our HTTP route: header names in any case, the raw body text. */
export interface NotificationRequest {
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export interface PaymentProvider {
  /** Prepay for the mini-program; the result goes to `Taro.requestPayment` unchanged. */
  createJsapiOrder(input: CreateJsapiOrderInput): Promise<CreatedJsapiOrder>;
  /**
   * Charge a scanned payment code. Waits while the payer confirms on their phone; a payment that
   * is still undecided at the end is cancelled (revoked) where the provider allows it.
   */
  micropay(input: MicropayInput): Promise<ProviderPayment>;
  queryOrder(outTradeNo: string): Promise<ProviderPayment>;
  /** Closes an unpaid order so it can no longer be paid. Closing a closed order is fine. */
  closeOrder(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<ProviderRefund>;
  queryRefund(outRefundNo: string): Promise<ProviderRefund>;
  /** Verifies and decrypts a notification; anything not provably from the provider is refused (UNAUTHORIZED). */
  parseNotification(request: NotificationRequest): Promise<PaymentEvent>;
  /** The provider's trade bill for one calendar day (`YYYY-MM-DD`, the provider's time zone). */
  downloadTradeBill(billDate: string): Promise<TradeBill>;
}

/** One row of the provider's daily trade bill: a payment, or a refund of one. */
export const tradeBillRecordSchema = z.object({
  /** When the payment succeeded, or when the refund was accepted. */
  tradeTime: instant,
  appId: z.string(),
  mchId: z.string(),
  subMchId: z.string(),
  deviceId: z.string(),
  transactionId: z.string(),
  outTradeNo: z.string(),
  payerOpenId: z.string(),
  tradeType: z.string(),
  /** `SUCCESS` for a payment row, `REFUND` for a refund row, `REVOKED` for a revoked one. */
  tradeState: z.string(),
  bankType: z.string(),
  currency: z.string(),
  /** 应结订单金额: the order amount less non-recharge coupons. */
  settlementFen: z.number().int(),
  couponFen: z.number().int(),
  refundId: z.string(),
  outRefundNo: z.string(),
  refundFen: z.number().int(),
  rechargeCouponRefundFen: z.number().int(),
  refundType: z.string(),
  refundState: z.string(),
  description: z.string(),
  attach: z.string(),
  /** The provider's fee in yuan, kept as printed: it has more decimals than fen. */
  feeYuan: z.string(),
  feeRate: z.string(),
  orderFen: z.number().int(),
  requestedRefundFen: z.number().int(),
  feeRateNote: z.string(),
});
export type TradeBillRecord = z.infer<typeof tradeBillRecordSchema>;

export const tradeBillSummarySchema = z.object({
  tradeCount: z.number().int().nonnegative(),
  settlementFen: z.number().int(),
  refundFen: z.number().int(),
  rechargeCouponRefundFen: z.number().int(),
  feeYuan: z.string(),
  orderFen: z.number().int(),
  requestedRefundFen: z.number().int(),
});
export type TradeBillSummary = z.infer<typeof tradeBillSummarySchema>;

export interface TradeBill {
  billDate: string;
  records: TradeBillRecord[];
  summary: TradeBillSummary;
}
