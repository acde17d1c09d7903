import { authorizationScheme, signedMessage, verifyMessage, type PlatformKey } from './signatures.js';

/*
 * Checks that a response or notification was signed by WeChat Pay: the `Wechatpay-*` headers,
 * message = timestamp \n nonce \n body \n, verified with the platform key named by
 * `Wechatpay-Serial`, and a timestamp no more than five minutes away from our clock (replays).
 */

export const platformHeaderNames = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
  signatureType: 'wechatpay-signature-type',
} as const;

export const maxPlatformClockSkewSeconds = 300;

export type PlatformSignatureFailure =
  | 'missingHeader'
  | 'unsupportedSignatureType'
  | 'staleTimestamp'
  | 'unknownSerial'
  | 'badSignature';

type HeaderBag = Readonly<Record<string, string | undefined>>;

export const headerValue = (headers: HeaderBag, name: string): string | undefined => {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value !== '') return value;
  }
  return undefined;
};

export interface SignedByPlatform {
  headers: HeaderBag;
  body: string;
  platformKeys: readonly PlatformKey[];
  nowSeconds: number;
}

/** `null` when the message is WeChat Pay's, else why not. */
export const platformSignatureFailure = ({
  headers,
  body,
  platformKeys,
  nowSeconds,
}: SignedByPlatform): PlatformSignatureFailure | null => {
  const timestamp = headerValue(headers, platformHeaderNames.timestamp);
  const nonce = headerValue(headers, platformHeaderNames.nonce);
  const signature = headerValue(headers, platformHeaderNames.signature);
  const serial = headerValue(headers, platformHeaderNames.serial);
  if (!timestamp || !nonce || !signature || !serial) return 'missingHeader';
  const signatureType = headerValue(headers, platformHeaderNames.signatureType);
  if (signatureType !== undefined && signatureType !== authorizationScheme) return 'unsupportedSignatureType';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > maxPlatformClockSkewSeconds) {
    return 'staleTimestamp';
  }
  const key = platformKeys.find((candidate) => candidate.id.toUpperCase() === serial.toUpperCase());
  if (key === undefined) return 'unknownSerial';
  return verifyMessage(key.publicKey, signedMessage([timestamp, nonce, body]), signature) ? null : 'badSignature';
};
