import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { NotificationKeys } from '../notification.js';

/*
 * The simulator's stand-ins for WeChat Pay's secrets: a merchant key pair (signs paySign like
 * ours would), a platform key pair standing in for WeChat Pay's (signs notifications), and an
 * APIv3 key (seals notification resources). Generated on first use and kept in the directory
 * given (the local stack passes <repo>/.data/wechat/), so restarts keep verifying old data.
 */

const storedKeysSchema = z.object({
  mchId: z.string(),
  appId: z.string(),
  merchantPrivateKeyPem: z.string(),
  platformKeyId: z.string(),
  platformPrivateKeyPem: z.string(),
  apiV3Key: z.string().length(32),
});

export interface SimulatorKeys extends NotificationKeys {
  merchantPrivateKey: KeyObject;
  platformPrivateKey: KeyObject;
  platformKeyId: string;
}

export const simulatorKeysFile = 'pay-keys.json';

const generate = (): z.infer<typeof storedKeysSchema> => {
  const pem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    mchId: '1900000000',
    appId: 'wx00000000simulator',
    merchantPrivateKeyPem: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    platformKeyId: `PUB_KEY_ID_SIMULATOR_${randomBytes(8).toString('hex').toUpperCase()}`,
    platformPrivateKeyPem: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    // 32 characters of base64url: 24 random bytes.
    apiV3Key: randomBytes(24).toString('base64url'),
  };
};

/** Reads the keys from `dir`, creating them once. Two processes starting together agree on one set. */
export const loadSimulatorKeys = (dir: string): SimulatorKeys => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, simulatorKeysFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    const draft = join(dir, `${simulatorKeysFile}.${process.pid}.${randomBytes(4).toString('hex')}`);
    writeFileSync(draft, JSON.stringify(generate(), null, 2), { mode: 0o600 });
    try {
      linkSync(draft, path); // atomic, and fails if another process got there first
    } catch {
      // the other process's keys win
    } finally {
      rmSync(draft, { force: true });
    }
    text = readFileSync(path, 'utf8');
  }
  const stored = storedKeysSchema.parse(JSON.parse(text));
  const platformPrivateKey = createPrivateKey(stored.platformPrivateKeyPem);
  return {
    mchId: stored.mchId,
    appId: stored.appId,
    apiV3Key: stored.apiV3Key,
    merchantPrivateKey: createPrivateKey(stored.merchantPrivateKeyPem),
    platformPrivateKey,
    platformKeyId: stored.platformKeyId,
    platformKeys: [{ id: stored.platformKeyId, publicKey: createPublicKey(platformPrivateKey) }],
  };
};
