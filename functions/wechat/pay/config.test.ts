import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import { readWeChatPayConfig } from './config.js';
import { apiV3Key, merchantKeys, testSecret } from './testKeys.js';

const problemOf = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('WeChat Pay configuration', () => {
  it('reads the stored secret into keys ready to use', () => {
    const config = readWeChatPayConfig(JSON.parse(JSON.stringify(testSecret())));
    expect(config.signer.privateKey.asymmetricKeyType).toBe('rsa');
    expect(config.platformKeys.map(({ id }) => id)).toEqual(['PUB_KEY_ID_0114232134912410000000000000']);
    expect(config).toMatchObject({ apiBaseUrl: 'https://api.mch.weixin.qq.com', refundNotifyUrl: config.notifyUrl, timeoutMs: 1_000 });
  });

  it('names what is wrong without revealing any secret', () => {
    const error = problemOf(() => readWeChatPayConfig({ ...testSecret(), apiV3Key: `${apiV3Key}x`, merchantPrivateKeyPem: 'nope' }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/apiV3Key/);
    expect(error.message).toMatch(/merchantPrivateKeyPem/);
    expect(error.message).not.toContain(apiV3Key);
  });

  it('refuses a key that does not parse', () => {
    const broken = merchantKeys.privatePem.replace(/[A-Za-z]{10}/, 'AAAAAAAAAA');
    const error = problemOf(() => readWeChatPayConfig({ ...testSecret(), merchantPrivateKeyPem: broken }));
    expect(error.message).toBe('WeChat Pay configuration is invalid: merchantPrivateKeyPem cannot be read');
  });
});
