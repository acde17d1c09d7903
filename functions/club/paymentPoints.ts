/**
 * Points earned on a paid order (design: shared/club/index.ts, ADAPTER step 4): the member of
 * the order's plate, entitled when it was paid, earns `earnEntry` (id `earn.<orderId>`: one earn
 * per order whatever the retries) with its balance on its version, ONE transaction; then moves up
 * a tier if its rolling window now qualifies. Called after every crediting of an order, first
 * or repeated: a repeat finds the entry and writes nothing, and one that failed before (the
 * club's storage was unavailable) catches up. It never fails the payment: errors are logged.
 */
import {
  adjustmentEntry,
  earnEntry,
  entitledAt,
  postPoints,
  qualifyingWindow,
  revised,
  tierById,
  tierUpgrade,
  type ClubConfig,
  type Membership,
} from '../../shared/club/index.js';
import { isPaidOrder, type PaymentOrder } from '../../shared/payments/index.js';
import { logger } from '../http/index.js';
import { commitClubDecision } from './clubTransactions.js';
import { memberActivity } from './memberActivity.js';
import { loadClubConfig, loadMembership, membershipPartitionKey, membershipPut, pointsEntryPut, readItem } from './memberships.js';

const alreadyEarned = async (membershipId: string, orderId: string): Promise<boolean> =>
  (await readItem({ pk: membershipPartitionKey(membershipId), sk: `POINTS#earn.${orderId}` })) !== undefined;

const earn = async (order: PaymentOrder, config: ClubConfig, at: string): Promise<Membership | null> =>
  commitClubDecision(`the points of order ${order.orderId}`, async () => {
    const membership = await loadMembership(order.lotId, order.plate);
    if (membership === null || !entitledAt(membership, at) || (await alreadyEarned(membership.membershipId, order.orderId))) {
      return { items: [], result: null };
    }
    const { pointsMultiplier } = tierById(config, membership.tierId).benefits;
    const entry = earnEntry({ membership, orderId: order.orderId, feePaidFen: order.amountFen, multiplier: pointsMultiplier, at });
    if (entry === null) return { items: [], result: membership };
    const earned = revised(membership, { pointsBalance: postPoints(membership, entry) });
    return { items: [pointsEntryPut(entry, membership.lotId), membershipPut(earned, membership, at)], result: earned };
  });

/** Upgrades are immediate: the member moves up as soon as the rolling window qualifies. */
const upgradeTier = async (member: Membership, config: ClubConfig, at: string): Promise<void> => {
  const activity = await memberActivity(member, qualifyingWindow(at, config));
  await commitClubDecision(`the tier of ${member.membershipId}`, async () => {
    const membership = await loadMembership(member.lotId, member.plate);
    const upgraded = membership && membership.membershipId === member.membershipId ? tierUpgrade({ membership, activity, config }) : null;
    return { items: upgraded && membership ? [membershipPut(upgraded, membership, at)] : [], result: upgraded };
  });
};

export const earnPointsForPayment = async (order: PaymentOrder): Promise<void> => {
  if (!isPaidOrder(order)) return;
  try {
    const config = await loadClubConfig(order.lotId);
    if (config === null) return;
    const at = order.paidAt ?? new Date().toISOString();
    const member = await earn(order, config, at);
    if (member !== null) await upgradeTier(member, config, at);
  } catch (error) {
    // The payment stands; the next crediting of this order (a redelivery, a poll) earns them.
    logger.error('Club points for a paid order not recorded', { orderId: order.orderId, lotId: order.lotId, error });
  }
};

/**
 * A refund takes back the points its order earned, in proportion (`adjustment.refund.<refundId>`,
 * once per refund). Points already spent are not taken back: the refund stands, the refusal is
 * logged. For the refunds path (functions/payments/refunds.ts) to call when a refund succeeds;
 * like earning, it never fails the caller.
 */
export const takeBackPointsForRefund = async ({ order, refundId, amountFen, at }: { order: PaymentOrder; refundId: string; amountFen: number; at: string }): Promise<void> => {
  try {
    await commitClubDecision(`the points of refund ${refundId}`, async () => {
      const membership = await loadMembership(order.lotId, order.plate);
      const earned = membership && (await readItem({ pk: membershipPartitionKey(membership.membershipId), sk: `POINTS#earn.${order.orderId}` }));
      const taken = membership && (await readItem({ pk: membershipPartitionKey(membership.membershipId), sk: `POINTS#adjustment.refund.${refundId}` }));
      if (!membership || !earned || taken) return { items: [], result: null };
      const points = Math.floor((Number(earned.points) * amountFen) / Number(earned.feePaidFen));
      if (points === 0) return { items: [], result: null };
      const entry = adjustmentEntry({ membership, adjustmentId: `refund.${refundId}`, points: -points, at, reason: `refund ${refundId} of order ${order.orderId}` });
      const after = revised(membership, { pointsBalance: postPoints(membership, entry) });
      return { items: [pointsEntryPut(entry, membership.lotId), membershipPut(after, membership, at)], result: null };
    });
  } catch (error) {
    logger.warn('Points of a refunded order not taken back', { orderId: order.orderId, refundId, error });
  }
};
