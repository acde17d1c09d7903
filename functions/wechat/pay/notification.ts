import { z } from 'zod';
import { DomainError } from '../../../shared/errors/index.js';
import type { NotificationRequest, PaymentEvent } from '../../../shared/payments/index.js';
import { platformSignatureFailure } from './platformSignature.js';
import { decryptResource } from './resourceCipher.js';
import type { PlatformKey } from './signatures.js';
import {
  paymentOfTransaction,
  refundOfWeChatRefund,
  weChatRefundSchema,
  weChatTransactionSchema,
} from './transaction.js';

/*
 * A WeChat Pay API v3 notification (回调通知): a JSON envelope
 *   { id, create_time, event_type, resource_type: "encrypt-resource", summary,
 *     resource: { algorithm: "AEAD_AES_256_GCM", original_type, ciphertext, associated_data, nonce } }
 * signed like a response. Order of checks: signature (over the raw body) first, then
 * decryption, then that the payment is ours (mchid, appid). Answer WeChat 2xx only after the
 * event has been recorded; any other answer makes it retry, which our idempotency absorbs.
 */

export const weChatNotificationSchema = z.object({
  id: z.string().min(1),
  create_time: z.string().optional(),
  event_type: z.string().min(1),
  resource_type: z.literal('encrypt-resource'),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    original_type: z.string().optional(),
    ciphertext: z.string().min(1),
    associated_data: z.string().optional(),
    nonce: z.string().min(1),
  }),
});
export type WeChatNotification = z.infer<typeof weChatNotificationSchema>;

export interface NotificationKeys {
  mchId: string;
  appId: string;
  apiV3Key: string;
  platformKeys: readonly PlatformKey[];
}

export type NotificationFailure =
  | NonNullable<ReturnType<typeof platformSignatureFailure>>
  | 'malformedBody'
  | 'undecryptable'
  | 'malformedResource'
  | 'notOurMerchant'
  | 'unsupportedEvent';

export const notificationRefused = (reason: NotificationFailure): DomainError =>
  new DomainError('UNAUTHORIZED', `Payment notification refused: ${reason}`, { reason });

const paymentEventTypes = new Set(['TRANSACTION.SUCCESS']);
const refundEventTypes = new Set(['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const parseWeChatPayNotification = (
  keys: NotificationKeys,
  request: NotificationRequest,
  nowMs: number = Date.now(),
): PaymentEvent => {
  const failure = platformSignatureFailure({
    headers: request.headers,
    body: request.body,
    platformKeys: keys.platformKeys,
    nowSeconds: Math.floor(nowMs / 1000),
  });
  if (failure !== null) throw notificationRefused(failure);

  const envelope = weChatNotificationSchema.safeParse(parseJson(request.body));
  if (!envelope.success) throw notificationRefused('malformedBody');
  const { id, event_type: eventType, resource } = envelope.data;
  const plaintext = decryptResource(keys.apiV3Key, resource);
  if (plaintext === null) throw notificationRefused('undecryptable');
  const content = parseJson(plaintext);

  if (paymentEventTypes.has(eventType)) {
    const transaction = weChatTransactionSchema.safeParse(content);
    if (!transaction.success || transaction.data.out_trade_no === undefined) throw notificationRefused('malformedResource');
    if (transaction.data.mchid !== keys.mchId || transaction.data.appid !== keys.appId) {
      throw notificationRefused('notOurMerchant');
    }
    return { kind: 'payment', eventId: id, ...paymentOfTransaction(transaction.data, { outTradeNo: transaction.data.out_trade_no }) };
  }
  if (refundEventTypes.has(eventType)) {
    const refund = weChatRefundSchema.safeParse(content);
    if (!refund.success) throw notificationRefused('malformedResource');
    if (refund.data.mchid !== keys.mchId) throw notificationRefused('notOurMerchant');
    return { kind: 'refund', eventId: id, ...refundOfWeChatRefund(refund.data) };
  }
  throw notificationRefused('unsupportedEvent');
};
