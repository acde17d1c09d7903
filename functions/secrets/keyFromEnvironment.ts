/**
 * A key the functions hold, found through two environment variables: the key itself (the local
 * stack sets it) or the Secrets Manager secret that holds it (the cloud sets its ARN; CDK grants
 * the read). The cloud's secret is read through Powertools Parameters once per container, or
 * again once its `maxAgeSeconds` have passed (for secrets an administrator replaces, such as
 * WeChat's credentials); requests arriving during a read share it, and a failed read is not
 * remembered, so the next request tries again. Every failure is a `DependencyUnavailable` naming
 * the key (503, never a key, a secret's ARN or the SDK's words in the body).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';

export interface KeyInEnvironment {
  /** The key in errors: the `dependency` of `DependencyUnavailable`, e.g. `tokenKey`. */
  name: string;
  /** The key for people, e.g. `access token key`. */
  description: string;
  /** Holds the key itself; absent where the local stack needs no key (it simulates the service). */
  inlineVariable?: string;
  /** Holds the name or ARN of the secret whose string value is the key. */
  secretVariable: string;
  /** How long a value read from the secret is used before it is read again; for the container's life when absent. */
  maxAgeSeconds?: number;
}

/** Reads a secret's value by name or ARN. */
export type SecretReader = (secretId: string) => Promise<unknown>;

/** Loads the key as the environment describes it: from the variable, or from the named secret. */
export type KeyLoader = (environment?: NodeJS.ProcessEnv, readSecret?: SecretReader) => Promise<string>;

/** The cloud's way to a secret. Our own cache keeps the value; Powertools' short one only adds a second copy. */
export const secretsManagerReader: SecretReader = (secretId) => getSecret(secretId);

const readKey = async (key: KeyInEnvironment, secretId: string, readSecret: SecretReader): Promise<string> => {
  let value: unknown;
  try {
    value = await readSecret(secretId);
  } catch (error) {
    throw new DependencyUnavailable(key.name, `The ${key.description} could not be read; try again shortly`, error);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DependencyUnavailable(key.name, `The ${key.description}'s secret holds no text`);
  }
  return value;
};

const unset = (key: KeyInEnvironment): string =>
  key.inlineVariable === undefined
    ? `${key.secretVariable} is not set`
    : `Neither ${key.inlineVariable} nor ${key.secretVariable} is set`;

/** `now` gives milliseconds since the epoch; tests move it to age a cached value. */
export const keyFromEnvironment = (key: KeyInEnvironment, now: () => number = Date.now): KeyLoader => {
  const readBySecret = new Map<string, { read: Promise<string>; startedAt: number }>();
  const fresh = (startedAt: number): boolean =>
    key.maxAgeSeconds === undefined || now() - startedAt < key.maxAgeSeconds * 1000;
  return (environment = process.env, readSecret = secretsManagerReader) => {
    const inline = key.inlineVariable === undefined ? undefined : environment[key.inlineVariable];
    if (inline) return Promise.resolve(inline);
    const secretId = environment[key.secretVariable];
    if (!secretId) return Promise.reject(new DependencyUnavailable(key.name, unset(key)));
    const cached = readBySecret.get(secretId);
    if (cached !== undefined && fresh(cached.startedAt)) return cached.read;
    const entry = { read: readKey(key, secretId, readSecret), startedAt: now() };
    // A failed read is tried again on the next request (unless a newer read has taken its place).
    entry.read.catch(() => {
      if (readBySecret.get(secretId) === entry) readBySecret.delete(secretId);
    });
    readBySecret.set(secretId, entry);
    return entry.read;
  };
};
