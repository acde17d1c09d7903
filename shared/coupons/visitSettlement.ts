import { DomainError } from '../errors/index.js';
import { assessStay, type Session, type StayTerms } from '../sessions/index.js';
import { newestGrantFirst, toFeeCoupons, type Coupon } from './coupon.js';

/** What becomes of a closed visit's attached coupons (docs/decisions/0007). */
export interface VisitSettlement {
  /** They lowered the fee: captured (`captureOnUse`). */
  use: Coupon[];
  /** Without them the fee is the same: released (`releaseHold`, cause `unused`). */
  unused: Coupon[];
}

/**
 * Settles the coupons of a visit that has closed. The driver was charged the net fee with every
 * coupon counted; a merchant is charged only for a coupon the fee needed. Newest grant first,
 * a coupon whose removal leaves the net fee where it is did nothing for the driver and is
 * dropped; the rest are used. So the coupons used give exactly the fee the driver was charged,
 * and a merchant whose coupon another one made redundant (or a stay free anyway, an exempt car)
 * pays nothing. Coupons the visit has already used stay counted. `terms` are the stay's tariff,
 * allow-list, payments and member benefits, as at its exit.
 */
export const settleVisitCoupons = ({
  coupons,
  session,
  terms,
}: {
  coupons: readonly Coupon[];
  session: Pick<Session, 'sessionId' | 'plate' | 'enteredAt' | 'closedAt'>;
  terms: Omit<StayTerms, 'coupons'>;
}): VisitSettlement => {
  const { closedAt } = session;
  if (closedAt === undefined) {
    throw new DomainError('VALIDATION_FAILED', `Session ${session.sessionId} is still open; its coupons settle when it closes`, { sessionId: session.sessionId });
  }
  const ofVisit = coupons.filter((coupon) => coupon.sessionId === session.sessionId);
  const used = ofVisit.filter((coupon) => coupon.status === 'used');
  const netFeeWith = (counted: readonly Coupon[]): number =>
    assessStay({ plate: session.plate, enteredAt: session.enteredAt, leftAt: closedAt }, { ...terms, coupons: toFeeCoupons(counted) }).quote.netFee;

  let kept = ofVisit.filter((coupon) => coupon.status === 'attached');
  const unused: Coupon[] = [];
  const net = netFeeWith([...used, ...kept]);
  for (const coupon of [...kept].sort(newestGrantFirst)) {
    const without = kept.filter((other) => other !== coupon);
    if (netFeeWith([...used, ...without]) === net) {
      kept = without;
      unused.push(coupon);
    }
  }
  return { use: kept, unused };
};
