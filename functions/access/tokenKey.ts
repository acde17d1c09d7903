/**
 * The key that signs and verifies access tokens. Locally it is in PARKADE_TOKEN_KEY (base64url
 * of at least 32 random bytes; `npm start` generates one and keeps it in .data/). In the cloud
 * PARKADE_TOKEN_KEY_SECRET names a Secrets Manager secret holding the same encoding, read once
 * per container.
 */
import { randomBytes } from 'node:crypto';
import { minimumTokenKeyBytes, type AccessTokenKey } from '../../shared/access/index.js';

export const tokenKeyVariable = 'PARKADE_TOKEN_KEY';
export const tokenKeySecretVariable = 'PARKADE_TOKEN_KEY_SECRET';

/** Reads a secret's string value by name or ARN. */
export type SecretReader = (secretId: string) => Promise<string>;

export const generateTokenKey = (): string => randomBytes(minimumTokenKeyBytes).toString('base64url');

export const decodeTokenKey = (encoded: string): AccessTokenKey => {
  const key = Buffer.from(encoded.trim(), 'base64url');
  if (key.byteLength < minimumTokenKeyBytes) {
    throw new Error(`The access token key must be base64url of at least ${minimumTokenKeyBytes} bytes`);
  }
  return key;
};

/**
 * The cloud's way to the secret. @aws-sdk/client-secrets-manager is not a dependency yet, so a
 * deployment that names a secret fails loudly here instead of signing with something else.
 */
export const secretsManagerReader: SecretReader = async (secretId) => {
  throw new Error(`Cannot read the access token key from secret ${secretId}: @aws-sdk/client-secrets-manager is not installed`);
};

const loaded = new Map<string, Promise<AccessTokenKey>>();

/** The token key from the environment, cached per source so a container reads its secret once. */
export const tokenKey = (
  environment: NodeJS.ProcessEnv = process.env,
  readSecret: SecretReader = secretsManagerReader,
): Promise<AccessTokenKey> => {
  const inline = environment[tokenKeyVariable];
  const secretId = environment[tokenKeySecretVariable];
  const source = inline ? `inline:${inline}` : secretId ? `secret:${secretId}` : undefined;
  if (source === undefined) {
    return Promise.reject(new Error(`Neither ${tokenKeyVariable} nor ${tokenKeySecretVariable} is set`));
  }
  let key = loaded.get(source);
  if (key === undefined) {
    key = (inline ? Promise.resolve(inline) : readSecret(secretId ?? '')).then(decodeTokenKey);
    // A failed read is tried again on the next request.
    key.catch(() => loaded.delete(source));
    loaded.set(source, key);
  }
  return key;
};
