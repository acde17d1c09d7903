/**
 * Something built from a JSON secret (a WeChat client from its credentials), through the one
 * key loader (keyFromEnvironment.ts): read failures are its `DependencyUnavailable`. The built
 * thing is kept while the secret's text stays the same and rebuilt when a rotated value arrives,
 * so a client's own state (a cached WeChat access token) lives as long as its credentials.
 */
import { DomainError } from '../../shared/errors/index.js';
import { keyFromEnvironment, secretsManagerReader, type KeyInEnvironment, type SecretReader } from './keyFromEnvironment.js';

export type ConfigLoader<T> = (environment?: NodeJS.ProcessEnv, readSecret?: SecretReader) => Promise<T>;

/** `build` checks the parsed JSON and throws its own error (naming fields, never values) when it is wrong. */
export const configFromSecret = <T>(key: KeyInEnvironment, build: (stored: unknown) => T, now?: () => number): ConfigLoader<T> => {
  const loadText = keyFromEnvironment(key, now);
  let built: { text: string; value: T } | undefined;
  return async (environment = process.env, readSecret = secretsManagerReader) => {
    const text = await loadText(environment, readSecret);
    if (built?.text === text) return built.value;
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      // An administrator's mistake, not an outage: the message names the secret, not its text.
      throw new DomainError('INTERNAL', `The ${key.description} is not JSON`);
    }
    built = { text, value: build(stored) };
    return built.value;
  };
};
