/**
 * Joining the club and the membership's life through the real API: a verified phone and a
 * bound plate are required, one plate is one member, a driver's plates stay within the club's
 * limit even when joins race, and the member, the club admin and the lot's operator each see
 * and do only what is theirs (admin decisions audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { memberCardSchema, memberCardsSchema, pointsHistorySchema } from '../../../shared/club/index.js';
import { asAdmin, asDriver, asOperator, join, login, newMember, newPlate, seedClubLot, startDriverApi, verifiedDriver } from './clubHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedClubLot(api, 'club-join', { maxPlatesPerDriver: 2 });
});
afterAll(() => api.close());

describe('joining', () => {
  it('needs a verified phone, before anything about the plate', async () => {
    const driver = await login(api, 'unverified');
    const refused = await join(api, driver, lot, newPlate());
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('phoneNotVerified');
  });

  it('needs a plate bound to the driver', async () => {
    const driver = await verifiedDriver(api, 'no-plate');
    const refused = await join(api, driver, lot, newPlate());
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('plateNotBound');
    expect(memberCardsSchema.parse((await asDriver(api, driver, 'GET', '/driver/memberships')).body).memberships).toEqual([]);
  });

  it('makes an ACTIVE member in the entry tier; joining again answers the same membership', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    expect(memberCardSchema.parse(card)).toMatchObject({ plate, lotId: lot.lotId, status: 'ACTIVE', statusReason: 'joined', tier: { tierId: 'silver' }, pointsBalance: 0 });
    expect(card.monthlyQuota).toMatchObject({ totalMinutes: 60, usedMinutes: 0, leftMinutes: 60 });
    const again = await join(api, driver, lot, plate);
    expect(again.status).toBe(200);
    expect(again.body.membershipId).toBe(card.membershipId);
  });

  it('one plate, one member: another driver who bound the same plate cannot join with it', async () => {
    const { plate } = await newMember(api, lot);
    const other = await verifiedDriver(api, 'other', [plate]);
    const refused = await join(api, other, lot, plate);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('plateHeldByAnotherDriver');
  });

  it('never lets concurrent joins pass the plates-per-driver limit', async () => {
    const plates = [newPlate(), newPlate(), newPlate(), newPlate()];
    const driver = await verifiedDriver(api, 'fleet', plates);
    const answers = await Promise.all(plates.map((plate) => join(api, driver, lot, plate)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(2);
    for (const refused of answers.filter((answer) => answer.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.reason).toBe('plateLimitReached');
    }
    // A cancelled membership frees its place: one more plate may join.
    const cards = memberCardsSchema.parse((await asDriver(api, driver, 'GET', '/driver/memberships')).body).memberships;
    expect(cards).toHaveLength(2);
    expect((await asDriver(api, driver, 'POST', `/driver/memberships/${cards[0]!.membershipId}/cancel`)).body).toMatchObject({ status: 'CANCELLED', statusReason: 'cancelledByDriver' });
    const waiting = plates.find((plate) => !cards.some((card) => card.plate === plate))!;
    expect((await join(api, driver, lot, waiting)).status).toBe(201);
  });
});

describe('the member', () => {
  it('turns auto-redeem on and reads the points history; another driver sees neither', async () => {
    const { driver, card } = await newMember(api, lot);
    const on = await asDriver(api, driver, 'PUT', `/driver/memberships/${card.membershipId}/auto-redeem`, { on: true });
    expect(on.status).toBe(200);
    expect(on.body.autoRedeemPoints).toBe(true);
    const history = await asDriver(api, driver, 'GET', `/driver/memberships/${card.membershipId}/points`);
    expect(pointsHistorySchema.parse(history.body)).toEqual({ membershipId: card.membershipId, pointsBalance: 0, entries: [] });

    const stranger = await verifiedDriver(api, 'stranger');
    expect((await asDriver(api, stranger, 'GET', `/driver/memberships/${card.membershipId}/points`)).status).toBe(404);
    expect((await asDriver(api, stranger, 'POST', `/driver/memberships/${card.membershipId}/cancel`)).status).toBe(404);
    expect((await asDriver(api, stranger, 'PUT', `/driver/memberships/${card.membershipId}/auto-redeem`, { on: false })).status).toBe(404);
  });
});

describe('the club admin and the operator', () => {
  it('suspends and reinstates with a reason, each in the lot’s audit trail', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    const path = `/admin/lots/${lot.lotId}/memberships/${card.membershipId}`;
    expect((await asAdmin(api, 'POST', `${path}/suspend`, {})).status).toBe(400);
    const suspended = await asAdmin(api, 'POST', `${path}/suspend`, { reason: 'card shared with another car' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', statusReason: 'suspended', statusNote: 'card shared with another car', entitled: false });
    // The member sees the status and its reason.
    const [mine] = memberCardsSchema.parse((await asDriver(api, driver, 'GET', '/driver/memberships')).body).memberships;
    expect(mine).toMatchObject({ status: 'SUSPENDED', statusNote: 'card shared with another car' });
    expect((await asAdmin(api, 'POST', `${path}/suspend`, { reason: 'again' })).status).toBe(409);
    expect((await asAdmin(api, 'POST', `${path}/reinstate`, { reason: 'explained at the desk' })).body).toMatchObject({ status: 'ACTIVE', statusReason: 'reinstated' });

    const trail = await asOperator(api, lot.lotId, 'GET', `/lots/${lot.lotId}/audit`);
    const entries = (trail.body.entries as { action: string; reason: string; details?: { membershipId?: string } }[]).filter(
      (entry) => entry.details?.membershipId === card.membershipId,
    );
    expect(entries.map((entry) => [entry.action, entry.reason])).toEqual([
      ['reinstateMembership', 'explained at the desk'],
      ['suspendMembership', 'card shared with another car'],
    ]);

    const seen = await asOperator(api, lot.lotId, 'GET', `/lots/${lot.lotId}/members/${encodeURIComponent(plate)}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ membershipId: card.membershipId, status: 'ACTIVE' });
    expect((await asOperator(api, 'lot-elsewhere', 'GET', `/lots/${lot.lotId}/members/${encodeURIComponent(plate)}`)).status).toBe(403);
  });

  it('approves joins when the club asks for approval, or rejects them', async () => {
    const approving = await seedClubLot(api, 'club-approve', { joinApproval: 'clubAdmin' });
    const [first, second] = [newPlate(), newPlate()];
    const driver = await verifiedDriver(api, 'approval', [first, second]);
    const pending = await join(api, driver, approving, first);
    expect(pending.body).toMatchObject({ status: 'PENDING', statusReason: 'awaitingApproval', entitled: false });
    const approved = await asAdmin(api, 'POST', `/admin/lots/${approving.lotId}/memberships/${pending.body.membershipId}/approve`, { reason: 'documents checked' });
    expect(approved.body).toMatchObject({ status: 'ACTIVE', statusReason: 'approved', entitled: true });

    const other = await join(api, driver, approving, second);
    const rejected = await asAdmin(api, 'POST', `/admin/lots/${approving.lotId}/memberships/${other.body.membershipId}/reject`, { reason: 'not a resident' });
    expect(rejected.body).toMatchObject({ status: 'CANCELLED', statusReason: 'rejected', statusNote: 'not a resident' });
    // A membership of another lot is not found under this one.
    expect((await asAdmin(api, 'POST', `/admin/lots/${lot.lotId}/memberships/${pending.body.membershipId}/suspend`, { reason: 'x' })).status).toBe(404);
  });

  it('refuses a club configuration the core does not accept, and changes nothing', async () => {
    const before = await asAdmin(api, 'GET', `/admin/lots/${lot.lotId}/club`);
    const refused = await asAdmin(api, 'PUT', `/admin/lots/${lot.lotId}/club`, { ...before.body, tiers: [] });
    expect(refused.status).toBe(400);
    expect((await asAdmin(api, 'GET', `/admin/lots/${lot.lotId}/club`)).body).toEqual(before.body);
  });
});
