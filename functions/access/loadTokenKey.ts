/**
 * Loads the access-token key for the functions: PARKADE_TOKEN_KEY when set (the local stack),
 * else the Secrets Manager secret PARKADE_TOKEN_KEY_SECRET names (functions/secrets), decoded
 * by tokenKey.ts.
 */
import type { AccessTokenKey } from '../../shared/access/index.js';
import { keyFromEnvironment, secretsManagerReader, type SecretReader } from '../secrets/keyFromEnvironment.js';
import { decodeTokenKey, tokenKeySecretVariable, tokenKeyVariable } from './tokenKey.js';

export { secretsManagerReader, type SecretReader };

const encodedTokenKey = keyFromEnvironment({
  name: 'tokenKey',
  description: 'access token key',
  inlineVariable: tokenKeyVariable,
  secretVariable: tokenKeySecretVariable,
});

/** The token key from the environment; the cloud's secret is read once per container. */
export const tokenKey = (
  environment: NodeJS.ProcessEnv = process.env,
  readSecret: SecretReader = secretsManagerReader,
): Promise<AccessTokenKey> => encodedTokenKey(environment, readSecret).then(decodeTokenKey);
