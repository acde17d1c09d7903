import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../../../../shared/errors/index.js';
import {
  PaymentRefused,
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
  type TradeBillRecord,
} from '../../../../shared/payments/index.js';
import { parseWeChatPayNotification } from '../notification.js';
import { paymentOfTransaction, weChatTransactionSchema } from '../transaction.js';
import { newNonce, paySign } from '../signatures.js';
import { formatTradeBill, parseTradeBill } from '../tradeBill.js';
import { confirmationPageOf, type PaymentConfirmationPage } from './confirmationPage.js';
import { beijingTime, buildPlatformNotification } from './platformNotification.js';
import { loadSimulatorKeys, type SimulatorKeys } from './simulatorKeys.js';
import { SimulatorLedger, type SimulatedOrder, type SimulatedRefund } from './simulatorLedger.js';

/*
 * A local WeChat Pay for `npm start` and tests. It keeps orders in a file beside its keys and,
 * when the payer pays, posts a notification to our notification route built exactly like
 * WeChat Pay's (sealed with the simulator's APIv3 key, signed with its platform key), so the
 * same parseNotification path runs as in production.
 *
 * Payment codes (micropay): 18 digits starting 10–15, like WeChat's. The last digit picks the
 * payer's behaviour: 7 never confirms (the charge ends revoked), 8 is still confirming on their
 * phone when the charge returns (USERPAYING, as when WeChat could not reverse an undecided
 * charge) and pays once `confirmPaymentCode` is called, 9 has too little balance; any other
 * digit pays at once. Payment codes get no notification: the merchant queries the order.
 */

export interface NotificationDelivery {
  delivered: boolean;
  /** Our route's HTTP status, when it answered. */
  status?: number;
}

export type DeliverNotification = (url: string, notification: NotificationRequest) => Promise<NotificationDelivery>;

export interface SimulatedPaymentProviderOptions {
  /** Where keys and orders are kept (the local stack passes <repo>/.data/wechat/). */
  dir: string;
  /** Our payment notification route. */
  notifyUrl: string;
  /** Our refund notification route; `notifyUrl` when not given. */
  refundNotifyUrl?: string;
  /** After how long a refund succeeds on its own; `null` leaves it to `settleRefund`. */
  refundSettleDelayMs?: number | null;
  now?: () => number;
  deliver?: DeliverNotification;
}

const postNotification: DeliverNotification = async (url, { headers, body }) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: headers as Record<string, string>,
      body,
      signal: AbortSignal.timeout(5_000),
    });
    return { delivered: response.ok, status: response.status };
  } catch {
    return { delivered: false };
  }
};

const digits = (length: number): string =>
  Array.from(randomBytes(length), (byte) => String(byte % 10)).join('');

/** A redelivered notification keeps its id, as WeChat's retries do. */
const eventIdOf = (subject: string): string => `EV-${createHash('sha256').update(subject).digest('hex').slice(0, 24)}`;

const paymentCodePattern = /^1[0-5]\d{16}$/;

export class SimulatedPaymentProvider implements PaymentProvider {
  readonly keys: SimulatorKeys;
  private readonly ledger: SimulatorLedger;
  private readonly now: () => number;
  private readonly deliver: DeliverNotification;
  private readonly refundNotifyUrl: string;
  private readonly refundSettleDelayMs: number | null;

  constructor(private readonly options: SimulatedPaymentProviderOptions) {
    this.keys = loadSimulatorKeys(options.dir);
    this.ledger = new SimulatorLedger(options.dir);
    this.now = options.now ?? Date.now;
    this.deliver = options.deliver ?? postNotification;
    this.refundNotifyUrl = options.refundNotifyUrl ?? options.notifyUrl;
    this.refundSettleDelayMs = options.refundSettleDelayMs === undefined ? 200 : options.refundSettleDelayMs;
  }

  async createJsapiOrder(input: CreateJsapiOrderInput): Promise<CreatedJsapiOrder> {
    const order = this.ledger.change((ledger) => {
      const existing = ledger.orders[input.outTradeNo];
      if (existing !== undefined) {
        this.refuseUnpayable(existing);
        // WeChat answers a repeated prepay with the same prepay id, but only for the same order.
        if (existing.amountFen !== input.amountFen || existing.payerOpenId !== input.payerOpenId) {
          throw new PaymentRefused('duplicateOrderNo', 'OUT_TRADE_NO_USED', `Order number ${input.outTradeNo} is already used`);
        }
        return existing;
      }
      const created: SimulatedOrder = {
        outTradeNo: input.outTradeNo,
        prepayId: `wx${beijingTime(this.now()).replace(/\D/g, '').slice(0, 14)}${randomBytes(8).toString('hex')}`,
        tradeType: 'JSAPI',
        description: input.description,
        amountFen: input.amountFen,
        payerOpenId: input.payerOpenId,
        ...(input.attach === undefined ? {} : { attach: input.attach }),
        state: 'NOTPAY',
        createdAt: beijingTime(this.now()),
        ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
      };
      ledger.orders[created.outTradeNo] = created;
      return created;
    });
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = newNonce();
    const packageValue = `prepay_id=${order.prepayId}`;
    return {
      prepayId: order.prepayId,
      payment: {
        timeStamp,
        nonceStr,
        package: packageValue,
        signType: 'RSA',
        paySign: paySign(this.keys.merchantPrivateKey, { appId: this.keys.appId, timeStamp, nonceStr, package: packageValue }),
      },
    };
  }

  async micropay(input: MicropayInput): Promise<ProviderPayment> {
    if (!paymentCodePattern.test(input.paymentCode)) {
      throw new PaymentRefused('paymentCodeInvalid', 'AUTH_CODE_INVALID', 'The payment code is not a WeChat payment code');
    }
    const behaviour = input.paymentCode.at(-1);
    if (behaviour === '9') throw new PaymentRefused('payerFundsTooLow', 'NOTENOUGH', "The payer's balance is too low");
    const order = this.ledger.change((ledger) => {
      const existing = ledger.orders[input.outTradeNo];
      if (existing !== undefined) {
        this.refuseUnpayable(existing);
        throw new PaymentRefused('duplicateOrderNo', 'OUT_TRADE_NO_USED', `Order number ${input.outTradeNo} is already used`);
      }
      const charged: SimulatedOrder = {
        outTradeNo: input.outTradeNo,
        prepayId: '',
        tradeType: 'MICROPAY',
        description: input.description,
        amountFen: input.amountFen,
        payerOpenId: `sim-payer-${createHash('sha256').update(input.paymentCode).digest('hex').slice(0, 16)}`,
        deviceId: input.storeId,
        state: behaviour === '7' ? 'REVOKED' : behaviour === '8' ? 'USERPAYING' : 'SUCCESS',
        createdAt: beijingTime(this.now()),
      };
      if (charged.state === 'SUCCESS') Object.assign(charged, this.paidNow());
      ledger.orders[charged.outTradeNo] = charged;
      return charged;
    });
    return this.paymentOf(order);
  }

  async queryOrder(outTradeNo: string): Promise<ProviderPayment> {
    return this.paymentOf(this.order(outTradeNo));
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    this.ledger.change((ledger) => {
      const order = ledger.orders[outTradeNo];
      if (order === undefined) throw this.notFound(outTradeNo);
      if (order.state === 'SUCCESS' || order.state === 'REFUND') {
        throw new PaymentRefused('alreadyPaid', 'ORDERPAID', `Order ${outTradeNo} is already paid`);
      }
      if (order.state === 'NOTPAY') order.state = 'CLOSED';
    });
  }

  async refund(input: RefundInput): Promise<ProviderRefund> {
    const refund = this.ledger.change((ledger) => {
      const existing = ledger.refunds[input.outRefundNo];
      if (existing !== undefined) return existing;
      const order = ledger.orders[input.outTradeNo];
      if (order === undefined) throw this.notFound(input.outTradeNo);
      if (order.state !== 'SUCCESS' && order.state !== 'REFUND') {
        throw new PaymentRefused('refused', 'INVALID_REQUEST', `Order ${input.outTradeNo} is not paid`);
      }
      if (input.totalFen !== order.amountFen) {
        throw new PaymentRefused('refused', 'INVALID_REQUEST', 'The total does not match the order');
      }
      const refunded = Object.values(ledger.refunds)
        .filter((other) => other.outTradeNo === order.outTradeNo && other.state !== 'CLOSED' && other.state !== 'ABNORMAL')
        .reduce((sum, other) => sum + other.refundFen, 0);
      if (input.refundFen <= 0 || refunded + input.refundFen > order.amountFen) {
        throw new PaymentRefused('refused', 'INVALID_REQUEST', 'The refund is more than what remains of the payment');
      }
      const created: SimulatedRefund = {
        outRefundNo: input.outRefundNo,
        outTradeNo: input.outTradeNo,
        refundId: `5030${digits(25)}`,
        refundFen: input.refundFen,
        totalFen: input.totalFen,
        state: 'PROCESSING',
        createdAt: beijingTime(this.now()),
      };
      ledger.refunds[created.outRefundNo] = created;
      order.state = 'REFUND';
      return created;
    });
    if (refund.state === 'PROCESSING' && this.refundSettleDelayMs !== null) {
      setTimeout(() => void this.settleRefund(refund.outRefundNo), this.refundSettleDelayMs).unref();
    }
    return this.refundOf(refund);
  }

  async queryRefund(outRefundNo: string): Promise<ProviderRefund> {
    const refund = this.ledger.read().refunds[outRefundNo];
    if (refund === undefined) throw new PaymentRefused('orderNotFound', 'RESOURCE_NOT_EXISTS', `No refund ${outRefundNo}`);
    return this.refundOf(refund);
  }

  async parseNotification(request: NotificationRequest): Promise<PaymentEvent> {
    return parseWeChatPayNotification(this.keys, request, this.now());
  }

  async downloadTradeBill(billDate: string): Promise<TradeBill> {
    return parseTradeBill(billDate, this.tradeBillText(billDate));
  }

  /** The payer pays an order (the confirmation page's "pay"); WeChat then notifies us. */
  async pay(outTradeNo: string): Promise<NotificationDelivery> {
    this.ledger.change((ledger) => {
      const order = ledger.orders[outTradeNo];
      if (order === undefined) throw this.notFound(outTradeNo);
      const page = confirmationPageOf(order, this.now());
      if (!page.canPay) throw new DomainError('CONFLICT', `Order ${outTradeNo} cannot be paid: ${page.notice ?? page.state}`);
      Object.assign(order, { state: 'SUCCESS' }, this.paidNow());
    });
    return this.redeliverPaymentNotification(outTradeNo);
  }

  /** The payer of a payment-code charge still waiting for them (codes ending 8) confirms on their phone. */
  async confirmPaymentCode(outTradeNo: string): Promise<ProviderPayment> {
    const order = this.ledger.change((ledger) => {
      const found = ledger.orders[outTradeNo];
      if (found === undefined) throw this.notFound(outTradeNo);
      if (found.tradeType !== 'MICROPAY' || found.state !== 'USERPAYING') {
        throw new DomainError('CONFLICT', `Order ${outTradeNo} is not a payment-code charge waiting for its payer`);
      }
      Object.assign(found, { state: 'SUCCESS' }, this.paidNow());
      return found;
    });
    return this.paymentOf(order);
  }

  /** Sends the paid order's notification again, as WeChat does when it did not get a 2xx. */
  async redeliverPaymentNotification(outTradeNo: string): Promise<NotificationDelivery> {
    const order = this.order(outTradeNo);
    if (order.transactionId === undefined) throw new DomainError('CONFLICT', `Order ${outTradeNo} is not paid`);
    const notification = buildPlatformNotification(
      this.keys,
      {
        id: eventIdOf(order.transactionId),
        eventType: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        originalType: 'transaction',
        resource: this.transactionOf(order),
      },
      this.now(),
    );
    return this.deliver(this.options.notifyUrl, notification);
  }

  /** A processing refund reaches the payer; WeChat then notifies us. */
  async settleRefund(outRefundNo: string): Promise<NotificationDelivery> {
    const refund = this.ledger.change((ledger) => {
      const found = ledger.refunds[outRefundNo];
      if (found === undefined) throw new DomainError('NOT_FOUND', `No refund ${outRefundNo}`);
      if (found.state === 'PROCESSING') Object.assign(found, { state: 'SUCCESS', successTime: beijingTime(this.now()) });
      return found;
    });
    const notification = buildPlatformNotification(
      this.keys,
      {
        id: eventIdOf(`${refund.refundId}:${refund.state}`),
        eventType: `REFUND.${refund.state}`,
        summary: '退款成功',
        originalType: 'refund',
        resource: {
          mchid: this.keys.mchId,
          out_trade_no: refund.outTradeNo,
          transaction_id: this.order(refund.outTradeNo).transactionId,
          out_refund_no: refund.outRefundNo,
          refund_id: refund.refundId,
          refund_status: refund.state,
          ...(refund.successTime === undefined ? {} : { success_time: refund.successTime }),
          user_received_account: '支付用户零钱',
          amount: { total: refund.totalFen, refund: refund.refundFen, payer_total: refund.totalFen, payer_refund: refund.refundFen },
        },
      },
      this.now(),
    );
    return this.deliver(this.refundNotifyUrl, notification);
  }

  confirmationPage(prepayId: string): PaymentConfirmationPage {
    return confirmationPageOf(this.orderByPrepayId(prepayId), this.now());
  }

  async confirmPayment(prepayId: string): Promise<PaymentConfirmationPage> {
    const order = this.orderByPrepayId(prepayId);
    await this.pay(order.outTradeNo);
    return this.confirmationPage(prepayId);
  }

  /** The payer closes the sheet: at WeChat nothing changes, the order stays payable. */
  cancelPayment(prepayId: string): PaymentConfirmationPage {
    return this.confirmationPage(prepayId);
  }

  /** The day's bill in WeChat Pay's ALL format: payments by success time, refunds by acceptance time (Beijing days). */
  tradeBillText(billDate: string): string {
    const ledger = this.ledger.read();
    const onDay = (time: string | undefined): boolean => time !== undefined && time.startsWith(billDate);
    const base = (order: SimulatedOrder) => ({
      appId: this.keys.appId,
      mchId: this.keys.mchId,
      subMchId: '0',
      deviceId: order.deviceId ?? '',
      transactionId: order.transactionId ?? '',
      outTradeNo: order.outTradeNo,
      payerOpenId: order.payerOpenId ?? '',
      tradeType: order.tradeType,
      bankType: 'OTHERS',
      currency: 'CNY',
      couponFen: 0,
      rechargeCouponRefundFen: 0,
      description: order.description,
      attach: order.attach ?? '',
      feeYuan: '0.00000',
      feeRate: '0.00%',
      feeRateNote: '',
    });
    const payments: TradeBillRecord[] = Object.values(ledger.orders)
      .filter((order) => order.successTime !== undefined && onDay(order.successTime))
      .map((order) => ({
        ...base(order),
        tradeTime: order.successTime!,
        tradeState: 'SUCCESS',
        settlementFen: order.amountFen,
        refundId: '0',
        outRefundNo: '0',
        refundFen: 0,
        refundType: '',
        refundState: '',
        orderFen: order.amountFen,
        requestedRefundFen: 0,
      }));
    const refunds: TradeBillRecord[] = Object.values(ledger.refunds)
      .filter((refund) => onDay(refund.createdAt))
      .flatMap((refund) => {
        const order = ledger.orders[refund.outTradeNo];
        if (order === undefined) return [];
        return [
          {
            ...base(order),
            tradeTime: refund.createdAt,
            tradeState: 'REFUND',
            settlementFen: 0,
            refundId: refund.refundId,
            outRefundNo: refund.outRefundNo,
            refundFen: refund.state === 'SUCCESS' || refund.state === 'PROCESSING' ? refund.refundFen : 0,
            refundType: 'ORIGINAL',
            refundState: refund.state,
            orderFen: 0,
            requestedRefundFen: refund.refundFen,
          },
        ];
      });
    const records = [...payments, ...refunds].sort((a, b) => a.tradeTime.localeCompare(b.tradeTime));
    const sum = (field: 'settlementFen' | 'refundFen' | 'orderFen' | 'requestedRefundFen'): number =>
      records.reduce((total, record) => total + record[field], 0);
    return formatTradeBill(records, {
      tradeCount: records.length,
      settlementFen: sum('settlementFen'),
      refundFen: sum('refundFen'),
      rechargeCouponRefundFen: 0,
      feeYuan: '0.00000',
      orderFen: sum('orderFen'),
      requestedRefundFen: sum('requestedRefundFen'),
    });
  }

  private paidNow(): Pick<SimulatedOrder, 'transactionId' | 'successTime'> {
    return { transactionId: `4200${digits(24)}`, successTime: beijingTime(this.now()) };
  }

  private refuseUnpayable(order: SimulatedOrder): void {
    if (order.state === 'SUCCESS' || order.state === 'REFUND') {
      throw new PaymentRefused('alreadyPaid', 'ORDERPAID', `Order ${order.outTradeNo} is already paid`);
    }
    if (order.state === 'CLOSED' || order.state === 'REVOKED') {
      throw new PaymentRefused('orderClosed', 'ORDER_CLOSED', `Order ${order.outTradeNo} is closed`);
    }
  }

  private order(outTradeNo: string): SimulatedOrder {
    const order = this.ledger.read().orders[outTradeNo];
    if (order === undefined) throw this.notFound(outTradeNo);
    return order;
  }

  private orderByPrepayId(prepayId: string): SimulatedOrder {
    const order = Object.values(this.ledger.read().orders).find((candidate) => candidate.prepayId === prepayId && prepayId !== '');
    if (order === undefined) throw new DomainError('NOT_FOUND', `No simulated payment ${prepayId}`);
    return order;
  }

  private notFound(outTradeNo: string): PaymentRefused {
    return new PaymentRefused('orderNotFound', 'ORDER_NOT_EXIST', `No order ${outTradeNo}`);
  }

  private transactionOf(order: SimulatedOrder) {
    return {
      appid: this.keys.appId,
      mchid: this.keys.mchId,
      out_trade_no: order.outTradeNo,
      ...(order.transactionId === undefined ? {} : { transaction_id: order.transactionId }),
      trade_type: order.tradeType,
      trade_state: order.state,
      trade_state_desc: order.state,
      bank_type: 'OTHERS',
      attach: order.attach ?? '',
      ...(order.successTime === undefined ? {} : { success_time: order.successTime }),
      payer: { openid: order.payerOpenId },
      amount: { total: order.amountFen, payer_total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  private paymentOf(order: SimulatedOrder): ProviderPayment {
    return paymentOfTransaction(weChatTransactionSchema.parse(this.transactionOf(order)), order);
  }

  private refundOf(refund: SimulatedRefund): ProviderRefund {
    const order = this.ledger.read().orders[refund.outTradeNo];
    return {
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      refundId: refund.refundId,
      ...(order?.transactionId === undefined ? {} : { transactionId: order.transactionId }),
      state: refund.state,
      refundFen: refund.refundFen,
      totalFen: refund.totalFen,
      ...(refund.successTime === undefined ? {} : { successTime: refund.successTime }),
    };
  }
}
