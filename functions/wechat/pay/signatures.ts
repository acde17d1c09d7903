import { createPublicKey, createSign, createVerify, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';

/*
 * WeChat Pay API v3 signatures (pay.weixin.qq.com, "签名生成" / "签名验证" / "JSAPI调起支付"):
 * every message is lines joined and ended by "\n", signed SHA256withRSA (PKCS#1 v1.5),
 * signature base64.
 * - a request we send:      METHOD \n path+query \n timestamp \n nonce \n body \n   (merchant key)
 * - a response or callback: timestamp \n nonce \n body \n                          (platform key)
 * - the JSAPI paySign:      appId \n timeStamp \n nonceStr \n package \n           (merchant key)
 */

export const authorizationScheme = 'WECHATPAY2-SHA256-RSA2048';

/** Lines, each ended by "\n", including the last: the one message layout all three use. */
export const signedMessage = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join('');

export const signMessage = (privateKey: KeyObject | string, message: string): string =>
  createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');

export const verifyMessage = (publicKey: KeyObject, message: string, signatureBase64: string): boolean => {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
};

/** 32 upper-case hex characters, the shape WeChat's own examples use. */
export const newNonce = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface MerchantSigner {
  mchId: string;
  /** The merchant API certificate's serial number. */
  serialNo: string;
  privateKey: KeyObject;
}

export interface RequestToSign {
  method: string;
  /** Path and query exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/P1?mchid=1900000001`. */
  pathAndQuery: string;
  /** The body exactly as sent; empty for GET. */
  body: string;
  timestamp: number;
  nonce: string;
}

export const requestMessage = ({ method, pathAndQuery, body, timestamp, nonce }: RequestToSign): string =>
  signedMessage([method.toUpperCase(), pathAndQuery, String(timestamp), nonce, body]);

/** The `Authorization` header of a request to WeChat Pay. */
export const authorizationHeader = (signer: MerchantSigner, request: RequestToSign): string => {
  const signature = signMessage(signer.privateKey, requestMessage(request));
  return (
    `${authorizationScheme} mchid="${signer.mchId}",nonce_str="${request.nonce}",signature="${signature}",` +
    `timestamp="${request.timestamp}",serial_no="${signer.serialNo}"`
  );
};

export interface JsapiPaySignInput {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
}

export const paySign = (privateKey: KeyObject, input: JsapiPaySignInput): string =>
  signMessage(privateKey, signedMessage([input.appId, input.timeStamp, input.nonceStr, input.package]));

/**
 * A WeChat Pay platform key, named the way `Wechatpay-Serial` names it: the platform
 * certificate's serial number, or a "WeChat Pay public key" id (`PUB_KEY_ID_…`).
 */
export interface PlatformKey {
  id: string;
  publicKey: KeyObject;
}

/** From a PEM public key or a PEM X.509 platform certificate. */
export const platformPublicKey = (pem: string): KeyObject =>
  pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
