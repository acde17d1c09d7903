import { createCipheriv, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readWeChatPayConfig, type WeChatPayConfig, type WeChatPaySecret } from './config.js';

/*
 * Keys and spec-built messages for tests, made with node:crypto directly (not with the code
 * under test), so a test checks our implementation against WeChat's published algorithm
 * rather than against itself.
 */

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

const rsaKeyPair = (): KeyPair => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

export const merchantKeys = rsaKeyPair();
export const platformKeys = rsaKeyPair();
export const platformKeyId = 'PUB_KEY_ID_0114232134912410000000000000';
export const apiV3Key = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
export const testMchId = '1900000109';
export const testAppId = 'wxd678efh567hg6787';
export const merchantSerialNo = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

export const testSecret = (apiBaseUrl = 'https://api.mch.weixin.qq.com', overrides: Partial<WeChatPaySecret> = {}): WeChatPaySecret => ({
  mchId: testMchId,
  appId: testAppId,
  merchantSerialNo,
  merchantPrivateKeyPem: merchantKeys.privatePem,
  apiV3Key,
  platformKeys: [{ id: platformKeyId, pem: platformKeys.publicPem }],
  notifyUrl: 'https://parkade.example.com/payments/wechat/notify',
  apiBaseUrl,
  timeoutMs: 1_000,
  ...overrides,
});

export const testConfig = (apiBaseUrl?: string, overrides?: Partial<WeChatPaySecret>): WeChatPayConfig =>
  readWeChatPayConfig(testSecret(apiBaseUrl, overrides));

/** Wechatpay-* headers for a body, signed "timestamp\nnonce\nbody\n" with the platform key. */
export const platformHeaders = (
  body: string,
  { timestamp, nonce = 'c5ac7061fccab6bf3e254dcf98995b8c', serial = platformKeyId, key = platformKeys.privateKey }: {
    timestamp: number;
    nonce?: string;
    serial?: string;
    key?: KeyObject;
  },
): Record<string, string> => ({
  'Wechatpay-Timestamp': String(timestamp),
  'Wechatpay-Nonce': nonce,
  'Wechatpay-Serial': serial,
  'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  'Wechatpay-Signature': sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, 'utf8'), key).toString('base64'),
});

/** A notification body exactly as WeChat Pay builds it: the resource sealed with AES-256-GCM. */
export const notificationBody = (
  eventType: string,
  resource: object,
  { key = apiV3Key, nonce = 'fdasflkja484', associatedData = 'transaction', id = 'EV-2018022511223320873' } = {},
): string => {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return JSON.stringify({
    id,
    create_time: '2026-11-23T10:00:05+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: {
      original_type: associatedData,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: sealed.toString('base64'),
      associated_data: associatedData,
      nonce,
    },
  });
};

/** A paid transaction as the notification resource and the query API carry it. */
export const paidTransaction = (outTradeNo: string, totalFen: number) => ({
  appid: testAppId,
  mchid: testMchId,
  out_trade_no: outTradeNo,
  transaction_id: '4200000985202611230123456789',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  attach: '',
  success_time: '2026-11-23T10:00:03+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: totalFen, payer_total: totalFen, currency: 'CNY', payer_currency: 'CNY' },
});
