import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { classifyPlate, normalizePlate } from '../plates/index.js';
import { instantSchema, laneIdSchema } from './laneEvent.js';
import { releaseLane, type LanePresence } from './lanePresence.js';
import {
  canonicalEvents,
  plateEventKey,
  projectSessions,
  sessionEntryKey,
  type ExitRecord,
  type OperatorCloseRecord,
  type PlateEvent,
  type Session,
} from './projectSessions.js';

/*
 * What car-park staff may do by hand, with the rules that go with it. Every action yields an
 * audit entry (who, when, what, why); the adapter stores it beside its effect in one transaction.
 */

export const auditEntrySchema = z.object({
  /** The action's id (the adapter's, e.g. a ULID); also the id of any record it appends. */
  actionId: laneIdSchema,
  who: z.string().min(1),
  when: instantSchema,
  action: z.enum(['openBarrier', 'correctPlate', 'closeSession']),
  reason: z.string().min(1),
  lotId: z.string(),
  laneId: z.string().optional(),
  sessionId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;

export interface OperatorAct {
  actionId: string;
  lotId: string;
  who: string;
  at: string;
  reason: string;
}

const maxReasonLength = 200;

const requireReason = (reason: string): string => {
  const trimmed = reason.trim();
  if (trimmed === '' || trimmed.length > maxReasonLength) {
    throw new DomainError('VALIDATION_FAILED', `A reason (1–${maxReasonLength} characters) is required`, {
      issues: [{ path: 'reason', message: 'required' }],
    });
  }
  return trimmed;
};

const auditOf = (act: OperatorAct, action: AuditEntry['action'], extra: Partial<AuditEntry>): AuditEntry => ({
  actionId: act.actionId,
  who: act.who,
  when: act.at,
  action,
  reason: requireReason(act.reason),
  lotId: act.lotId,
  ...extra,
});

/**
 * Staff open a barrier by hand. When the lane's presence names a session, the car leaves through
 * it: the exit is recorded as closed by an operator (the fee, if any, stays owed on the session).
 */
export const openBarrierByHand = (
  act: OperatorAct & { laneId: string; presence: LanePresence | null },
): { audit: AuditEntry; record: ExitRecord | null } => {
  const presence = act.presence?.laneId === act.laneId ? act.presence : null;
  return {
    audit: auditOf(act, 'openBarrier', {
      laneId: act.laneId,
      ...(presence?.sessionId ? { sessionId: presence.sessionId } : {}),
      ...(presence ? { details: { readPlate: presence.readPlate, due: presence.due } } : {}),
    }),
    record: presence ? releaseLane(presence, 'operator') : null,
  };
};

/** Staff close a session whose car is long gone (abandoned, or its exit was never seen). */
export const closeAbandonedSession = (
  act: OperatorAct & { session: Session },
): { audit: AuditEntry; record: OperatorCloseRecord } => {
  if (act.session.status !== 'open') {
    throw new DomainError('CONFLICT', `Session ${act.session.sessionId} is already closed`, { sessionId: act.session.sessionId });
  }
  if (Date.parse(act.at) < Date.parse(act.session.enteredAt)) {
    throw new DomainError('VALIDATION_FAILED', 'A session cannot close before it opened', { at: act.at, enteredAt: act.session.enteredAt });
  }
  return {
    audit: auditOf(act, 'closeSession', { sessionId: act.session.sessionId }),
    record: { kind: 'operatorClose', eventId: act.actionId, plate: act.session.plate, sessionId: act.session.sessionId, at: act.at },
  };
};

export interface PlateCorrection {
  audit: AuditEntry;
  /** Delete these from the old plate's stream… */
  remove: PlateEvent[];
  /** …and append these to the new plate's stream, in one transaction with both plates' versions. */
  add: PlateEvent[];
}

const overlaps = (a: Session, b: Session): boolean => {
  const end = (session: Session): number => (session.closedAt ? Date.parse(session.closedAt) : Number.POSITIVE_INFINITY);
  return Date.parse(a.enteredAt) < end(b) && Date.parse(b.enteredAt) < end(a);
};

/**
 * Staff correct a misread plate: the session's events move to the right plate's stream, keeping
 * the session id (it comes from the entry event). The new plate must be valid and must not
 * already be inside the car park at the same time.
 */
export const correctSessionPlate = (
  act: OperatorAct & {
    session: Session;
    /** The old plate's stream (holding the session's events). */
    history: readonly PlateEvent[];
    newPlate: string;
    /** The new plate's stream. */
    newPlateHistory: readonly PlateEvent[];
  },
): PlateCorrection => {
  const { session } = act;
  const newPlate = normalizePlate(act.newPlate);
  if (classifyPlate(newPlate) === null) {
    throw new DomainError('VALIDATION_FAILED', `${act.newPlate} is not a valid plate`, {
      issues: [{ path: 'newPlate', message: 'must be a Chinese licence plate such as 粤B12345' }],
    });
  }
  if (newPlate === session.plate) {
    throw new DomainError('VALIDATION_FAILED', 'The new plate is the plate the session already has', { plate: newPlate });
  }
  const entryKey = sessionEntryKey(session);
  const keys = new Set([
    entryKey,
    ...session.duplicateReads,
    ...(session.closedByEvent && session.closedBy !== 'missedExit' ? [session.closedByEvent] : []),
  ]);
  const remove = canonicalEvents(act.history).filter((event) => keys.has(plateEventKey(event)));
  if (!remove.some((event) => plateEventKey(event) === entryKey)) {
    throw new DomainError('CONFLICT', `Session ${session.sessionId} is not in ${session.plate}'s events`, { sessionId: session.sessionId });
  }
  const clash = projectSessions(session.lotId, newPlate, act.newPlateHistory).sessions.find((other) => overlaps(other, session));
  if (clash) {
    throw new DomainError('CONFLICT', `${newPlate} already has a session at that time`, {
      sessionId: session.sessionId,
      conflictingSessionId: clash.sessionId,
    });
  }
  const add = remove.map((event): PlateEvent => {
    if (event.kind !== 'exit') return { ...event, plate: newPlate };
    // The camera's read is kept: it explains the correction.
    return { ...event, plate: newPlate, readPlate: event.readPlate ?? session.plate };
  });
  return {
    audit: auditOf(act, 'correctPlate', { sessionId: session.sessionId, details: { from: session.plate, to: newPlate } }),
    remove,
    add,
  };
};
