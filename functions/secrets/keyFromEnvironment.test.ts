import { describe, expect, it, vi } from 'vitest';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';
import { keyFromEnvironment, type KeyInEnvironment } from './keyFromEnvironment.js';

const laneKey = {
  name: 'laneKey',
  description: 'lane key',
  inlineVariable: 'TEST_LANE_KEY',
  secretVariable: 'TEST_LANE_KEY_SECRET',
} satisfies KeyInEnvironment;
const secretArn = 'arn:aws:secretsmanager:ap-east-1:000000000000:secret:lane-key-AbCdEf';
const inCloud = { [laneKey.secretVariable]: secretArn };

const unavailability = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DependencyUnavailable);
  const { code, message, details } = error as DependencyUnavailable;
  return { code, message, details };
};

describe('a key from the environment', () => {
  it('is the inline variable locally, without touching Secrets Manager', async () => {
    const reader = vi.fn(async () => 'from-secret');
    const load = keyFromEnvironment(laneKey);
    expect(await load({ ...inCloud, [laneKey.inlineVariable]: 'local-key' }, reader)).toBe('local-key');
    expect(reader).not.toHaveBeenCalled();
  });

  it('is the named secret’s value in the cloud, read once per container', async () => {
    const reader = vi.fn(async () => 'cloud-key');
    const load = keyFromEnvironment(laneKey);
    expect([await load(inCloud, reader), await load(inCloud, reader)]).toEqual(['cloud-key', 'cloud-key']);
    expect(reader).toHaveBeenCalledTimes(1);
    expect(reader).toHaveBeenCalledWith(secretArn);
  });

  it('shares one read among requests that arrive while it is under way', async () => {
    const reader = vi.fn(async () => 'cloud-key');
    const load = keyFromEnvironment(laneKey);
    expect(await Promise.all([load(inCloud, reader), load(inCloud, reader), load(inCloud, reader)])).toEqual([
      'cloud-key',
      'cloud-key',
      'cloud-key',
    ]);
    expect(reader).toHaveBeenCalledTimes(1);
  });

  it('is not remembered when the secret cannot be read: the request gets a 503 naming the key, the next one tries again', async () => {
    const reader = vi.fn().mockRejectedValueOnce(new Error('AccessDeniedException: arn:aws:iam::000000000000:role/x')).mockResolvedValueOnce('cloud-key');
    const load = keyFromEnvironment(laneKey);
    const failure = await unavailability(load(inCloud, reader));
    expect(failure).toEqual({
      code: 'UNAVAILABLE',
      message: 'The lane key could not be read; try again shortly',
      details: { dependency: 'laneKey' },
    });
    expect(await load(inCloud, reader)).toBe('cloud-key');
    expect(reader).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \n'],
    ['binary', new Uint8Array([1, 2, 3])],
    ['nothing', undefined],
  ])('is unavailable when the secret holds %s, and the next request reads again', async (_, value) => {
    const reader = vi.fn().mockResolvedValueOnce(value).mockResolvedValueOnce('cloud-key');
    const load = keyFromEnvironment(laneKey);
    expect(await unavailability(load(inCloud, reader))).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('lane key'),
      details: { dependency: 'laneKey' },
    });
    expect(await load(inCloud, reader)).toBe('cloud-key');
  });

  describe('with a cache lifetime', () => {
    const rotating: KeyInEnvironment = { ...laneKey, maxAgeSeconds: 300 };
    const clock = () => {
      let nowMs = Date.parse('2025-03-01T08:00:00Z');
      return { now: () => nowMs, pass: (seconds: number) => (nowMs += seconds * 1000) };
    };

    it('keeps the value until the lifetime has passed, then picks up the rotated value', async () => {
      const time = clock();
      const reader = vi.fn().mockResolvedValueOnce('before-rotation').mockResolvedValueOnce('after-rotation');
      const load = keyFromEnvironment(rotating, time.now);
      expect(await load(inCloud, reader)).toBe('before-rotation');
      time.pass(299);
      expect(await load(inCloud, reader)).toBe('before-rotation');
      time.pass(1);
      expect(await load(inCloud, reader)).toBe('after-rotation');
      expect(await load(inCloud, reader)).toBe('after-rotation');
      expect(reader).toHaveBeenCalledTimes(2);
    });

    it('shares one re-read among requests arriving after the lifetime', async () => {
      const time = clock();
      const reader = vi.fn().mockResolvedValueOnce('before-rotation').mockResolvedValue('after-rotation');
      const load = keyFromEnvironment(rotating, time.now);
      await load(inCloud, reader);
      time.pass(600);
      expect(await Promise.all([load(inCloud, reader), load(inCloud, reader)])).toEqual(['after-rotation', 'after-rotation']);
      expect(reader).toHaveBeenCalledTimes(2);
    });

    it('answers 503 when the re-read fails, and reads again on the next request', async () => {
      const time = clock();
      const reader = vi
        .fn()
        .mockResolvedValueOnce('before-rotation')
        .mockRejectedValueOnce(new Error('ThrottlingException: Rate exceeded for arn:aws:secretsmanager:ap-east-1:000000000000:secret:lane-key'))
        .mockResolvedValueOnce('after-rotation');
      const load = keyFromEnvironment(rotating, time.now);
      await load(inCloud, reader);
      time.pass(300);
      const failure = await unavailability(load(inCloud, reader));
      expect(failure.details).toEqual({ dependency: 'laneKey' });
      expect(JSON.stringify(failure)).not.toMatch(/arn:|Throttling/);
      expect(await load(inCloud, reader)).toBe('after-rotation');
    });
  });

  it('is unavailable, naming the secret variable, when a key with no inline variable has no secret', async () => {
    const { inlineVariable: _, ...secretOnly } = laneKey;
    const failure = await unavailability(keyFromEnvironment(secretOnly)({}, vi.fn()));
    expect(failure).toEqual({ code: 'UNAVAILABLE', message: 'TEST_LANE_KEY_SECRET is not set', details: { dependency: 'laneKey' } });
  });

  it('is unavailable, naming both variables, when neither is set', async () => {
    const failure = await unavailability(keyFromEnvironment(laneKey)({ [laneKey.inlineVariable]: '' }, vi.fn()));
    expect(failure.details).toEqual({ dependency: 'laneKey' });
    expect(failure.message).toBe('Neither TEST_LANE_KEY nor TEST_LANE_KEY_SECRET is set');
  });
});
