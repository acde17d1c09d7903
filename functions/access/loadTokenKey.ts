/**
 * Loads the access-token key for the functions: PARKADE_TOKEN_KEY when set (the local stack),
 * else the Secrets Manager secret PARKADE_TOKEN_KEY_SECRET names, read through Powertools
 * Parameters and kept per container.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { AccessTokenKey } from '../../shared/access/index.js';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';
import { decodeTokenKey, tokenKeySecretVariable, tokenKeyVariable } from './tokenKey.js';

/** Reads a secret's string value by name or ARN. */
export type SecretReader = (secretId: string) => Promise<string>;

/** The cloud's way to the secret: Powertools Parameters (Secrets Manager, cached per container). */
export const secretsManagerReader: SecretReader = async (secretId) => {
  let value: unknown;
  try {
    value = await getSecret(secretId);
  } catch (error) {
    throw new DependencyUnavailable('tokenKey', 'The access token key could not be read; try again shortly', error);
  }
  if (typeof value !== 'string' || value === '') throw new DependencyUnavailable('tokenKey', `Secret ${secretId} holds no access token key`);
  return value;
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
