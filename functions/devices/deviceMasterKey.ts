/**
 * The master key every device secret is derived from (shared/devices `deriveDeviceSecret`),
 * read once per container:
 * - locally from PARKADE_DEVICE_MASTER_KEY (the local stack generates it and keeps it in .data/);
 * - in the cloud from the Secrets Manager secret named by PARKADE_DEVICE_MASTER_KEY_SECRET_ARN,
 *   through Powertools Parameters (tests install their own reader with `useSecretReader`).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DependencyUnavailable } from '../http/index.js';
import { masterKeySecretArnVariable, masterKeyVariable } from './deviceEnvironment.js';

/** Reads a secret's string value by ARN. */
export type SecretReader = (secretArn: string) => Promise<string>;

const secretsManagerReader: SecretReader = async (secretArn) => {
  let value: unknown;
  try {
    value = await getSecret(secretArn);
  } catch (error) {
    throw new DependencyUnavailable('deviceMasterKey', 'The device master key could not be read; try again shortly', error);
  }
  if (typeof value !== 'string' || value === '') {
    throw new DependencyUnavailable('deviceMasterKey', `Secret ${secretArn} holds no device master key`);
  }
  return value;
};

let readSecret: SecretReader = secretsManagerReader;
let cached: Promise<string> | undefined;

/** Replaces the secret reader (and forgets a cached key): for tests. */
export const useSecretReader = (reader: SecretReader): void => {
  readSecret = reader;
  cached = undefined;
};

const loadMasterKey = async (): Promise<string> => {
  const direct = process.env[masterKeyVariable];
  if (direct !== undefined && direct !== '') return direct;
  const secretArn = process.env[masterKeySecretArnVariable];
  if (secretArn !== undefined && secretArn !== '') return readSecret(secretArn);
  throw new DependencyUnavailable('deviceMasterKey', `Neither ${masterKeyVariable} nor ${masterKeySecretArnVariable} is set`);
};

export const deviceMasterKey = (): Promise<string> => {
  cached ??= loadMasterKey().catch((error: unknown) => {
    // A failed read is retried by the next request rather than remembered.
    cached = undefined;
    throw error;
  });
  return cached;
};
