import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { requireAdmin, requireDriver, requireMerchantOwner, requireMerchantStaff, requireOperator, requireOwnLot } from './authorize.js';
import type { Principal } from './principals.js';

const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const principalArbitrary: fc.Arbitrary<Principal> = fc.oneof(
  fc.record({ kind: fc.constant('driver' as const), driverId: id, openId: id }),
  fc.record({ kind: fc.constant('merchant' as const), merchantId: id, staffId: id, role: fc.constantFrom('owner' as const, 'clerk' as const) }),
  fc.record({ kind: fc.constant('operator' as const), operatorId: id, lotId: id }),
  fc.record({ kind: fc.constant('admin' as const), arn: id, accountId: id }),
  fc.record({ kind: fc.constant('device' as const), deviceId: id, lotId: id, laneId: id }),
);

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe('authorisation guards', () => {
  it('let a merchant’s staff reach only that merchant’s data', () => {
    fc.assert(
      fc.property(principalArbitrary, id, (caller, merchantId) => {
        const allowed = caller.kind === 'merchant' && caller.merchantId === merchantId;
        expect(codeOf(() => requireMerchantStaff(caller, merchantId))).toBe(allowed ? undefined : 'FORBIDDEN');
      }),
    );
  });

  it('let a driver reach only their own data', () => {
    fc.assert(
      fc.property(principalArbitrary, id, (caller, driverId) => {
        const allowed = caller.kind === 'driver' && caller.driverId === driverId;
        expect(codeOf(() => requireDriver(caller, driverId))).toBe(allowed ? undefined : 'FORBIDDEN');
      }),
    );
  });

  it('let an operator act only in their lot', () => {
    fc.assert(
      fc.property(principalArbitrary, id, (caller, lotId) => {
        const allowed = caller.kind === 'operator' && caller.lotId === lotId;
        expect(codeOf(() => requireOperator(caller, lotId))).toBe(allowed ? undefined : 'FORBIDDEN');
      }),
    );
  });

  it('hand out only resources of the caller’s own lot; another lot’s are not found', () => {
    fc.assert(
      fc.property(id, id, (resourceLot, callerLot) => {
        const order = { orderId: 'o-1', lotId: resourceLot };
        expect(codeOf(() => requireOwnLot(order, callerLot, 'order o-1'))).toBe(resourceLot === callerLot ? undefined : 'NOT_FOUND');
      }),
    );
    expect(requireOwnLot({ lotId: 'lot-1', n: 1 }, 'lot-1', 'thing')).toEqual({ lotId: 'lot-1', n: 1 });
  });

  it('keep owner-only actions from clerks', () => {
    const clerk: Principal = { kind: 'merchant', merchantId: 'm-1', staffId: 's-1', role: 'clerk' };
    expect(codeOf(() => requireMerchantOwner(clerk, 'm-1'))).toBe('FORBIDDEN');
    expect(requireMerchantOwner({ ...clerk, role: 'owner' }, 'm-1')).toMatchObject({ role: 'owner' });
  });

  it('ask an unauthenticated caller to sign in (401), whatever the guard', () => {
    for (const guard of [
      () => requireDriver(undefined),
      () => requireMerchantStaff(undefined, 'm-1'),
      () => requireOperator(undefined, 'lot-1'),
      () => requireAdmin(undefined),
    ]) {
      expect(codeOf(guard)).toBe('UNAUTHORIZED');
    }
  });

  it('return the caller narrowed to its kind', () => {
    const admin: Principal = { kind: 'admin', arn: 'arn:aws:iam::1:user/a', accountId: '1' };
    expect(requireAdmin(admin)).toBe(admin);
    expect(codeOf(() => requireAdmin({ kind: 'operator', operatorId: 'o', lotId: 'l' }))).toBe('FORBIDDEN');
  });
});
