import { randomBytes } from 'node:crypto';
import type { NotificationRequest } from '../../../../shared/payments/index.js';
import { encryptResource } from '../resourceCipher.js';
import { authorizationScheme, newNonce, signedMessage, signMessage } from '../signatures.js';
import type { SimulatorKeys } from './simulatorKeys.js';

/** WeChat Pay's side of a notification: the envelope, the sealed resource and the Wechatpay-* headers. */
export const buildPlatformNotification = (
  keys: SimulatorKeys,
  event: { id: string; eventType: string; summary: string; originalType: 'transaction' | 'refund'; resource: object },
  nowMs: number,
): NotificationRequest & { headers: Record<string, string> } => {
  const body = JSON.stringify({
    id: event.id,
    create_time: beijingTime(nowMs),
    resource_type: 'encrypt-resource',
    event_type: event.eventType,
    summary: event.summary,
    resource: {
      original_type: event.originalType,
      ...encryptResource(keys.apiV3Key, JSON.stringify(event.resource), randomBytes(6).toString('hex'), event.originalType),
    },
  });
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = newNonce();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': keys.platformKeyId,
      'wechatpay-signature-type': authorizationScheme,
      'wechatpay-signature': signMessage(keys.platformPrivateKey, signedMessage([timestamp, nonce, body])),
    },
  };
};

/** WeChat Pay writes instants in Beijing time: 2026-11-23T10:00:03+08:00. */
export const beijingTime = (ms: number): string =>
  `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
