/**
 * The master key every device secret is derived from (shared/devices `deriveDeviceSecret`),
 * read once per container:
 * - locally from PARKADE_DEVICE_MASTER_KEY (the local stack generates it and keeps it in .data/);
 * - in the cloud from the Secrets Manager secret named by PARKADE_DEVICE_MASTER_KEY_SECRET_ARN,
 *   through `readSecret`.
 */
import { DependencyUnavailable } from '../http/index.js';
import { masterKeySecretArnVariable, masterKeyVariable } from './deviceEnvironment.js';

/** Reads a secret's string value by ARN. */
export type SecretReader = (secretArn: string) => Promise<string>;

// The seam for the cloud: no Secrets Manager client is bundled yet, so a deployment that names
// a secret fails loudly (503) instead of running without device authentication.
const noSecretReader: SecretReader = async (secretArn) => {
  throw new DependencyUnavailable('deviceMasterKey', `No Secrets Manager client is configured to read ${secretArn}`);
};

let readSecret: SecretReader = noSecretReader;
let cached: Promise<string> | undefined;

/** Installs the secret reader (and forgets a cached key); the cloud wiring calls this once. */
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
