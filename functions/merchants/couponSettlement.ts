/**
 * A visit's coupons in the plate-stream transaction that changes it (functions/sessions/
 * recordPlateEvent.ts adds these items to its own, so they commit or fail together):
 * - a NEW visit takes the plate's waiting coupons (`attachWaitingCoupons`): each moves from the
 *   plate to the visit on the condition that it is still waiting, and the plate's waiting-set
 *   version is checked as read, so a grant that made a coupon wait meanwhile cancels the
 *   transaction (which reads again) instead of leaving the coupon waiting while the car is parked;
 * - a visit that CLOSES settles its coupons (`settleVisitCoupons`, docs/decisions/0007): per
 *   merchant one ledger step (`settleMerchantCoupons`) on the account's version, each coupon
 *   conditional on still attached. A copy of the close, a revocation or the expiry job racing it
 *   fails a condition, so a coupon is captured or released once.
 * The expiry job's sweep (couponExpiry.ts) settles, with `settleClosedVisits` in a transaction
 * of its own, the coupons of closed visits no close settled (a session merged into another).
 */
import { attachWaitingCoupons, settleVisitCoupons, toFeeCoupons, type Coupon, type VisitSettlement } from '../../shared/coupons/index.js';
import type { Coupon as FeeCoupon } from '../../shared/fees/index.js';
import { settleMerchantCoupons } from '../../shared/merchants/index.js';
import type { Session } from '../../shared/sessions/index.js';
import { tariffVersionAt } from '../sessions/lotTariffs.js';
import { plateListEntriesFor } from '../sessions/plateLists.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { loadSessionCharges, loadSessionCoupons } from '../sessions/sessionCharges.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { couponsUnder, couponTransition } from './couponRecords.js';
import { ledgerStepItems } from './ledgerWrites.js';
import { getItem, loadAccount, loadMerchant, loadMerchantLot } from './merchantRecords.js';

const waitingKey = (lotId: string, plate: string) => ({ pk: platePartitionKey(lotId, plate), sk: 'WAITING' });

export interface VisitJoining {
  /** The plate's waiting-set version as read, and each coupon's move when its visit stays open. */
  items: TransactionItem[];
  /** The coupons that join each new visit, attached (not yet written when the visit also closes). */
  joined: Map<string, Coupon[]>;
}

/** The plate's waiting coupons that join its new visits (normally one: the entry just read). */
export const waitingCouponsJoining = async (lotId: string, plate: string, newVisits: readonly Session[]): Promise<VisitJoining> => {
  const joined = new Map<string, Coupon[]>();
  if (newVisits.length === 0) return { items: [], joined };
  const [waitingSet, plateCoupons] = await Promise.all([getItem(waitingKey(lotId, plate)), couponsUnder(platePartitionKey(lotId, plate))]);
  let waiting = plateCoupons.filter((coupon) => coupon.status === 'waiting');
  const items: TransactionItem[] = [];
  const policy = waiting.length === 0 ? null : (await loadMerchantLot(lotId)).policy;
  for (const visit of newVisits) {
    if (policy === null) break;
    const { attached, stillWaiting } = attachWaitingCoupons(plate, visit, waiting, visit.enteredAt, policy);
    waiting = stillWaiting;
    joined.set(visit.sessionId, attached);
    if (visit.status === 'open') {
      const before = new Map(plateCoupons.map((coupon) => [coupon.couponId, coupon]));
      items.push(...attached.flatMap((coupon) => couponTransition(before.get(coupon.couponId)!, coupon)));
    }
  }
  items.push({
    ConditionCheck: {
      TableName: tableName(),
      Key: waitingKey(lotId, plate),
      ...(waitingSet === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': waitingSet.version } }),
    },
  });
  return { items, joined };
};

/** The fee-engine coupons of those that join a visit: a visit closed on arrival (an offline backlog) owes with them. */
export const joinedFeeCoupons = (joining: VisitJoining, sessionId: string): FeeCoupon[] => toFeeCoupons(joining.joined.get(sessionId) ?? []);

interface VisitOutcome {
  settlement: VisitSettlement;
  /** Each coupon as read: stored ones attached under the visit, joining ones still waiting. */
  asRead: Coupon[];
  closedBy: string;
}

/** What a closed visit does with its coupons: stored attached ones, and `joining` ones attaching now. */
const visitOutcome = async (session: Session, now: string, joining: readonly Coupon[]): Promise<VisitOutcome | null> => {
  const closedAt = session.closedAt ?? now;
  const stored = await loadSessionCoupons(session.sessionId);
  if (joining.length === 0 && !stored.some((coupon) => coupon.status === 'attached')) return null;
  const [{ tariff }, allowList, { payments, benefits }] = await Promise.all([
    tariffVersionAt(session.lotId, closedAt),
    plateListEntriesFor(session.lotId, 'allow', session.plate),
    loadSessionCharges(session.sessionId, { at: closedAt }),
  ]);
  return {
    settlement: settleVisitCoupons({ coupons: [...stored, ...joining], session: { ...session, closedAt }, terms: { tariff, allowList, payments, benefits } }),
    asRead: [...stored, ...joining.map((coupon) => ({ ...coupon, status: 'waiting' as const, sessionId: null }))],
    closedBy: session.closedBy ?? 'unknown',
  };
};

/**
 * The writes that settle closed visits' coupons (those stored attached to each, and those of
 * `joining` that attach in the same transaction), one ledger step per merchant across them all,
 * since a transaction may touch an account once. Nothing when they have none. `now` is when the
 * movements are recorded.
 */
export const settleClosedVisits = async (lotId: string, visits: readonly { session: Session; joining?: readonly Coupon[] }[], now: string): Promise<TransactionItem[]> => {
  const outcomes = (await Promise.all(visits.map(({ session, joining = [] }) => visitOutcome(session, now, joining)))).filter((outcome) => outcome !== null);
  if (outcomes.length === 0) return [];
  const { calendar } = await loadMerchantLot(lotId);
  const asRead = new Map(outcomes.flatMap((outcome) => outcome.asRead).map((coupon) => [coupon.couponId, coupon]));
  const moves = outcomes.flatMap(({ settlement, closedBy }) => [
    ...settlement.use.map((coupon) => ({ coupon, use: true, closedBy })),
    ...settlement.unused.map((coupon) => ({ coupon, use: false, closedBy })),
  ]);
  const merchantIds = [...new Set(moves.map(({ coupon }) => coupon.merchantId))].sort();
  const perMerchant = await Promise.all(
    merchantIds.map(async (merchantId) => {
      const account = await loadAccount(await loadMerchant(merchantId));
      const mine = moves.filter(({ coupon }) => coupon.merchantId === merchantId);
      const step = settleMerchantCoupons({
        account,
        use: mine.filter((move) => move.use).map(({ coupon }) => coupon),
        unused: mine.filter((move) => !move.use).map(({ coupon }) => coupon),
        at: now,
        by: `system:visit-end:${[...new Set(mine.map(({ closedBy }) => closedBy))].join('+')}`,
        timezone: calendar.timezone,
      });
      return [...ledgerStepItems(step, account.version), ...step.coupons.flatMap((coupon) => couponTransition(asRead.get(coupon.couponId)!, coupon))];
    }),
  );
  return perMerchant.flat();
};
