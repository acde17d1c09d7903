import { formatYuan } from '../../../../shared/money/index.js';
import type { PaymentState } from '../../../../shared/payments/index.js';
import type { SimulatedOrder } from './simulatorLedger.js';

/*
 * The h5 build has no WeChat to pay in, so `requestPayment` there opens the simulator's
 * confirmation page instead. This is that page's model; the local server renders it and posts
 * the payer's choice back (SimulatedPaymentProvider.confirmPayment / cancelPayment).
 */

export interface PaymentConfirmationPage {
  prepayId: string;
  outTradeNo: string;
  payee: string;
  description: string;
  amountFen: number;
  /** "¥11.00" */
  amountText: string;
  state: PaymentState;
  /** Whether the "pay" button is live. */
  canPay: boolean;
  /** Why it is not, in the payer's words. */
  notice?: string;
}

export const simulatedPayee = 'Parkade 停车场（模拟支付）';

const notices: Partial<Record<PaymentState, string>> = {
  SUCCESS: '已支付',
  REFUND: '已支付（有退款）',
  CLOSED: '订单已关闭',
  REVOKED: '订单已撤销',
  PAYERROR: '支付失败',
};

export const confirmationPageOf = (order: SimulatedOrder, nowMs: number): PaymentConfirmationPage => {
  const expired = order.expiresAt !== undefined && Date.parse(order.expiresAt) <= nowMs;
  const canPay = order.state === 'NOTPAY' && !expired;
  const notice = expired && order.state === 'NOTPAY' ? '订单已过期' : notices[order.state];
  return {
    prepayId: order.prepayId,
    outTradeNo: order.outTradeNo,
    payee: simulatedPayee,
    description: order.description,
    amountFen: order.amountFen,
    amountText: formatYuan(order.amountFen),
    state: order.state,
    canPay,
    ...(notice === undefined ? {} : { notice }),
  };
};

/** `prepay_id=wx…` (the `package` handed to requestPayment) → `wx…`. */
export const prepayIdOfPackage = (packageValue: string): string | null => {
  const match = /^prepay_id=([\w-]+)$/.exec(packageValue);
  return match === null ? null : (match[1] ?? null);
};
