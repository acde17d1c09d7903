/**
 * The lanes' offline snapshot carries the lot's ACTIVE members (issue 3): what an offline exit
 * lane needs to give a member the per-visit minutes, with an ETag that changes exactly when a
 * membership the lane cares about does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { memberSnapshotSchema, offlineFreeMinutes } from '../../../shared/club/index.js';
import { asAdmin, call, deviceOf, exitLane, newMember, seedClubLot, startDriverApi } from './clubHarness.js';

let api: RunningApiServer;

beforeAll(async () => {
  api = await startDriverApi();
});
afterAll(() => api.close());

describe('GET /device/config memberships', () => {
  it('lists the active members by plate; the ETag holds until a membership changes', async () => {
    const lot = await seedClubLot(api, 'club-lanes');
    const device = deviceOf(lot, exitLane);
    const members = [await newMember(api, lot), await newMember(api, lot)];

    const first = await call(api, device, { method: 'GET', path: '/device/config' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const snapshots = ((await first.json()) as { memberships: unknown[] }).memberships.map((snapshot) => memberSnapshotSchema.parse(snapshot));
    expect(snapshots.map((snapshot) => snapshot.plate)).toEqual(members.map((member) => member.plate).sort());
    const [snapshot] = snapshots.filter((candidate) => candidate.plate === members[0]!.plate);
    expect(snapshot).toEqual({
      plate: members[0]!.plate,
      membershipId: members[0]!.card.membershipId,
      tierId: 'silver',
      tierName: '银卡',
      status: 'ACTIVE',
      freeMinutesPerVisit: 30,
      validUntil: members[0]!.card.validUntil,
      graceUntil: members[0]!.card.graceUntil,
    });
    expect(offlineFreeMinutes(snapshot!, new Date().toISOString())).toBe(30);
    expect((await call(api, device, { method: 'GET', path: '/device/config', headers: { 'if-none-match': etag } })).status).toBe(304);

    const suspended = members[1]!;
    const path = `/admin/lots/${lot.lotId}/memberships/${suspended.card.membershipId}/suspend`;
    expect((await asAdmin(api, 'POST', path, { reason: 'lent to another car' })).status).toBe(200);
    const changed = await call(api, device, { method: 'GET', path: '/device/config', headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { memberships: { plate: string }[] }).memberships.map((member) => member.plate)).toEqual([members[0]!.plate]);
  });
});
