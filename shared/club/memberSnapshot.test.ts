import { describe, expect, it } from 'vitest';
import { tierById } from './clubConfig.js';
import { config, member } from './clubFixtures.test-support.js';
import { memberSnapshot, memberSnapshotSchema, offlineFreeMinutes } from './memberSnapshot.js';

describe('member snapshot for offline exit lanes', () => {
  const gold = member('2026-01-10T12:00:00+08:00', { tierId: 'gold' });

  it('carries the plate, tier, status, per-visit free minutes and validity', () => {
    const snapshot = memberSnapshot(gold, tierById(config, 'gold'));
    expect(snapshot).toEqual({
      plate: '粤B12345',
      membershipId: 'mem-1',
      tierId: 'gold',
      tierName: '金卡',
      status: 'ACTIVE',
      freeMinutesPerVisit: 60,
      validUntil: '2026-07-10T12:00:00+08:00',
      graceUntil: '2026-07-20T12:00:00+08:00',
    });
    expect(memberSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('an offline lane gives the per-visit minutes until the grace ends, and nothing to a suspended member', () => {
    const snapshot = memberSnapshot(gold, tierById(config, 'gold'));
    expect(offlineFreeMinutes(snapshot, '2026-07-20T11:59:59+08:00')).toBe(60);
    expect(offlineFreeMinutes(snapshot, '2026-07-20T12:00:00+08:00')).toBe(0);
    expect(offlineFreeMinutes({ ...snapshot, status: 'SUSPENDED' }, '2026-03-01T10:00:00+08:00')).toBe(0);
  });

  it('refuses a tier that is not the membership’s', () => {
    expect(() => memberSnapshot(gold, tierById(config, 'silver'))).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
