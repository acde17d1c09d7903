/**
 * The master key every device secret is derived from (shared/devices `deriveDeviceSecret`):
 * locally from PARKADE_DEVICE_MASTER_KEY (the local stack generates it and keeps it in .data/),
 * in the cloud from the Secrets Manager secret named by PARKADE_DEVICE_MASTER_KEY_SECRET_ARN,
 * read once per container (functions/secrets; tests install their own reader with
 * `useSecretReader`).
 */
import { keyFromEnvironment, secretsManagerReader, type KeyInEnvironment, type SecretReader } from '../secrets/keyFromEnvironment.js';
import { masterKeySecretArnVariable, masterKeyVariable } from './deviceEnvironment.js';

export type { SecretReader };

const masterKeyInEnvironment: KeyInEnvironment = {
  name: 'deviceMasterKey',
  description: 'device master key',
  inlineVariable: masterKeyVariable,
  secretVariable: masterKeySecretArnVariable,
};

let readSecret: SecretReader = secretsManagerReader;
let loadMasterKey = keyFromEnvironment(masterKeyInEnvironment);

/** Replaces the secret reader (and forgets a cached key): for tests. */
export const useSecretReader = (reader: SecretReader): void => {
  readSecret = reader;
  loadMasterKey = keyFromEnvironment(masterKeyInEnvironment);
};

export const deviceMasterKey = (): Promise<string> => loadMasterKey(process.env, readSecret);
