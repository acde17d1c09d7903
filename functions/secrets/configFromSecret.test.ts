import { describe, expect, it, vi } from 'vitest';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';
import { configFromSecret } from './configFromSecret.js';
import type { KeyInEnvironment } from './keyFromEnvironment.js';

const shopKey: KeyInEnvironment = {
  name: 'shopConfig',
  description: 'shop configuration',
  secretVariable: 'TEST_SHOP_SECRET',
  maxAgeSeconds: 300,
};
const secretArn = 'arn:aws:secretsmanager:ap-east-1:000000000000:secret:shop-AbCdEf';
const inCloud = { [shopKey.secretVariable]: secretArn };

class ShopClient {
  constructor(readonly shopId: string) {}
}
const build = (stored: unknown) => new ShopClient((stored as { shopId: string }).shopId);

describe('a configuration from a JSON secret', () => {
  it('builds one client per secret value and rebuilds it when the rotated value arrives', async () => {
    let nowMs = 0;
    const reader = vi
      .fn()
      .mockResolvedValueOnce('{"shopId":"s1"}')
      .mockResolvedValueOnce('{"shopId":"s1"}')
      .mockResolvedValueOnce('{"shopId":"s2"}');
    const counted = vi.fn(build);
    const load = configFromSecret(shopKey, counted, () => nowMs);
    const first = await load(inCloud, reader);
    expect(await load(inCloud, reader)).toBe(first);
    nowMs += 300_000;
    expect(await load(inCloud, reader)).toBe(first);
    nowMs += 300_000;
    const rotated = await load(inCloud, reader);
    expect(rotated.shopId).toBe('s2');
    expect(counted).toHaveBeenCalledTimes(2);
  });

  it('is a 503 naming the configuration when the secret cannot be read', async () => {
    const reader = vi.fn().mockRejectedValue(new Error(`AccessDeniedException: not authorized on ${secretArn}`));
    const failure: unknown = await configFromSecret(shopKey, build)(inCloud, reader).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyUnavailable);
    expect((failure as DependencyUnavailable).toBody()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'The shop configuration could not be read; try again shortly', details: { dependency: 'shopConfig' } },
    });
  });

  it('refuses text that is not JSON without repeating the secret’s ARN or text', async () => {
    const reader = vi.fn().mockResolvedValue('appSecret=hunter2hunter2');
    const failure = await configFromSecret(shopKey, build)(inCloud, reader).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'INTERNAL', message: 'The shop configuration is not JSON' });
    expect(JSON.stringify((failure as DependencyUnavailable).toBody())).not.toMatch(/arn:|hunter2/);
  });

  it('lets the builder’s own refusal through and tries again on the next request', async () => {
    const reader = vi.fn().mockResolvedValue('{"shopId":""}');
    const strict = vi.fn((stored: unknown) => {
      if (!(stored as { shopId: string }).shopId) throw new Error('shopId: must not be empty');
      return new ShopClient('never');
    });
    const load = configFromSecret(shopKey, strict);
    await expect(load(inCloud, reader)).rejects.toThrow('shopId: must not be empty');
    await expect(load(inCloud, reader)).rejects.toThrow('shopId: must not be empty');
    expect(strict).toHaveBeenCalledTimes(2);
  });
});
