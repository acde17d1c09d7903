import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import {
  tokenKinds,
  tokenPrincipalSchemas,
  type PrincipalOfKind,
  type TokenKind,
  type TokenPrincipal,
} from './principals.js';

/*
 * Access tokens for drivers, merchant staff and operators: `<payload>.<signature>`, where
 * payload = base64url(JSON { v, kind, subject, iat, exp }) and
 * signature = base64url(HMAC-SHA256(key, payload as sent)).
 * The signature covers the encoded payload exactly as sent and is compared as text in constant
 * time, so no other spelling of the same bytes (base64url's spare bits) verifies. The payload is
 * only parsed once its signature holds. Times are unix seconds.
 */

export const accessTokenVersion = 1;

/** How long a token of each kind lives: drivers briefly (phones get lost), staff for a shift. */
export const accessTokenLifetimeSeconds: Record<TokenKind, number> = {
  driver: 2 * 60 * 60,
  merchant: 12 * 60 * 60,
  operator: 12 * 60 * 60,
};

/** Clocks of the issuer and the verifier may differ by this much either way. */
export const accessTokenClockSkewSeconds = 60;

/** HMAC-SHA256 keys shorter than its output add no security, only a false sense of it. */
export const minimumTokenKeyBytes = 32;

const maxTokenLength = 4096;
const segmentPattern = /^[A-Za-z0-9_-]+$/;

export type AccessTokenKey = Uint8Array;

/** Every way a token can be refused; `details.reason` of the refusal carries one of these. */
export type AccessTokenFailure =
  | 'missingToken'
  | 'malformed'
  | 'badSignature'
  | 'unsupportedVersion'
  | 'invalidClaims'
  | 'expired'
  | 'notYetValid'
  | 'wrongKind';

const payloadSchema = z.object({
  v: z.number().int(),
  kind: z.enum(tokenKinds),
  subject: z.record(z.string(), z.unknown()),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});

export interface IssueAccessToken {
  principal: TokenPrincipal;
  now: Date;
  /** Defaults to the kind's lifetime; never longer. */
  lifetimeSeconds?: number;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: string;
}

const requireKey = (key: AccessTokenKey): AccessTokenKey => {
  if (key.byteLength < minimumTokenKeyBytes) throw new Error(`An access token key needs at least ${minimumTokenKeyBytes} bytes`);
  return key;
};

const signatureOf = (key: AccessTokenKey, encodedPayload: string): string =>
  createHmac('sha256', requireKey(key)).update(encodedPayload, 'ascii').digest('base64url');

const unixSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

export const issueAccessToken = (key: AccessTokenKey, { principal, now, lifetimeSeconds }: IssueAccessToken): IssuedAccessToken => {
  const { kind, ...subject } = tokenPrincipalSchemas[principal.kind].parse(principal);
  const maxLifetime = accessTokenLifetimeSeconds[kind];
  const lifetime = lifetimeSeconds ?? maxLifetime;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > maxLifetime) {
    throw new DomainError('VALIDATION_FAILED', `A ${kind} token lives 1–${maxLifetime} seconds`, { lifetimeSeconds: lifetime });
  }
  const iat = unixSeconds(now);
  const exp = iat + lifetime;
  const payload = Buffer.from(JSON.stringify({ v: accessTokenVersion, kind, subject, iat, exp }), 'utf8').toString('base64url');
  return { token: `${payload}.${signatureOf(key, payload)}`, expiresAt: new Date(exp * 1000).toISOString() };
};

export type VerifiedAccessToken<K extends TokenKind = TokenKind> =
  | { ok: true; principal: PrincipalOfKind<K>; issuedAt: string; expiresAt: string }
  | { ok: false; reason: AccessTokenFailure };

export interface VerifyAccessToken<K extends TokenKind> {
  now: Date;
  /** The kinds the caller accepts; a valid token of another kind is `wrongKind`. */
  kinds: readonly K[];
  skewSeconds?: number;
}

const refused = (reason: AccessTokenFailure): { ok: false; reason: AccessTokenFailure } => ({ ok: false, reason });

export const verifyAccessToken = <K extends TokenKind>(
  key: AccessTokenKey,
  token: string,
  { now, kinds, skewSeconds = accessTokenClockSkewSeconds }: VerifyAccessToken<K>,
): VerifiedAccessToken<K> => {
  if (token.length === 0) return refused('missingToken');
  const parts = token.split('.');
  const [encodedPayload, signature] = parts;
  if (
    token.length > maxTokenLength ||
    parts.length !== 2 ||
    encodedPayload === undefined ||
    signature === undefined ||
    !segmentPattern.test(encodedPayload) ||
    !segmentPattern.test(signature)
  ) {
    return refused('malformed');
  }
  const expected = Buffer.from(signatureOf(key, encodedPayload), 'ascii');
  const presented = Buffer.from(signature, 'ascii');
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return refused('badSignature');

  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    return refused('malformed');
  }
  const payload = payloadSchema.safeParse(decoded);
  if (!payload.success) return refused('invalidClaims');
  const { v, kind, subject, iat, exp } = payload.data;
  if (v !== accessTokenVersion) return refused('unsupportedVersion');
  const principal = tokenPrincipalSchemas[kind].safeParse({ ...subject, kind });
  if (!principal.success || exp <= iat) return refused('invalidClaims');

  const nowSeconds = unixSeconds(now);
  if (nowSeconds >= exp + skewSeconds) return refused('expired');
  if (iat > nowSeconds + skewSeconds) return refused('notYetValid');
  if (!(kinds as readonly TokenKind[]).includes(kind)) return refused('wrongKind');
  return {
    ok: true,
    principal: principal.data as PrincipalOfKind<K>,
    issuedAt: new Date(iat * 1000).toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
};

/**
 * The error for a refused token: a valid token of the wrong kind is FORBIDDEN (403: the caller is
 * known but may not do this), anything else UNAUTHORIZED (401: present a good token).
 */
export const accessTokenRefused = (reason: AccessTokenFailure): DomainError =>
  reason === 'wrongKind'
    ? new DomainError('FORBIDDEN', 'This kind of account may not call this route', { reason })
    : new DomainError('UNAUTHORIZED', `Access token refused: ${reason}`, { reason });
