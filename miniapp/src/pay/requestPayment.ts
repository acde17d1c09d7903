import Taro from '@tarojs/taro';
import type { MiniProgramPaymentParams } from '@shared/payments/paymentProvider.js';

/*
 * WeChat's payment sheet. In WeChat, `Taro.requestPayment` shows it; a browser has none, so the
 * h5 build shows the local pay simulator's confirmation page instead (GET /sim/pay/<prepayId>,
 * served by the API's origin), and the order is then polled until it is paid either way.
 */

/** The simulator's confirmation page for a payment, or null when its package names no prepay id. */
export const simulatorPageUrl = (payment: MiniProgramPaymentParams): string | null => {
  const prepayId = /^prepay_id=([\w-]+)$/.exec(payment.package)?.[1];
  return prepayId === undefined ? null : `${window.location.origin}/sim/pay/${encodeURIComponent(prepayId)}`;
};

/** weapp: the WeChat sheet; resolves false when the driver closes it without paying. */
export const requestWeChatPayment = async (payment: MiniProgramPaymentParams): Promise<boolean> => {
  try {
    await Taro.requestPayment(payment);
    return true;
  } catch {
    return false;
  }
};
