import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { clubConfigSchema } from './clubConfig.js';
import { clubAdmin, config, member, owner } from './clubFixtures.test-support.js';
import {
  approveMembership,
  cancelMembership,
  entitledAt,
  isLive,
  joinClub,
  reinstateMembership,
  rejectMembership,
  setAutoRedeem,
  suspendMembership,
  type Membership,
} from './membership.js';

const at = '2026-03-01T10:00:00+08:00';
const join = (input: Partial<Parameters<typeof joinClub>[0]> = {}) =>
  joinClub({ membershipId: 'mem-new', driver: owner, plate: '粤B12345', existing: null, driverPlates: 0, config, at, ...input });

const refusal = (run: () => unknown): { code: string; reason?: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, reason: (error.details as { reason?: string } | undefined)?.reason };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('joining the club', () => {
  it('a driver with a verified phone joins free, ACTIVE in the entry tier, valid for the coverage period plus 10 days', () => {
    const outcome = join({ plate: ' 粤b·12345 ' });
    expect(outcome.kind).toBe('joined');
    expect(outcome.membership).toMatchObject({
      plate: '粤B12345',
      driverId: owner.driverId,
      tierId: 'silver',
      status: 'ACTIVE',
      statusReason: 'joined',
      pointsBalance: 0,
      validUntil: '2026-09-01T10:00:00+08:00',
      graceUntil: '2026-09-11T10:00:00+08:00',
      lastCheckedMonth: '2026-03',
      version: 1,
    });
  });

  it('refuses a driver without a verified phone, before saying anything about the plate', () => {
    const other = join({ driver: { driverId: 'drv-other', verifiedPhone: '13900000000' } }).membership;
    expect(refusal(() => join({ driver: { driverId: 'drv-x', verifiedPhone: null }, existing: other }))).toEqual({
      code: 'FORBIDDEN',
      reason: 'phoneNotVerified',
    });
  });

  it('refuses a plate that is a member under another driver (CONFLICT)', () => {
    const theirs = join({ driver: { driverId: 'drv-other', verifiedPhone: '13900000000' } }).membership;
    expect(refusal(() => join({ existing: theirs }))).toEqual({ code: 'CONFLICT', reason: 'plateHeldByAnotherDriver' });
    const suspended = suspendMembership({ membership: theirs, by: clubAdmin, at, note: 'abuse' });
    expect(refusal(() => join({ existing: suspended }))).toEqual({ code: 'CONFLICT', reason: 'plateHeldByAnotherDriver' });
  });

  it('a retried join of the driver’s own plate returns the membership unchanged', () => {
    const mine = join().membership;
    expect(join({ existing: mine, membershipId: 'mem-retry' })).toEqual({ kind: 'alreadyMember', membership: mine });
  });

  it('a suspended member cannot escape the suspension by joining again', () => {
    const suspended = suspendMembership({ membership: join().membership, by: clubAdmin, at, note: 'fraud check' });
    expect(refusal(() => join({ existing: suspended }))).toEqual({ code: 'CONFLICT', reason: 'membershipSuspended' });
  });

  it('refuses a plate beyond the driver’s maximum', () => {
    expect(refusal(() => join({ driverPlates: config.maxPlatesPerDriver }))).toEqual({ code: 'CONFLICT', reason: 'plateLimitReached' });
    expect(join({ driverPlates: config.maxPlatesPerDriver - 1 }).kind).toBe('joined');
  });

  it('refuses temporary and invalid plates', () => {
    expect(refusal(() => join({ plate: '临A1B2C3' })).code).toBe('VALIDATION_FAILED');
    expect(refusal(() => join({ plate: 'HELLO' })).code).toBe('VALIDATION_FAILED');
  });

  it('after a lapse or cancellation anyone may join with the plate: a new membership replaces the ended item', () => {
    const theirs = join({ driver: { driverId: 'drv-other', verifiedPhone: '13900000000' } }).membership;
    const ended = cancelMembership({ membership: theirs, by: { role: 'driver', driverId: 'drv-other' }, at }).membership;
    const outcome = join({ existing: ended, membershipId: 'mem-next' });
    expect(outcome).toMatchObject({ kind: 'joined', replaces: ended, membership: { membershipId: 'mem-next', driverId: owner.driverId, version: ended.version + 1 } });
  });

  it('waits PENDING for a club admin when the club asks for approval; coverage starts at approval', () => {
    const approving = clubConfigSchema.parse({ ...config, joinApproval: 'clubAdmin' });
    const pending = join({ config: approving }).membership;
    expect(pending).toMatchObject({ status: 'PENDING', statusReason: 'awaitingApproval' });
    expect(entitledAt(pending, at)).toBe(false);
    const approvedAt = '2026-03-05T09:00:00+08:00';
    const approved = approveMembership({ membership: pending, by: clubAdmin, at: approvedAt, note: 'ok', config: approving });
    expect(approved).toMatchObject({ status: 'ACTIVE', statusReason: 'approved', coverageStartedAt: approvedAt, validUntil: '2026-09-05T09:00:00+08:00', version: 2 });
    const rejected = rejectMembership({ membership: pending, by: clubAdmin, at: approvedAt, note: 'not a resident' });
    expect(rejected.membership).toMatchObject({ status: 'CANCELLED', statusReason: 'rejected', statusNote: 'not a resident' });
  });
});

describe('status changes', () => {
  const active = member(at);

  it('a club admin suspends with a reason; a suspended member gets no benefits; reinstating restores them and restarts the low-activity count', () => {
    const suspended = suspendMembership({ membership: { ...active, lowActivityMonths: 2 }, by: clubAdmin, at, note: 'plate dispute' });
    expect(suspended).toMatchObject({ status: 'SUSPENDED', statusReason: 'suspended', statusNote: 'plate dispute', statusChangedAt: at, version: 2 });
    expect(entitledAt(suspended, at)).toBe(false);
    const reinstated = reinstateMembership({ membership: suspended, by: clubAdmin, at, note: 'resolved' });
    expect(reinstated).toMatchObject({ status: 'ACTIVE', statusReason: 'reinstated', lowActivityMonths: 0, version: 3 });
    expect(entitledAt(reinstated, at)).toBe(true);
  });

  it('only a club admin suspends or reinstates; an operator or merchant cannot', () => {
    const operator = { role: 'lotOperator', operatorId: 'op-1', lotId: 'lot-demo' } as const;
    const merchant = { role: 'merchantOperator', merchantId: 'mch-1', staffId: 's-1' } as const;
    for (const by of [operator, merchant, { role: 'driver', driverId: owner.driverId } as const]) {
      expect(refusal(() => suspendMembership({ membership: active, by, at, note: 'x' })).code).toBe('FORBIDDEN');
    }
  });

  it('the owner or a club admin cancels; another driver cannot; the remaining points expire', () => {
    const withPoints = { ...active, pointsBalance: 420 };
    const byOwner = cancelMembership({ membership: withPoints, by: { role: 'driver', driverId: owner.driverId }, at });
    expect(byOwner.membership).toMatchObject({ status: 'CANCELLED', statusReason: 'cancelledByDriver', pointsBalance: 0 });
    expect(byOwner.points).toMatchObject({ kind: 'expire', points: -420, entryId: 'expire.end' });
    expect(cancelMembership({ membership: active, by: clubAdmin, at, note: 'duplicate' }).membership.statusReason).toBe('cancelledByClubAdmin');
    expect(refusal(() => cancelMembership({ membership: active, by: { role: 'driver', driverId: 'drv-stranger' }, at })).code).toBe('FORBIDDEN');
  });

  it('ended memberships are final', () => {
    const cancelled = cancelMembership({ membership: active, by: clubAdmin, at }).membership;
    expect(refusal(() => reinstateMembership({ membership: cancelled, by: clubAdmin, at, note: 'oops' }))).toEqual({ code: 'CONFLICT', reason: 'invalidTransition' });
    expect(refusal(() => cancelMembership({ membership: cancelled, by: clubAdmin, at })).reason).toBe('invalidTransition');
  });

  it('the owner opts in to spending points at the exit', () => {
    const on = setAutoRedeem({ membership: active, by: { role: 'driver', driverId: owner.driverId }, on: true });
    expect(on).toMatchObject({ autoRedeemPoints: true, version: active.version + 1 });
    expect(refusal(() => setAutoRedeem({ membership: active, by: clubAdmin, on: true })).code).toBe('FORBIDDEN');
  });
});

describe('one car, one member', () => {
  type Step = { kind: 'join'; driver: number } | { kind: 'cancel' } | { kind: 'suspend' } | { kind: 'reinstate' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('join' as const), driver: fc.integer({ min: 0, max: 3 }) }),
    fc.constant({ kind: 'cancel' as const }),
    fc.constant({ kind: 'suspend' as const }),
    fc.constant({ kind: 'reinstate' as const }),
  );

  it('whatever drivers try, a plate never has two live memberships, a join never hands a plate to another driver, and a driver never holds more than the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ plate: fc.constantFrom('粤B12345', '粤B23456', '粤B34567', '粤B45678'), step }), { maxLength: 60 }), (steps) => {
        // Every membership ever written, as an append-only history; the plate's item is its latest.
        const history: Membership[] = [];
        const current = (plate: string) => history.findLast((membership) => membership.plate === plate) ?? null;
        const livePlatesOf = (driverId: string, except: string) =>
          [...new Set(history.map((membership) => membership.plate))].filter((plate) => {
            const item = current(plate);
            return plate !== except && item !== null && isLive(item) && item.driverId === driverId;
          }).length;
        steps.forEach(({ plate, step: action }, index) => {
          const existing = current(plate);
          const time = `2026-03-01T10:00:${String(index % 60).padStart(2, '0')}+08:00`;
          try {
            if (action.kind === 'join') {
              const driverId = `drv-${action.driver}`;
              const outcome = joinClub({
                membershipId: `mem-${index}`,
                driver: { driverId, verifiedPhone: '13800000000' },
                plate,
                existing,
                driverPlates: livePlatesOf(driverId, plate),
                config: { ...config, maxPlatesPerDriver: 2 },
                at: time,
              });
              if (outcome.kind === 'joined') history.push(outcome.membership);
              else expect(outcome.membership.driverId).toBe(driverId);
            } else if (existing) {
              const changed =
                action.kind === 'cancel'
                  ? cancelMembership({ membership: existing, by: clubAdmin, at: time }).membership
                  : action.kind === 'suspend'
                    ? suspendMembership({ membership: existing, by: clubAdmin, at: time, note: 'x' })
                    : reinstateMembership({ membership: existing, by: clubAdmin, at: time, note: 'x' });
              history.push(changed);
            }
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          const liveByMembership = new Map<string, Membership>();
          for (const membership of history) liveByMembership.set(membership.membershipId, membership);
          const live = [...liveByMembership.values()].filter(isLive);
          const perPlate = new Map<string, number>();
          const perDriver = new Map<string, number>();
          for (const membership of live) {
            perPlate.set(membership.plate, (perPlate.get(membership.plate) ?? 0) + 1);
            perDriver.set(membership.driverId, (perDriver.get(membership.driverId) ?? 0) + 1);
          }
          expect(Math.max(0, ...perPlate.values())).toBeLessThanOrEqual(1);
          expect(Math.max(0, ...perDriver.values())).toBeLessThanOrEqual(2);
        });
      }),
    );
  });
});
