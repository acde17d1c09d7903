/**
 * The points ledger against DynamoDB Local, as a property: whatever paid orders are credited,
 * however often and in whatever concurrent order, each order earns once and the balance on the
 * membership is always the sum of its entries; a refund takes its share back once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { earnPoints, foldPoints, pointsEntrySchema, redeemPoints, revised } from '../../../shared/club/index.js';
import type { PaymentOrder } from '../../../shared/payments/index.js';
import { membershipItems, newMember, seedClubLot, startDriverApi } from './clubHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedClubLot(api, 'club-ledger');
});
afterAll(() => api.close());

const paidOrder = (orderId: string, plate: string, amountFen: number): PaymentOrder => {
  const now = new Date().toISOString();
  return {
    orderId,
    sessionId: `${lot.lotId}.ledger.${orderId}`,
    lotId: lot.lotId,
    plate,
    driverId: 'ledger-driver',
    openId: 'ledger-open-id',
    state: 'paid',
    amountFen,
    coversUntil: now,
    createdAt: now,
    paidAt: now,
    refundedFen: 0,
    refundingFen: 0,
  };
};

describe('the points ledger', () => {
  it('earns once per order and keeps the balance equal to the entries under duplicated, concurrent credits', async () => {
    const { earnPointsForPayment } = await import('../../../functions/club/paymentPoints.js');
    const { loadMembership } = await import('../../../functions/club/memberships.js');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        async (amounts, deliveries) => {
          const { plate, card } = await newMember(api, lot);
          const orders = amounts.map((amountFen, index) => paidOrder(`${card.membershipId}-o${index}`, plate, amountFen));
          // Every order at least once, then the extra deliveries, all at once.
          const credited = [...orders, ...deliveries.map((pick) => orders[pick % orders.length]!)];
          await Promise.all(credited.map((order) => earnPointsForPayment(order)));

          const entries = (await membershipItems(card.membershipId)).filter((item) => item.entity === 'PointsEntry').map((item) => pointsEntrySchema.parse(item));
          const expected = orders.filter((order) => earnPoints(order.amountFen, 10) > 0);
          expect(entries.map((entry) => entry.entryId).sort()).toEqual(expected.map((order) => `earn.${order.orderId}`).sort());
          const balance = foldPoints(entries).balance;
          expect(balance).toBe(expected.reduce((sum, order) => sum + earnPoints(order.amountFen, 10), 0));
          expect((await loadMembership(lot.lotId, plate))?.pointsBalance).toBe(balance);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('takes a refund’s share of the points back once, and never points already spent', async () => {
    const { earnPointsForPayment, takeBackPointsForRefund } = await import('../../../functions/club/paymentPoints.js');
    const { plate, card } = await newMember(api, lot);
    const order = paidOrder(`${card.membershipId}-refunded`, plate, 1_000);
    await earnPointsForPayment(order);
    const at = new Date().toISOString();
    // ¥10 earned 100 points; a ¥3 refund takes 30 back, however often it is reported.
    await Promise.all([1, 2, 3].map(() => takeBackPointsForRefund({ order, refundId: 'r-1', amountFen: 300, at })));
    const entries = async () => (await membershipItems(card.membershipId)).filter((item) => item.entity === 'PointsEntry').map((item) => pointsEntrySchema.parse(item));
    expect((await entries()).find((entry) => entry.kind === 'adjustment')).toMatchObject({ entryId: 'adjustment.refund.r-1', points: -30 });
    expect(foldPoints(await entries()).balance).toBe(70);

    // Spend what is left, then refund the rest: nothing to take back, the refund is not held up.
    const { loadMembership, membershipPut, pointsEntryPut } = await import('../../../functions/club/memberships.js');
    const { transactWrite } = await import('../../../functions/sessions/transactWrite.js');
    const member = (await loadMembership(lot.lotId, plate))!;
    const spent = redeemPoints({ membership: member, points: 70, sessionId: 'spent-visit', at });
    expect(await transactWrite([pointsEntryPut(spent, lot.lotId), membershipPut(revised(member, { pointsBalance: 0 }), member, at)])).toEqual({ committed: true });
    await takeBackPointsForRefund({ order, refundId: 'r-2', amountFen: 700, at });
    expect((await entries()).map((entry) => entry.entryId).sort()).toEqual(['adjustment.refund.r-1', `earn.${order.orderId}`, 'redeem.spent-visit']);
    expect((await loadMembership(lot.lotId, plate))?.pointsBalance).toBe(0);
  });
});
