import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors/index.js';

/*
 * Lane-device request signatures, exactly as DESIGN.md "Lane devices" pins them:
 *   x-parkade-signature = hex(HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n path \n hex(sha256(body))))
 * with the path taken without its query string. The secret is used as its UTF-8 bytes.
 *
 * What the adapter adds around `verifyDeviceSignature`: look the device up by the
 * `x-parkade-device` header (`readDeviceHeaders`), derive its secret (`deriveDeviceSecret`), and
 * after a successful check store the nonce with `attribute_not_exists` and a TTL of
 * `nonceLifetimeSeconds`; a failed conditional write is `deviceUnauthorized('nonceReused')`.
 * Nothing else may be written before all of that succeeded.
 */

export const deviceHeaderNames = {
  device: 'x-parkade-device',
  timestamp: 'x-parkade-timestamp',
  nonce: 'x-parkade-nonce',
  signature: 'x-parkade-signature',
} as const;

/** A request is accepted while its timestamp is at most this far from the server clock, either way. */
export const maxClockSkewSeconds = 300;

/**
 * How long a used nonce must be remembered, counted from when it was accepted. A request
 * stamped t can be accepted from t − skew until t + skew, so a nonce first seen at the earliest
 * moment must still be known 2 × skew later.
 */
export const nonceLifetimeSeconds = 2 * maxClockSkewSeconds;

/** Nonces end up in a storage key: printable ASCII without spaces, bounded. */
const noncePattern = /^[\x21-\x7e]{1,128}$/;
const timestampPattern = /^\d{1,12}$/;
const signaturePattern = /^[0-9a-f]{64}$/;

/** Every way a device request can fail authentication; `details.reason` carries one of these. */
export type DeviceAuthFailure =
  | 'missingHeader'
  | 'malformedTimestamp'
  | 'malformedNonce'
  | 'malformedSignature'
  | 'clockSkew'
  | 'badSignature'
  | 'unknownDevice'
  | 'deviceDisabled'
  | 'nonceReused';

/** The one error shape for a refused device request (401 at the HTTP edge). */
export const deviceUnauthorized = (reason: DeviceAuthFailure, extra: Record<string, unknown> = {}): DomainError =>
  new DomainError('UNAUTHORIZED', `Device request refused: ${reason}`, { reason, ...extra });

export type RequestBody = string | Uint8Array;

export interface SignedRequest {
  method: string;
  /** The request path; a query string, if present, is ignored. */
  path: string;
  body: RequestBody;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
}

const pathWithoutQuery = (path: string): string => path.split('?', 1)[0] ?? '';

const sha256Hex = (body: RequestBody): string => createHash('sha256').update(body).digest('hex');

/** The string a device signs. */
export const canonicalDeviceString = ({ method, path, body, timestamp, nonce }: SignedRequest): string =>
  [String(timestamp), nonce, method.toUpperCase(), pathWithoutQuery(path), sha256Hex(body)].join('\n');

const hmacHex = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('hex');

export type DeviceHeaders = Record<(typeof deviceHeaderNames)[keyof typeof deviceHeaderNames], string>;

/** The headers a device sends (used by the lane simulator and tests). */
export const signDeviceRequest = (secret: string, request: SignedRequest & { deviceId: string }): DeviceHeaders => ({
  [deviceHeaderNames.device]: request.deviceId,
  [deviceHeaderNames.timestamp]: String(request.timestamp),
  [deviceHeaderNames.nonce]: request.nonce,
  [deviceHeaderNames.signature]: hmacHex(secret, canonicalDeviceString(request)),
});

export interface DeviceRequestHeaders {
  deviceId: string;
  timestamp: number;
  nonce: string;
  signature: string;
}

type HeaderBag = Readonly<Record<string, string | undefined>>;

const headerValue = (headers: HeaderBag, name: string): string | undefined => {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value !== '') return value;
  }
  return undefined;
};

/** The four signature headers, well-formed, or the UNAUTHORIZED error saying what is wrong. */
export const readDeviceHeaders = (headers: HeaderBag): DeviceRequestHeaders => {
  const read = (name: string): string => {
    const value = headerValue(headers, name);
    if (value === undefined) throw deviceUnauthorized('missingHeader', { header: name });
    return value;
  };
  const deviceId = read(deviceHeaderNames.device);
  const timestampText = read(deviceHeaderNames.timestamp);
  const nonce = read(deviceHeaderNames.nonce);
  const signature = read(deviceHeaderNames.signature);
  if (!timestampPattern.test(timestampText)) throw deviceUnauthorized('malformedTimestamp');
  if (!noncePattern.test(nonce)) throw deviceUnauthorized('malformedNonce');
  if (!signaturePattern.test(signature)) throw deviceUnauthorized('malformedSignature');
  return { deviceId, timestamp: Number(timestampText), nonce, signature };
};

export interface VerifyDeviceRequest {
  secret: string;
  headers: HeaderBag;
  method: string;
  path: string;
  body: RequestBody;
  now: Date;
}

export interface VerifiedDeviceRequest {
  deviceId: string;
  nonce: string;
  timestamp: number;
  /** Epoch seconds until which the adapter must keep the nonce (the TTL attribute). */
  nonceExpiresAt: number;
}

/** Checks headers, clock skew and signature; throws `deviceUnauthorized(reason)` on any failure. */
export const verifyDeviceSignature = ({ secret, headers, method, path, body, now }: VerifyDeviceRequest): VerifiedDeviceRequest => {
  const { deviceId, timestamp, nonce, signature } = readDeviceHeaders(headers);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const skew = nowSeconds - timestamp;
  if (Math.abs(skew) > maxClockSkewSeconds) throw deviceUnauthorized('clockSkew', { skewSeconds: skew, maxClockSkewSeconds });
  const expected = Buffer.from(hmacHex(secret, canonicalDeviceString({ method, path, body, timestamp, nonce })), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw deviceUnauthorized('badSignature');
  return { deviceId, nonce, timestamp, nonceExpiresAt: nowSeconds + nonceLifetimeSeconds };
};

/**
 * A device's secret, derived from the cloud's one master key so that no per-device secret is
 * stored at rest: the device record keeps only `secretVersion`, and rotating the secret is
 * version + 1. The label keeps these HMACs apart from any other use of the master key.
 */
export const deriveDeviceSecret = (masterKey: string | Uint8Array, deviceId: string, secretVersion: number): string => {
  if (!Number.isSafeInteger(secretVersion) || secretVersion < 1) {
    throw new DomainError('VALIDATION_FAILED', 'secretVersion must be a positive integer', { secretVersion });
  }
  if (deviceId === '' || deviceId.includes('\n')) {
    throw new DomainError('VALIDATION_FAILED', 'deviceId must be a non-empty single line', { deviceId });
  }
  return createHmac('sha256', masterKey).update(`parkade-device-secret\n${deviceId}\n${secretVersion}`).digest('hex');
};
