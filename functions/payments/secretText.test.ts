import { describe, expect, it, vi } from 'vitest';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';
import { keyFromEnvironment } from '../secrets/keyFromEnvironment.js';
import { weChatLoginSecret, weChatPaySecret } from './secretText.js';
import { weChatLoginSecretVariable, weChatPaySecretVariable } from './weChatEnvironment.js';

describe.each([
  ['WeChat login', weChatLoginSecret, weChatLoginSecretVariable, 'weChatLoginConfig'],
  ['WeChat Pay', weChatPaySecret, weChatPaySecretVariable, 'weChatPayConfig'],
])('the %s secret', (what, secret, variable, dependency) => {
  const inCloud = { [variable]: `arn:aws:secretsmanager:ap-east-1:000000000000:secret:parkade/${dependency}-AbCdEf` };

  it('is read from the variable CDK sets, and a value an administrator pasted in is used within five minutes', async () => {
    let nowMs = 0;
    const reader = vi.fn().mockResolvedValueOnce('{"v":1}').mockResolvedValueOnce('{"v":2}');
    const load = keyFromEnvironment(secret, () => nowMs);
    expect(await load(inCloud, reader)).toBe('{"v":1}');
    nowMs += 5 * 60_000;
    expect(await load(inCloud, reader)).toBe('{"v":2}');
    expect(reader).toHaveBeenCalledWith(inCloud[variable]);
  });

  it('is a 503 naming the configuration when it cannot be read or is not set', async () => {
    const reader = vi.fn().mockRejectedValue(new Error('ResourceNotFoundException'));
    for (const failing of [keyFromEnvironment(secret)(inCloud, reader), keyFromEnvironment(secret)({}, reader)]) {
      const failure = await failing.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DependencyUnavailable);
      expect(failure).toMatchObject({ code: 'UNAVAILABLE', details: { dependency } });
      expect((failure as Error).message).toMatch(new RegExp(`${what} configuration could not be read|${variable} is not set`));
    }
  });
});
