/**
 * The club's scheduled jobs against DynamoDB Local, at their boundaries: the monthly activity
 * check when a local month ends (three low months in a row lapse the membership), the
 * half-yearly review on 1 January / 1 July (tiers and rewards, once per period), and the expiry check at
 * the end of the coverage and of the 10-day grace. Each re-run writes nothing twice.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { monthBounds, monthOf, nextMonth, periodBounds, periodOf, revised } from '../../../shared/club/index.js';
import { asAdmin, entryLane, join, local, membershipItems, newMember, seedClubLot, startDriverApi } from './clubHarness.js';

let api: RunningApiServer;

beforeAll(async () => {
  api = await startDriverApi();
});
afterAll(() => api.close());

const jobs = () => import('../../../functions/club/clubJobs.js');
const memberships = () => import('../../../functions/club/memberships.js');
const zone = 'Asia/Shanghai';
const justBefore = (instant: string | Date): Date => new Date(new Date(instant).getTime() - 1);
const plusDays = (instant: string, days: number): string => new Date(Date.parse(instant) + days * 86_400_000).toISOString();

const current = async (lotId: string, plate: string) => (await (await memberships()).loadMembership(lotId, plate))!;

/** A closed visit of the plate, as the sessions adapter writes it. */
const visit = async (lotId: string, plate: string, enteredAt: string, closedAt: string): Promise<void> => {
  const sessionId = `${lotId}.visit.${Date.parse(enteredAt)}`;
  await local.documents.send(
    new PutCommand({
      TableName: local.tableName,
      Item: {
        pk: `SESSION#${sessionId}`,
        sk: 'SESSION',
        entity: 'Session',
        gsi1pk: `LOT#${lotId}#PLATE#${plate}`,
        gsi1sk: `SESSION#${new Date(enteredAt).toISOString()}`,
        sessionId,
        lotId,
        plate,
        status: 'closed',
        enteredAt,
        entry: { eventId: `visit-${Date.parse(enteredAt)}`, laneId: entryLane, source: 'online' },
        closedAt,
        closedBy: 'camera',
        duplicateReads: [],
      },
    }),
  );
};

describe('the monthly activity check', () => {
  it('judges each month once it is over; three low months in a row lapse the membership', async () => {
    const lot = await seedClubLot(api, 'club-monthly');
    const { driver, plate, card } = await newMember(api, lot);
    const active = await newMember(api, lot);
    const { runMonthlyActivityCheck } = await jobs();
    // The month they joined is not judged; the next one is over at local midnight of the 1st after it.
    const first = nextMonth(monthOf(card.joinedAt, zone));
    const third = nextMonth(nextMonth(first));
    const firstEnd = monthBounds(first, zone).until;
    await visit(lot.lotId, active.plate, plusDays(monthBounds(first, zone).from, 14), plusDays(monthBounds(first, zone).from, 14.05));

    expect(await runMonthlyActivityCheck(lot.lotId, justBefore(firstEnd))).toEqual({ members: 2 });
    expect((await current(lot.lotId, plate)).lastCheckedMonth).toBe(monthOf(card.joinedAt, zone));

    expect(await runMonthlyActivityCheck(lot.lotId, new Date(firstEnd))).toEqual({ members: 2, low: 1, met: 1 });
    expect(await current(lot.lotId, plate)).toMatchObject({ lastCheckedMonth: first, lowActivityMonths: 1, status: 'ACTIVE' });
    expect(await current(lot.lotId, active.plate)).toMatchObject({ lastCheckedMonth: first, lowActivityMonths: 0 });
    const before = await current(lot.lotId, plate);
    expect(await runMonthlyActivityCheck(lot.lotId, new Date(plusDays(firstEnd, 14)))).toEqual({ members: 2 });
    expect((await current(lot.lotId, plate)).version).toBe(before.version);

    // The next two months, caught up in order by one run: the third low month lapses it.
    const summary = await runMonthlyActivityCheck(lot.lotId, new Date(monthBounds(third, zone).until));
    expect(summary).toMatchObject({ low: 3, lapsed: 1 });
    expect(await current(lot.lotId, plate)).toMatchObject({ status: 'LAPSED', statusReason: 'lowActivity', lastCheckedMonth: third, lowActivityMonths: 3 });
    // Lapsed members leave the lot's set, and the plate's place in the driver's limit is free again.
    expect((await (await memberships()).lotMembers(lot.lotId)).map((member) => member.plate)).toEqual([active.plate]);
    expect(await (await memberships()).livePlatesOf(driver.driverId, lot.lotId)).toBe(0);
    expect((await join(api, driver, lot, plate)).status).toBe(201);
  });
});

describe('the half-yearly review', () => {
  it('runs for the half-year just ended, once: tiers follow the activity and qualifying members are rewarded', async () => {
    const lot = await seedClubLot(api, 'club-review');
    const { plate, card } = await newMember(api, lot);
    const promoted = await newMember(api, lot);
    const { membershipPut } = await memberships();
    const gold = await current(lot.lotId, promoted.plate);
    const { transactWrite } = await import('../../../functions/sessions/transactWrite.js');
    expect(await transactWrite([membershipPut(revised(gold, { tierId: 'gold' }), gold, new Date().toISOString())])).toEqual({ committed: true });
    const { runHalfYearlyReview } = await jobs();

    // Until the half-year they joined in ends, the half-year just ended is one before they joined.
    const period = periodOf(card.joinedAt, zone);
    const periodEnd = periodBounds(period, zone).until;
    expect(await runHalfYearlyReview(lot.lotId, justBefore(periodEnd))).toEqual({ members: 2, joinedLater: 2 });
    expect((await current(lot.lotId, plate)).lastReviewedPeriod).toBeNull();

    expect(await runHalfYearlyReview(lot.lotId, new Date(periodEnd))).toEqual({ members: 2, reviewed: 2 });
    expect(await current(lot.lotId, plate)).toMatchObject({ lastReviewedPeriod: period, tierId: 'silver', pointsBalance: 50 });
    // No visits: gold is not kept; the entry tier's reward still comes (anyone qualifies for it here).
    expect(await current(lot.lotId, promoted.plate)).toMatchObject({ lastReviewedPeriod: period, tierId: 'silver', pointsBalance: 50 });
    expect(await runHalfYearlyReview(lot.lotId, new Date(plusDays(periodEnd, 1.4)))).toEqual({ members: 2, alreadyReviewed: 2 });
    const rewards = (await membershipItems(card.membershipId)).filter((item) => item.entity === 'PointsEntry');
    expect(rewards).toEqual([expect.objectContaining({ entryId: `reward.${period}`, kind: 'reward', points: 50 })]);
  });
});

describe('the expiry check', () => {
  it('renews an active member at the end of its coverage and lapses a suspended one when the 10-day grace ends', async () => {
    const lot = await seedClubLot(api, 'club-expiry');
    const renewing = await newMember(api, lot);
    const suspended = await newMember(api, lot);
    const path = `/admin/lots/${lot.lotId}/memberships/${suspended.card.membershipId}/suspend`;
    expect((await asAdmin(api, 'POST', path, { reason: 'payment dispute' })).status).toBe(200);
    const { runMembershipExpiry } = await jobs();
    const { validUntil, graceUntil } = renewing.card;
    expect(Date.parse(graceUntil) - Date.parse(validUntil)).toBe(10 * 86_400_000);

    expect(await runMembershipExpiry(lot.lotId, justBefore(validUntil))).toEqual({ members: 2, valid: 2 });
    expect(await runMembershipExpiry(lot.lotId, new Date(suspended.card.validUntil))).toMatchObject({ renewed: 1, inGrace: 1 });
    const renewed = await current(lot.lotId, renewing.plate);
    expect(Date.parse(renewed.validUntil)).toBeGreaterThan(Date.parse(validUntil));
    expect(renewed.coverageStartedAt).toBe(renewing.card.joinedAt);

    expect(await runMembershipExpiry(lot.lotId, justBefore(suspended.card.graceUntil))).toMatchObject({ valid: 1, inGrace: 1 });
    expect((await current(lot.lotId, suspended.plate)).status).toBe('SUSPENDED');
    expect(await runMembershipExpiry(lot.lotId, new Date(suspended.card.graceUntil))).toMatchObject({ valid: 1, lapsed: 1 });
    expect(await current(lot.lotId, suspended.plate)).toMatchObject({ status: 'LAPSED', statusReason: 'expired' });
    expect(await runMembershipExpiry(lot.lotId, new Date(suspended.card.graceUntil))).toEqual({ members: 1, valid: 1 });
  });
});
