import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { checkLoginAllowed, failureWindowStart, staffLoginLimits } from './loginThrottle.js';

const at = Date.parse('2026-03-01T09:05:30Z');

const refusal = (run: () => void): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('checkLoginAllowed', () => {
  it('lets attempts through below each limit', () => {
    expect(() =>
      checkLoginAllowed(
        [
          { kind: 'perLogin', failures: staffLoginLimits.perLogin.failures - 1 },
          { kind: 'perSourceIp', failures: staffLoginLimits.perSourceIp.failures - 1 },
        ],
        at,
      ),
    ).not.toThrow();
  });

  it('locks at the limit until the window ends, naming which counter locked', () => {
    const error = refusal(() => checkLoginAllowed([{ kind: 'perLogin', failures: staffLoginLimits.perLogin.failures }, { kind: 'perSourceIp', failures: 0 }], at));
    expect(error.code).toBe('RATE_LIMITED');
    const windowEnd = failureWindowStart(at, staffLoginLimits.perLogin) + staffLoginLimits.perLogin.windowSeconds;
    expect(error.details).toEqual({ reason: 'LOGIN_LOCKED', lockedBy: ['perLogin'], retryAfterSeconds: windowEnd - Math.floor(at / 1000) });
    expect(refusal(() => checkLoginAllowed([{ kind: 'perSourceIp', failures: staffLoginLimits.perSourceIp.failures }], at)).details).toMatchObject({ lockedBy: ['perSourceIp'] });
  });

  it('starts windows on their boundaries', () => {
    expect(failureWindowStart(at, staffLoginLimits.perLogin) % staffLoginLimits.perLogin.windowSeconds).toBe(0);
    expect(failureWindowStart(at, staffLoginLimits.perLogin)).toBeLessThanOrEqual(at / 1000);
  });
});
