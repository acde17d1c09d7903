import { DomainError } from '../../../shared/errors/index.js';
import { PaymentRefused, type PaymentRefusal } from '../../../shared/payments/index.js';
import { DependencyUnavailable } from '../../http/dependencyUnavailable.js';

/*
 * WeChat Pay API v3 answers errors as a 4xx/5xx with `{ code, message, detail? }`. We turn them
 * into three kinds: a refusal the payment code can act on (PaymentRefused), "try again later"
 * (UNAVAILABLE: WeChat busy, rate-limited, timed out, or an answer we could not trust), and our
 * own mistakes (INTERNAL: bad signature, wrong merchant set-up, malformed request).
 */

export const weChatPayDependency = 'wechat-pay';

const refusals: Record<string, PaymentRefusal> = {
  ORDERPAID: 'alreadyPaid',
  ORDER_PAID: 'alreadyPaid',
  ORDER_CLOSED: 'orderClosed',
  ORDERCLOSED: 'orderClosed',
  OUT_TRADE_NO_USED: 'duplicateOrderNo',
  ORDER_NOT_EXIST: 'orderNotFound',
  ORDERNOTEXIST: 'orderNotFound',
  RESOURCE_NOT_EXISTS: 'orderNotFound',
  NOT_ENOUGH: 'merchantBalanceTooLow',
  NOTENOUGH: 'payerFundsTooLow',
  AUTH_CODE_ERROR: 'paymentCodeInvalid',
  AUTHCODEEXPIRE: 'paymentCodeInvalid',
  AUTH_CODE_INVALID: 'paymentCodeInvalid',
  AUTH_CODE_EXPIRE: 'paymentCodeInvalid',
  INVALID_REQUEST: 'refused',
  USER_ACCOUNT_ABNORMAL: 'refused',
  RULE_LIMIT: 'refused',
  TRADE_ERROR: 'refused',
  PAYERROR: 'refused',
  BUYER_MISMATCH: 'refused',
};

/** Worth retrying with the same request (WeChat's own guidance for these codes). */
const transient = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'BANK_ERROR', 'BANKERROR', 'FREQUENCY_LIMITED', 'USERPAYING']);

const errorBodyOf = (body: unknown): { code: string; message: string } => {
  if (typeof body === 'object' && body !== null) {
    const { code, message } = body as Record<string, unknown>;
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : '' };
  }
  return { code: '', message: '' };
};

/** The error for a non-2xx answer from WeChat Pay. */
export const weChatPayApiError = (status: number, body: unknown, what: string): DomainError => {
  const { code, message } = errorBodyOf(body);
  const refusal = refusals[code];
  if (refusal !== undefined) return new PaymentRefused(refusal, code, `WeChat Pay refused ${what}: ${code} ${message}`.trim());
  if (transient.has(code) || status >= 500 || status === 429) {
    return new DependencyUnavailable(weChatPayDependency, `WeChat Pay could not ${what} now (${status} ${code})`.trim());
  }
  return new DomainError('INTERNAL', `WeChat Pay rejected ${what}: ${status} ${code} ${message}`.trim(), {
    providerCode: code,
    status,
  });
};

export const weChatPayUnreachable = (what: string, cause: unknown): DependencyUnavailable =>
  new DependencyUnavailable(weChatPayDependency, `WeChat Pay did not answer ${what}`, cause);
