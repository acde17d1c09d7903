/**
 * Member benefits where money is decided, through the real API and lane devices: free minutes
 * and the monthly quota at the exit camera and in the quote (fixed once per visit), the quota
 * never exceeded when visits of one member settle at once, points earned once per paid order
 * whatever the notifications do, and points redeemed as an amount off at payment.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { adjustmentEntry, foldPoints, memberCardsSchema, pointsEntrySchema, revised } from '../../../shared/club/index.js';
import { at } from '../devices/laneHarness.js';
import {
  asAdmin,
  asDriver,
  capturingPayer,
  deliver,
  deviceOf,
  entryLane,
  exitLane,
  local,
  membershipItems,
  minutesAgo,
  newMember,
  newPlate,
  order,
  payer,
  post,
  quoteOf,
  seedClubLot,
  startDriverApi,
  type Driver,
} from './clubHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedClubLot(api, 'club-benefits');
});
afterAll(() => api.close());

const minutesOff = (quote: { discounts: { kind: string; value?: number }[] }) => quote.discounts.find((discount) => discount.kind === 'minutes')?.value ?? 0;
const entriesOf = async (membershipId: string) =>
  (await membershipItems(membershipId)).filter((item) => item.entity === 'PointsEntry').map((item) => pointsEntrySchema.parse(item));
const cardOf = async (driver: Driver) => memberCardsSchema.parse((await asDriver(api, driver, 'GET', '/driver/memberships')).body).memberships[0]!;

describe('at the exit camera and in the quote', () => {
  it('takes the per-visit minutes, then the monthly quota, fixed once for the visit', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    const stranger = newPlate();
    for (const car of [plate, stranger]) await post(api, deviceOf(lot, entryLane), { plate: car, at: at('2026-03-02T10:00:00+08:00') });

    // 130 minutes: ¥5 the first hour, ¥2 per started half hour after it = ¥11; a member gets 30 + 60 minutes off → ¥5.
    const leaving = at('2026-03-02T12:10:00+08:00');
    expect(await post(api, deviceOf(lot, exitLane), { plate: stranger, at: leaving })).toMatchObject({ decision: 'pay', due: 1100 });
    expect(await post(api, deviceOf(lot, exitLane), { plate, at: leaving })).toMatchObject({ decision: 'pay', due: 500 });

    const grants = (await membershipItems(card.membershipId)).filter((item) => item.entity === 'VisitGrant');
    expect(grants).toEqual([expect.objectContaining({ freeMinutes: 90, perVisitMinutes: 30, quotaMinutesUsed: 60, month: '2026-03' })]);
    expect((await membershipItems(card.membershipId)).find((item) => item.entity === 'QuotaUsage')).toMatchObject({ month: '2026-03', quotaMinutesUsed: 60 });

    // The visit's benefits are fixed: a second read and the driver's quote reuse them, the quota is not taken again.
    expect(await post(api, deviceOf(lot, exitLane), { plate, at: at('2026-03-02T12:11:00+08:00') })).toMatchObject({ decision: 'pay', due: 500 });
    const quote = await quoteOf(api, driver, lot, plate);
    expect(minutesOff(quote.body)).toBe(90);
    expect(quote.body.memberBenefits).toEqual({ freeMinutes: 90, amountOff: 0 });
    expect((await membershipItems(card.membershipId)).find((item) => item.entity === 'QuotaUsage')).toMatchObject({ quotaMinutesUsed: 60 });
    expect((await cardOf(driver)).recentVisits).toEqual([expect.objectContaining({ sessionId: grants[0]!.sessionId, freeMinutes: 90 })]);
  });

  it('never gives more than the month’s quota when visits of one member settle at once', async () => {
    const { plate, card } = await newMember(api, lot);
    const { visitBenefits } = await import('../../../functions/club/visitBenefits.js');
    // Four two-hour visits of the member in April, each asking for the whole hour of quota.
    const visits = [1, 2, 3, 4].map((day) => ({
      sessionId: `${lot.lotId}.quota.${plate}.${day}`,
      enteredAt: `2026-04-0${day}T10:00:00+08:00`,
      closedAt: `2026-04-0${day}T12:00:00+08:00`,
    }));
    for (const visit of visits) {
      await local.documents.send(
        new PutCommand({
          TableName: local.tableName,
          Item: {
            pk: `SESSION#${visit.sessionId}`,
            sk: 'SESSION',
            entity: 'Session',
            sessionId: visit.sessionId,
            lotId: lot.lotId,
            plate,
            status: 'closed',
            enteredAt: visit.enteredAt,
            entry: { eventId: `quota-${visit.sessionId}`, laneId: entryLane, source: 'online' },
            closedAt: visit.closedAt,
            closedBy: 'camera',
            duplicateReads: [],
          },
        }),
      );
    }
    const benefits = await Promise.all(visits.map((visit) => visitBenefits(visit.sessionId, { at: visit.closedAt, coupons: [], payments: [], settle: true })));
    const quotaMinutes = benefits.map((granted) => (granted.freeMinutes ?? 0) - 30);
    expect(quotaMinutes.reduce((sum, minutes) => sum + minutes, 0)).toBe(60);
    expect(quotaMinutes.every((minutes) => minutes === 0 || minutes === 60)).toBe(true);
    const items = await membershipItems(card.membershipId);
    expect(items.find((item) => item.entity === 'QuotaUsage')).toMatchObject({ month: '2026-04', quotaMinutesUsed: 60 });
    expect(items.filter((item) => item.entity === 'VisitGrant')).toHaveLength(4);
  });
});

describe('points', () => {
  it('are earned once per paid order, however often and concurrently the payment is reported', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(130) });
    const quote = (await quoteOf(api, driver, lot, plate)).body;
    expect(quote.due).toBe(500);
    const placed = await order(api, driver, quote);
    expect(placed.status).toBe(201);
    const { provider, captured } = capturingPayer(api);
    await provider.pay(placed.body.order.orderId);
    expect(await Promise.all(Array.from({ length: 6 }, () => deliver(api, captured[0]!)))).toEqual(Array(6).fill(204));
    await Promise.all(Array.from({ length: 3 }, () => payer(api).redeliverPaymentNotification(placed.body.order.orderId)));

    const entries = await entriesOf(card.membershipId);
    // ¥5.00 at 10 points a yuan.
    expect(entries).toEqual([expect.objectContaining({ entryId: `earn.${placed.body.order.orderId}`, kind: 'earn', points: 50, feePaidFen: 500 })]);
    expect((await cardOf(driver)).pointsBalance).toBe(50);
  });

  it('are taken back in proportion when the order is refunded, once however often the refund is reported', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(130) });
    const placed = await order(api, driver, (await quoteOf(api, driver, lot, plate)).body);
    await payer(api).pay(placed.body.order.orderId);
    const orderId = placed.body.order.orderId as string;
    const refund = { refundId: `r-${orderId}`, amountFen: 200, reason: 'barrier fault' };
    expect((await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, refund)).status).toBe(201);
    expect((await asAdmin(api, 'POST', `/admin/orders/${orderId}/refunds`, refund)).status).toBe(201);

    // ¥5.00 earned 50 points; the ¥2.00 refund takes 20 of them back.
    let entries = await entriesOf(card.membershipId);
    for (let attempt = 0; attempt < 40 && !entries.some((entry) => entry.kind === 'adjustment'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      entries = await entriesOf(card.membershipId);
    }
    expect(entries.filter((entry) => entry.kind === 'adjustment')).toEqual([expect.objectContaining({ entryId: `adjustment.refund.${refund.refundId}`, points: -20 })]);
    expect((await cardOf(driver)).pointsBalance).toBe(30);
  });

  it('are redeemed as an amount off when the member lets the exit spend them, once per visit', async () => {
    const { driver, plate, card } = await newMember(api, lot);
    const { membershipPut, pointsEntryPut, loadMembership } = await import('../../../functions/club/memberships.js');
    const { transactWrite } = await import('../../../functions/sessions/transactWrite.js');
    const member = (await loadMembership(lot.lotId, plate))!;
    const gift = adjustmentEntry({ membership: member, adjustmentId: 'welcome', points: 200, at: new Date().toISOString(), reason: 'welcome gift' });
    expect(await transactWrite([pointsEntryPut(gift, lot.lotId), membershipPut(revised(member, { pointsBalance: 200 }), member, gift.at)])).toEqual({ committed: true });
    expect((await asDriver(api, driver, 'PUT', `/driver/memberships/${card.membershipId}/auto-redeem`, { on: true })).status).toBe(200);

    await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(130) });
    const quote = (await quoteOf(api, driver, lot, plate)).body;
    // 90 free minutes leave the first hour, ¥5; 200 points take ¥2 off it.
    expect(quote.discounts).toContainEqual(expect.objectContaining({ kind: 'amount', value: 200, amount: 200 }));
    expect(quote.due).toBe(300);
    expect(quote.memberBenefits).toEqual({ freeMinutes: 90, amountOff: 200 });
    const placed = await order(api, driver, quote);
    expect(placed.status).toBe(201);
    await payer(api).pay(placed.body.order.orderId);

    const entries = await entriesOf(card.membershipId);
    expect(entries.find((entry) => entry.kind === 'redeem')).toMatchObject({ entryId: `redeem.${quote.sessionId}`, points: -200, sessionId: quote.sessionId });
    expect(entries.find((entry) => entry.kind === 'earn')).toMatchObject({ points: 30, feePaidFen: 300 });
    // The balance on the card is the ledger's sum.
    expect((await cardOf(driver)).pointsBalance).toBe(foldPoints(entries).balance);
    expect(foldPoints(entries).balance).toBe(30);
    // Paid: the quote stays settled with the same benefits.
    expect((await quoteOf(api, driver, lot, plate)).body).toMatchObject({ due: 0 });
  });
});
