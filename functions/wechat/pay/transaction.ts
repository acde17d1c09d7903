import { z } from 'zod';
import {
  paymentStateSchema,
  refundStateSchema,
  type ProviderPayment,
  type ProviderRefund,
} from '../../../shared/payments/index.js';

/*
 * WeChat Pay API v3's transaction and refund objects (query answers, notification resources,
 * payment-code answers) and their provider-independent meaning. Unknown fields are ignored:
 * WeChat adds fields over time.
 */

export const weChatTransactionSchema = z.object({
  appid: z.string().optional(),
  mchid: z.string().optional(),
  out_trade_no: z.string().optional(),
  transaction_id: z.string().optional(),
  trade_state: paymentStateSchema,
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int().nonnegative().optional() }).optional(),
});
export type WeChatTransaction = z.infer<typeof weChatTransactionSchema>;

/** Both spellings: the refund API answers `status`, a refund notification carries `refund_status`. */
export const weChatRefundSchema = z.object({
  mchid: z.string().optional(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  status: refundStateSchema.optional(),
  refund_status: refundStateSchema.optional(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int().nonnegative(), refund: z.number().int().nonnegative() }),
});
export type WeChatRefund = z.infer<typeof weChatRefundSchema>;

const optional = <K extends string, V>(key: K, value: V | undefined | ''): { [P in K]?: V } =>
  (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };

/**
 * `outTradeNo` and `amountFen` fall back to what we asked for: a payment-code answer that is
 * still waiting for the payer carries nothing but `trade_state`.
 */
export const paymentOfTransaction = (
  transaction: WeChatTransaction,
  known: { outTradeNo: string; amountFen?: number },
): ProviderPayment => ({
  outTradeNo: transaction.out_trade_no ?? known.outTradeNo,
  state: transaction.trade_state,
  ...optional('amountFen', transaction.amount?.total ?? known.amountFen),
  ...optional('transactionId', transaction.transaction_id),
  ...optional('payerOpenId', transaction.payer?.openid),
  ...optional('successTime', transaction.success_time),
});

export const refundOfWeChatRefund = (refund: WeChatRefund): ProviderRefund => ({
  outTradeNo: refund.out_trade_no,
  outRefundNo: refund.out_refund_no,
  refundId: refund.refund_id,
  ...optional('transactionId', refund.transaction_id),
  state: refund.refund_status ?? refund.status ?? 'PROCESSING',
  refundFen: refund.amount.refund,
  totalFen: refund.amount.total,
  ...optional('successTime', refund.success_time),
});
