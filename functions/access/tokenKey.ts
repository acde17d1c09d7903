/**
 * The key that signs and verifies access tokens, and where it comes from: locally
 * PARKADE_TOKEN_KEY (base64url of at least 32 random bytes; `npm start` generates one and keeps
 * it in .data/); in the cloud the Secrets Manager secret (name or ARN) that
 * PARKADE_TOKEN_KEY_SECRET names, holding the same encoding. The loader is loadTokenKey.ts; this
 * module has no AWS dependency, so the local stack can use it before the handlers load.
 */
import { randomBytes } from 'node:crypto';
import { minimumTokenKeyBytes, type AccessTokenKey } from '../../shared/access/index.js';

export const tokenKeyVariable = 'PARKADE_TOKEN_KEY';
export const tokenKeySecretVariable = 'PARKADE_TOKEN_KEY_SECRET';

export const generateTokenKey = (): string => randomBytes(minimumTokenKeyBytes).toString('base64url');

export const decodeTokenKey = (encoded: string): AccessTokenKey => {
  const key = Buffer.from(encoded.trim(), 'base64url');
  if (key.byteLength < minimumTokenKeyBytes) {
    throw new Error(`The access token key must be base64url of at least ${minimumTokenKeyBytes} bytes`);
  }
  return key;
};
