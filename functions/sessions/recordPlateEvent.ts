/**
 * The writes that record one event in a plate's stream (design note: shared/sessions/index.ts,
 * adapter step 3–4): the record, the head moved on by one version (the transaction's condition),
 * and every session the projection changed. A session the projection closed without a camera
 * decision (a late entry pairing an offline exit, a missed exit, an operator close) is assessed
 * here with the fee engine so that what it owes is recorded. A new visit takes its plate's waiting
 * coupons and a closing one settles its coupons with the merchants, in the same transaction. The
 * caller adds its own items (the device answer, the lane presence) and runs the transaction.
 */
import { assessStay, diffProjections, plateEventKey, projectSessions, type Exemption, type PlateEvent, type Session } from '../../shared/sessions/index.js';
import type { Coupon } from '../../shared/fees/index.js';
import { joinedFeeCoupons, settleClosedVisits, waitingCouponsJoining } from '../merchants/couponSettlement.js';
import { tariffVersionAt } from './lotTariffs.js';
import { plateListEntriesFor } from './plateLists.js';
import { plateEventPut, plateHeadPut, type PlateStream } from './plateStreams.js';
import { loadSessionCharges, sessionChildrenMoves } from './sessionCharges.js';
import { sessionDelete, sessionUpdate, type SessionClosing } from './sessions.js';
import type { TransactionItem } from './transactWrite.js';

export const exemptionLabel = (exemption: Exemption | null): string | undefined => {
  if (exemption === null) return undefined;
  return exemption.kind === 'specialVehicle' ? `specialVehicle:${exemption.plateKind}` : `allowListed:${exemption.category}`;
};

/** What a session the projection closed on its own still owes, by the fee engine. */
const assessClosedSession = async (session: Session, joiningCoupons: readonly Coupon[]): Promise<SessionClosing> => {
  const leftAt = session.closedAt ?? session.enteredAt;
  const [{ tariff }, allowList, charges] = await Promise.all([
    tariffVersionAt(session.lotId, leftAt),
    plateListEntriesFor(session.lotId, 'allow', session.plate),
    loadSessionCharges(session.sessionId, { at: leftAt, settle: true }),
  ]);
  const coupons = [...charges.coupons, ...joiningCoupons];
  const { exemption, quote } = assessStay({ plate: session.plate, enteredAt: session.enteredAt, leftAt }, { tariff, allowList, ...charges, coupons });
  const label = exemptionLabel(exemption);
  return { owingFen: quote.due, ...(label ? { exemption: label } : {}) };
};

const sameClosure = (before: Session | undefined, after: Session): boolean =>
  before !== undefined &&
  before.status === 'closed' &&
  before.closedAt === after.closedAt &&
  before.closedBy === after.closedBy &&
  before.closedByEvent === after.closedByEvent;

export interface RecordPlateEvent {
  stream: PlateStream;
  record: PlateEvent;
  /** The closing the deciding core already worked out for the session this record closes. */
  decided?: { sessionId: string; closing: SessionClosing } | null;
  now: string;
}

export const recordPlateEventItems = async ({ stream, record, decided, now }: RecordPlateEvent): Promise<TransactionItem[]> => {
  const before = projectSessions(stream.lotId, stream.plate, stream.events);
  const alreadyRecorded = stream.events.some((event) => plateEventKey(event) === plateEventKey(record));
  const after = projectSessions(stream.lotId, stream.plate, [...stream.events, record]);
  const { upserts, removed } = diffProjections(before, after);
  const previous = new Map(before.sessions.map((session) => [session.sessionId, session]));
  const mergeTargets = new Set(removed.flatMap(({ mergedInto }) => (mergedInto === null ? [] : [mergedInto])));

  // Coupons: a new visit takes the plate's waiting coupons, a visit that closes settles its own
  // (functions/merchants/couponSettlement.ts); a visit taking over a merged one's coupons does
  // neither here (the expiry job's sweep settles it), as its partition is being rewritten.
  const joining = await waitingCouponsJoining(
    stream.lotId,
    stream.plate,
    upserts.filter((session) => !previous.has(session.sessionId) && !mergeTargets.has(session.sessionId)),
  );
  const closes = upserts.filter((session) => session.status === 'closed' && !sameClosure(previous.get(session.sessionId), session));
  const sessionItems = await Promise.all(
    upserts.map(async (session) => {
      if (!closes.includes(session)) return sessionUpdate(session, null, now);
      const closing =
        decided?.sessionId === session.sessionId ? decided.closing : await assessClosedSession(session, joinedFeeCoupons(joining, session.sessionId));
      return sessionUpdate(session, closing, now);
    }),
  );
  const couponSettlements = await settleClosedVisits(
    stream.lotId,
    closes.filter((session) => !mergeTargets.has(session.sessionId)).map((session) => ({ session, joining: joining.joined.get(session.sessionId) ?? [] })),
    now,
  );
  const removals = await Promise.all(
    removed.map(async ({ sessionId, mergedInto }) => [
      ...(mergedInto === null ? [] : await sessionChildrenMoves(sessionId, mergedInto)),
      sessionDelete(sessionId),
    ]),
  );
  return [
    ...(alreadyRecorded ? [] : [plateEventPut(stream.lotId, record, now)]),
    plateHeadPut(stream, after.open?.sessionId ?? null, now),
    ...sessionItems,
    ...joining.items,
    ...couponSettlements,
    ...removals.flat(),
  ];
};
