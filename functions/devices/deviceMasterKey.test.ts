import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { masterKeySecretArnVariable, masterKeyVariable } from './deviceEnvironment.js';

const secretArn = 'arn:aws:secretsmanager:ap-east-1:000000000000:secret:parkade-device-master-key';

// Each test gets a fresh module: the key is read once per container.
const freshModule = async () => {
  vi.resetModules();
  return import('./deviceMasterKey.js');
};

beforeEach(() => {
  delete process.env[masterKeyVariable];
  delete process.env[masterKeySecretArnVariable];
});
afterEach(() => {
  delete process.env[masterKeyVariable];
  delete process.env[masterKeySecretArnVariable];
});

describe('the device master key', () => {
  it('comes from the environment locally', async () => {
    process.env[masterKeyVariable] = 'local-key';
    const { deviceMasterKey } = await freshModule();
    expect(await deviceMasterKey()).toBe('local-key');
  });

  it('comes from the named secret in the cloud, read once', async () => {
    process.env[masterKeySecretArnVariable] = secretArn;
    const { deviceMasterKey, useSecretReader } = await freshModule();
    const reader = vi.fn(async () => 'cloud-key');
    useSecretReader(reader);
    expect([await deviceMasterKey(), await deviceMasterKey()]).toEqual(['cloud-key', 'cloud-key']);
    expect(reader).toHaveBeenCalledTimes(1);
    expect(reader).toHaveBeenCalledWith(secretArn);
  });

  it('is not remembered when the secret cannot be read: the next request tries again', async () => {
    process.env[masterKeySecretArnVariable] = secretArn;
    const { deviceMasterKey, useSecretReader } = await freshModule();
    useSecretReader(vi.fn().mockRejectedValueOnce(new Error('throttled')).mockResolvedValueOnce('cloud-key'));
    await expect(deviceMasterKey()).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { dependency: 'deviceMasterKey' } });
    expect(await deviceMasterKey()).toBe('cloud-key');
  });

  it('is unavailable when nothing names it', async () => {
    const { deviceMasterKey } = await freshModule();
    await expect(deviceMasterKey()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
