/**
 * The points ledger against DynamoDB Local, as a property: whatever paid orders are credited,
 * however often and in whatever concurrent order, each order earns once and the balance on the
 * membership is always the sum of its entries.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { earnPoints, foldPoints, pointsEntrySchema } from '../../../shared/club/index.js';
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
});
