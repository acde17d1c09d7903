import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  claimCoupon,
  claimScene,
  claimTokenLength,
  claimUrl,
  createClaimCode,
  newClaimToken,
  parseClaimScene,
  type ClaimCode,
} from './index.js';
import { accountWith, calendar, fiveYuan, openSessionOf, policy, prepaid, spend88, staffOf } from './merchantFixtures.test-support.js';

const fixedBytes = (byte: number) => (size: number) => new Uint8Array(size).fill(byte);
const at = '2026-03-10T14:00:00+08:00';
const owner = staffOf(prepaid, 'owner');
const token = newClaimToken(fixedBytes(7));

const code = (fields: Partial<Parameters<typeof createClaimCode>[0]> = {}): ClaimCode =>
  createClaimCode({ token, template: fiveYuan, merchant: prepaid, staff: owner, kind: 'static', quota: 100, perDriverLimit: 1, at, expiresAt: '2026-04-01T00:00:00+08:00', ...fields });

const claimInput = (claimCode: ClaimCode, claimedCount: number, claimsByDriver: number) => ({
  code: claimCode,
  driver: { driverId: 'd-1' },
  claimsByDriver,
  claimedCount,
  couponId: 'cp-claim',
  template: fiveYuan,
  merchant: prepaid,
  account: accountWith(prepaid, 100_000),
  plate: '粤B12345',
  at,
  calendar,
  policy,
  todaysGrantsForPlateByMerchant: 0,
  sessionCoupons: [],
});

const reasonOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { details?: { reason?: string } }).details?.reason ?? (error as { code: string }).code;
  }
};

describe('claim tokens', () => {
  it('are 22 base62 characters from 16 random bytes, the same bytes giving the same token', () => {
    expect(newClaimToken(fixedBytes(0))).toBe('0'.repeat(22));
    expect(newClaimToken(fixedBytes(255))).toBe('7n42DGM5Tflk9n8mt7Fhc7');
    expect(newClaimToken(fixedBytes(7))).toBe(token);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(newClaimToken(() => bytes)).toMatch(/^[0-9A-Za-z]{22}$/);
      }),
    );
  });

  it('distinct bytes give distinct tokens (the encoding loses none of the 128 bits)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (a, b) => {
        const same = a.every((byte, index) => byte === b[index]);
        expect(newClaimToken(() => a) === newClaimToken(() => b)).toBe(same);
      }),
    );
    expect(new Set(Array.from({ length: 1000 }, () => newClaimToken(randomBytes))).size).toBe(1000);
  });

  it('fit in a mini-program scene (≤ 32 characters) and read back, URL-encoded or not', () => {
    const scene = claimScene(token);
    expect(scene).toBe(`c=${token}`);
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(claimTokenLength + 2).toBe(scene.length);
    expect(parseClaimScene(scene)).toBe(token);
    expect(parseClaimScene(encodeURIComponent(scene))).toBe(token);
    expect(parseClaimScene(`c=${token}x`)).toBeNull();
    expect(parseClaimScene('%E0%A4%A')).toBeNull();
    expect(claimUrl('https://app.example/', token)).toBe(`https://app.example/#/pages/claim/index?c=${token}`);
  });
});

describe('claim codes', () => {
  it('static codes live up to a year, dynamic ones up to ten minutes', () => {
    expect(code().kind).toBe('static');
    expect(reasonOf(() => code({ expiresAt: '2027-03-11T14:00:01+08:00' }))).toBe('VALIDATION_FAILED');
    expect(code({ kind: 'dynamic', quota: 1, expiresAt: '2026-03-10T14:10:00+08:00' }).kind).toBe('dynamic');
    expect(reasonOf(() => code({ kind: 'dynamic', quota: 1, expiresAt: '2026-03-10T14:10:01+08:00' }))).toBe('VALIDATION_FAILED');
    expect(reasonOf(() => code({ expiresAt: at }))).toBe('VALIDATION_FAILED');
  });

  it('spend-threshold templates cannot be self-service; the per-driver limit fits in the quota', () => {
    expect(reasonOf(() => code({ template: spend88 }))).toBe('VALIDATION_FAILED');
    expect(reasonOf(() => code({ quota: 2, perDriverLimit: 3 }))).toBe('VALIDATION_FAILED');
    expect(reasonOf(() => code({ staff: { ...owner, status: 'disabled' } }))).toBe('STAFF_DISABLED');
  });

  it('a claim lands on the driver’s open session and counts against the quota and the driver', () => {
    const session = openSessionOf('粤B12345');
    const claim = claimCoupon({ ...claimInput(code(), 41, 0), openSession: session });
    expect(claim.coupon).toMatchObject({ status: 'attached', sessionId: session.sessionId, grantedBy: { kind: 'claim', token, driverId: 'd-1' } });
    expect(claim.entries[0]).toMatchObject({ kind: 'hold', by: 'driver:d-1' });
    expect([claim.claimedCount, claim.claimsByDriver]).toEqual([42, 1]);
  });

  it('refuses expired, withdrawn and used-up codes and drivers at their limit', () => {
    expect(reasonOf(() => claimCoupon({ ...claimInput(code(), 0, 0), at: '2026-04-01T00:00:00+08:00' }))).toBe('CLAIM_CODE_EXPIRED');
    expect(reasonOf(() => claimCoupon(claimInput({ ...code(), status: 'revoked' }, 0, 0)))).toBe('CLAIM_CODE_REVOKED');
    expect(reasonOf(() => claimCoupon(claimInput(code(), 100, 0)))).toBe('CLAIM_QUOTA_EXHAUSTED');
    expect(reasonOf(() => claimCoupon(claimInput(code(), 5, 1)))).toBe('CLAIM_PER_DRIVER_LIMIT');
    expect(reasonOf(() => claimCoupon({ ...claimInput(code(), 5, 0), account: accountWith(prepaid, 0) }))).toBe('INSUFFICIENT_FUNDS');
  });

  it('no sequence of claims exceeds the quota or any driver’s limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }),
        (quota, limit, drivers) => {
          const perDriverLimit = Math.min(limit, quota);
          const claimCode = code({ quota, perDriverLimit });
          let claimed = 0;
          const byDriver = new Map<number, number>();
          for (const driver of drivers) {
            const mine = byDriver.get(driver) ?? 0;
            const outcome = reasonOf(() => {
              const claim = claimCoupon({ ...claimInput(claimCode, claimed, mine), driver: { driverId: `d-${driver}` } });
              claimed = claim.claimedCount;
              byDriver.set(driver, claim.claimsByDriver);
            });
            if (outcome !== null) expect(['CLAIM_QUOTA_EXHAUSTED', 'CLAIM_PER_DRIVER_LIMIT']).toContain(outcome);
          }
          expect(claimed).toBeLessThanOrEqual(quota);
          for (const count of byDriver.values()) expect(count).toBeLessThanOrEqual(perDriverLimit);
          expect(claimed).toBe([...byDriver.values()].reduce((sum, count) => sum + count, 0));
          const wanted = new Map<number, number>();
          for (const driver of drivers) wanted.set(driver, (wanted.get(driver) ?? 0) + 1);
          const possible = [...wanted.values()].reduce((sum, count) => sum + Math.min(count, perDriverLimit), 0);
          expect(claimed).toBe(Math.min(quota, possible));
        },
      ),
    );
  });
});
