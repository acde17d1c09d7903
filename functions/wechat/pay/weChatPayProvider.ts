import { z } from 'zod';
import { DomainError, isDomainError } from '../../../shared/errors/index.js';
import {
  isPaymentRefused,
  type CreateJsapiOrderInput,
  type CreatedJsapiOrder,
  type MicropayInput,
  type NotificationRequest,
  type PaymentEvent,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderRefund,
  type RefundInput,
  type TradeBill,
} from '../../../shared/payments/index.js';
import { DependencyUnavailable } from '../../http/dependencyUnavailable.js';
import { weChatPayDependency } from './apiErrors.js';
import { WeChatPayApi, type WeChatPayApiDependencies } from './apiClient.js';
import type { WeChatPayConfig } from './config.js';
import { parseWeChatPayNotification } from './notification.js';
import { newNonce, paySign } from './signatures.js';
import { parseTradeBill } from './tradeBill.js';
import {
  paymentOfTransaction,
  refundOfWeChatRefund,
  weChatRefundSchema,
  weChatTransactionSchema,
} from './transaction.js';

/*
 * PaymentProvider over WeChat Pay API v3 (direct merchant, 直连商户):
 *   JSAPI prepay   POST /v3/pay/transactions/jsapi
 *   payment code   POST /v3/pay/transactions/codepay, reverse …/out-trade-no/{no}/reverse
 *   query          GET  /v3/pay/transactions/out-trade-no/{no}?mchid=
 *   close          POST /v3/pay/transactions/out-trade-no/{no}/close
 *   refund         POST /v3/refund/domestic/refunds, GET …/refunds/{out_refund_no}
 *   trade bill     GET  /v3/bill/tradebill?bill_date=&bill_type=ALL, then its download_url
 */

export interface MicropayPolicy {
  /** How often to ask whether the payer has confirmed (WeChat suggests every few seconds). */
  pollIntervalMs: number;
  /** How many times to ask before cancelling the charge. */
  maxPolls: number;
}

export const defaultMicropayPolicy: MicropayPolicy = { pollIntervalMs: 3_000, maxPolls: 10 };

export interface WeChatPayProviderDependencies extends WeChatPayApiDependencies {
  sleep?: (ms: number) => Promise<void>;
  micropay?: MicropayPolicy;
}

const prepaySchema = z.object({ prepay_id: z.string().min(1) });
const billAddressSchema = z.object({
  hash_type: z.literal('SHA1'),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.url(),
});

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const undecided = new Set(['USERPAYING', 'NOTPAY']);

export class WeChatPayProvider implements PaymentProvider {
  private readonly api: WeChatPayApi;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly micropayPolicy: MicropayPolicy;

  constructor(
    private readonly config: WeChatPayConfig,
    dependencies: WeChatPayProviderDependencies = {},
  ) {
    this.api = new WeChatPayApi(config, dependencies);
    this.now = dependencies.now ?? Date.now;
    this.sleep = dependencies.sleep ?? delay;
    this.micropayPolicy = dependencies.micropay ?? defaultMicropayPolicy;
  }

  async createJsapiOrder(input: CreateJsapiOrderInput): Promise<CreatedJsapiOrder> {
    const answer = await this.api.call(
      'POST',
      '/v3/pay/transactions/jsapi',
      {
        appid: this.config.appId,
        mchid: this.config.mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        ...(input.expiresAt === undefined ? {} : { time_expire: input.expiresAt }),
        ...(input.attach === undefined ? {} : { attach: input.attach }),
        notify_url: this.config.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        payer: { openid: input.payerOpenId },
      },
      'create the prepay order',
    );
    const { prepay_id: prepayId } = this.answerOf(prepaySchema, answer.body, 'create the prepay order');
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = newNonce();
    const packageValue = `prepay_id=${prepayId}`;
    return {
      prepayId,
      payment: {
        timeStamp,
        nonceStr,
        package: packageValue,
        signType: 'RSA',
        paySign: paySign(this.config.signer.privateKey, {
          appId: this.config.appId,
          timeStamp,
          nonceStr,
          package: packageValue,
        }),
      },
    };
  }

  /**
   * Charges the code. When WeChat answers "the payer is confirming" (USERPAYING) or cannot say
   * (a system error or timeout), the order is queried until it settles; if it has not settled
   * after the policy's polls, it is reversed so that it can no longer take money. A reversal
   * that WeChat refuses leaves the last known state (USERPAYING) for the caller to query later.
   */
  async micropay(input: MicropayInput): Promise<ProviderPayment> {
    const known = { outTradeNo: input.outTradeNo, amountFen: input.amountFen };
    let outcomeUnknown: DomainError | undefined;
    try {
      const answer = await this.api.call(
        'POST',
        '/v3/pay/transactions/codepay',
        {
          appid: this.config.appId,
          mchid: this.config.mchId,
          description: input.description,
          out_trade_no: input.outTradeNo,
          payer: { auth_code: input.paymentCode },
          amount: { total: input.amountFen, currency: 'CNY' },
          scene_info: {
            store_info: { out_id: input.storeId },
            ...(input.deviceIp === undefined ? {} : { device_ip: input.deviceIp }),
          },
        },
        'charge the payment code',
      );
      const payment = paymentOfTransaction(this.answerOf(weChatTransactionSchema, answer.body, 'charge the payment code'), known);
      if (!undecided.has(payment.state)) return payment;
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'UNAVAILABLE')) throw error;
      outcomeUnknown = error;
    }

    let last: ProviderPayment = { ...known, state: 'USERPAYING' };
    for (let poll = 0; poll < this.micropayPolicy.maxPolls; poll += 1) {
      await this.sleep(this.micropayPolicy.pollIntervalMs);
      try {
        last = await this.queryOrder(input.outTradeNo);
      } catch (error) {
        // The charge never reached WeChat: nothing was taken, and the original failure says why.
        if (outcomeUnknown !== undefined && isPaymentRefused(error, 'orderNotFound')) throw outcomeUnknown;
        if (!(isDomainError(error) && error.code === 'UNAVAILABLE')) throw error;
        continue;
      }
      if (!undecided.has(last.state)) return last;
    }
    try {
      await this.api.call(
        'POST',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(input.outTradeNo)}/reverse`,
        { appid: this.config.appId, mchid: this.config.mchId },
        'reverse the payment-code charge',
      );
      return { ...last, state: 'REVOKED' };
    } catch (error) {
      if (isDomainError(error) && (error.code === 'UNAVAILABLE' || isPaymentRefused(error))) return last;
      throw error;
    }
  }

  async queryOrder(outTradeNo: string): Promise<ProviderPayment> {
    const answer = await this.api.call(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.config.mchId)}`,
      undefined,
      'query the order',
    );
    return paymentOfTransaction(this.answerOf(weChatTransactionSchema, answer.body, 'query the order'), { outTradeNo });
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    try {
      await this.api.call(
        'POST',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
        { mchid: this.config.mchId },
        'close the order',
      );
    } catch (error) {
      if (isPaymentRefused(error, 'orderClosed')) return;
      throw error;
    }
  }

  async refund(input: RefundInput): Promise<ProviderRefund> {
    const answer = await this.api.call(
      'POST',
      '/v3/refund/domestic/refunds',
      {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        notify_url: this.config.refundNotifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      },
      'refund',
    );
    return refundOfWeChatRefund(this.answerOf(weChatRefundSchema, answer.body, 'refund'));
  }

  async queryRefund(outRefundNo: string): Promise<ProviderRefund> {
    const answer = await this.api.call(
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
      undefined,
      'query the refund',
    );
    return refundOfWeChatRefund(this.answerOf(weChatRefundSchema, answer.body, 'query the refund'));
  }

  async parseNotification(request: NotificationRequest): Promise<PaymentEvent> {
    return parseWeChatPayNotification(this.config, request, this.now());
  }

  async downloadTradeBill(billDate: string): Promise<TradeBill> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) {
      throw new DomainError('VALIDATION_FAILED', `Bill date must be YYYY-MM-DD, got ${billDate}`);
    }
    const answer = await this.api.call(
      'GET',
      `/v3/bill/tradebill?bill_date=${billDate}&bill_type=ALL`,
      undefined,
      'apply for the trade bill',
    );
    const address = this.answerOf(billAddressSchema, answer.body, 'apply for the trade bill');
    const file = await this.api.download(address.download_url, address.hash_value, 'download the trade bill');
    return parseTradeBill(billDate, file.toString('utf8'));
  }

  /** A verified answer that does not have the documented shape is as good as none. */
  private answerOf<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new DependencyUnavailable(weChatPayDependency, `WeChat Pay's answer to ${what} is not in the documented shape`);
    }
    return parsed.data;
  }
}
