/**
 * A key the functions hold, found through two environment variables: the key itself (the local
 * stack sets it) or the Secrets Manager secret that holds it (the cloud sets its ARN; CDK grants
 * the read). The cloud's secret is read once per container through Powertools Parameters; a
 * failed read is not remembered, so the next request tries again. Every failure is a
 * `DependencyUnavailable` naming the key (503, never a key or a secret's name in the body).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';

export interface KeyInEnvironment {
  /** The key in errors: the `dependency` of `DependencyUnavailable`, e.g. `tokenKey`. */
  name: string;
  /** The key for people, e.g. `access token key`. */
  description: string;
  /** Holds the key itself. */
  inlineVariable: string;
  /** Holds the name or ARN of the secret whose string value is the key. */
  secretVariable: string;
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
    throw new DependencyUnavailable(key.name, `The ${key.description}'s secret holds no key`);
  }
  return value;
};

export const keyFromEnvironment = (key: KeyInEnvironment): KeyLoader => {
  const readBySecret = new Map<string, Promise<string>>();
  return (environment = process.env, readSecret = secretsManagerReader) => {
    const inline = environment[key.inlineVariable];
    if (inline) return Promise.resolve(inline);
    const secretId = environment[key.secretVariable];
    if (!secretId) {
      return Promise.reject(
        new DependencyUnavailable(key.name, `Neither ${key.inlineVariable} nor ${key.secretVariable} is set`),
      );
    }
    let read = readBySecret.get(secretId);
    if (read === undefined) {
      read = readKey(key, secretId, readSecret);
      // A failed read is tried again on the next request.
      read.catch(() => readBySecret.delete(secretId));
      readBySecret.set(secretId, read);
    }
    return read;
  };
};
