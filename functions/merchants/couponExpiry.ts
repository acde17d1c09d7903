/**
 * The coupon expiry job of a lot (scheduled; functions/schedules/scheduledJob.ts):
 * - waiting coupons whose deadline passed at least `offlineGraceMinutes` ago are released
 *   (`releaseHold`, cause `expired`): the grace lets an offline lane's backlog, whose car entered
 *   before the deadline, attach the coupon first;
 * - attached coupons of visits that have closed (a close that could not settle them, such as a
 *   visit that took over a merged one's coupons) are settled as a close would
 *   (`settleClosedVisits`).
 * Both read the lot's open coupons from the sparse gsi2 set and write each change conditional on
 * the coupon's status and the account's version, so a re-run, an overlap with the previous run
 * or a race with an exit or a revocation changes nothing twice.
 */
import { releaseHold } from '../../shared/merchants/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import { sessionSchema, type Session } from '../../shared/sessions/index.js';
import type { JobSummary, LotJob } from '../schedules/scheduledJob.js';
import { sessionKey } from '../sessions/sessions.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { openCouponsOfLot } from './couponRecords.js';
import { settleClosedVisits } from './couponSettlement.js';
import { backOff, commitCouponMovement, lostRace, maxAttempts } from './ledgerWrites.js';
import { getItem } from './merchantRecords.js';

/** How long after its deadline a waiting coupon is released. */
export const offlineGraceMinutes = 60;

const expireWaitingCoupons = async (lotId: string, now: Date): Promise<{ expired: number; alreadyEnded: number }> => {
  const cutoff = new Date(now.getTime() - offlineGraceMinutes * 60_000);
  const due = await openCouponsOfLot(lotId, 'waiting', cutoff);
  let expired = 0;
  for (const { couponId } of due) {
    const { step } = await commitCouponMovement(couponId, (coupon, account, timezone) =>
      coupon.status === 'waiting' && Date.parse(coupon.expiresAt) <= cutoff.getTime()
        ? releaseHold({ account, coupon, cause: 'expired', at: now.toISOString(), by: 'system:coupon-expiry', timezone })
        : null,
    );
    if (step !== null) expired += 1;
  }
  return { expired, alreadyEnded: due.length - expired };
};

/** Settles one closed visit's coupons in a transaction of its own; false when it had none left. */
const settleVisit = async (session: Session, now: Date): Promise<boolean> => {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const items = await settleClosedVisits(session.lotId, [{ session }], now.toISOString());
    if (items.length === 0) return false;
    const outcome = await transactWrite(items);
    if (outcome.committed) return true;
    if (!lostRace(outcome.reasons)) throw new Error(`Coupon settlement cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  return false;
};

const settleClosedVisitsOfLot = async (lotId: string, now: Date): Promise<number> => {
  const attached = await openCouponsOfLot(lotId, 'attached');
  let settled = 0;
  for (const sessionId of new Set(attached.flatMap((coupon) => (coupon.sessionId === null ? [] : [coupon.sessionId])))) {
    const item = await getItem(sessionKey(sessionId));
    if (item === undefined) continue;
    const session = parseOrThrow(sessionSchema, item, `session ${sessionId}`);
    if (session.status === 'closed' && (await settleVisit(session, now))) settled += 1;
  }
  return settled;
};

export const expireCoupons: LotJob = async (lotId: string, now: Date): Promise<JobSummary> => {
  const { expired, alreadyEnded } = await expireWaitingCoupons(lotId, now);
  const visitsSettled = await settleClosedVisitsOfLot(lotId, now);
  return { couponsExpired: expired, couponsAlreadyEnded: alreadyEnded, visitsSettled };
};
