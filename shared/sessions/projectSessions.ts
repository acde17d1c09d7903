import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { instantSchema, laneIdSchema } from './laneEvent.js';

/*
 * A plate's sessions in a lot are a projection of that plate's recorded events (design note in
 * ./index.ts). The projection depends only on the SET of events: it sorts them into one
 * canonical order and folds, so any arrival order, and any number of copies, give one result.
 */

/** Two entry reads of one plate this close together are one car read twice, not two visits. */
export const duplicateReadWindowSeconds = 120;

export const closedByValues = ['camera', 'offline', 'operator', 'missedExit'] as const;
export type ClosedBy = (typeof closedByValues)[number];

const entryRecordSchema = z.object({
  kind: z.literal('entry'),
  eventId: laneIdSchema,
  laneId: laneIdSchema,
  /** The plate whose stream holds the record (normalised). */
  plate: z.string().min(1),
  at: instantSchema,
  source: z.enum(['online', 'offline']),
});

const exitRecordSchema = z.object({
  kind: z.literal('exit'),
  eventId: laneIdSchema,
  laneId: laneIdSchema,
  plate: z.string().min(1),
  /** What the camera read when it differs from `plate` (a misread matched to this plate). */
  readPlate: z.string().nullable(),
  at: instantSchema,
  /** Who let the car out: the camera's own decision (or a payment at the lane), an offline device, staff. */
  closedBy: z.enum(['camera', 'offline', 'operator']),
});

const operatorCloseRecordSchema = z.object({
  kind: z.literal('operatorClose'),
  /** The audit entry's id: one operator action, one record. */
  eventId: laneIdSchema,
  plate: z.string().min(1),
  sessionId: z.string(),
  at: instantSchema,
});

/** What the adapter stores in a plate's event stream (and parses back when reading it). */
export const plateEventSchema = z.discriminatedUnion('kind', [entryRecordSchema, exitRecordSchema, operatorCloseRecordSchema]);

export type EntryRecord = z.infer<typeof entryRecordSchema>;
export type ExitRecord = z.infer<typeof exitRecordSchema>;
export type OperatorCloseRecord = z.infer<typeof operatorCloseRecordSchema>;
export type PlateEvent = z.infer<typeof plateEventSchema>;

export const sessionSchema = z.object({
  sessionId: z.string(),
  lotId: z.string(),
  plate: z.string(),
  status: z.enum(['open', 'closed']),
  enteredAt: instantSchema,
  entry: z.object({ eventId: z.string(), laneId: z.string(), source: z.enum(['online', 'offline']) }),
  /** When the session ended: the car left, staff closed it, or (missedExit) the plate entered again. */
  closedAt: instantSchema.optional(),
  closedBy: z.enum(closedByValues).optional(),
  /** The record that closed it: an exit read, an operator close, or the next entry (missedExit). */
  closedByEvent: z.string().optional(),
  /** Keys (`plateEventKey`) of further reads absorbed as duplicates of the entry or the exit. */
  duplicateReads: z.array(z.string()),
});

export type Session = z.infer<typeof sessionSchema>;

export interface PlateProjection {
  lotId: string;
  plate: string;
  /** In entry order. */
  sessions: Session[];
  /** The open session, if any; never more than one. */
  open: Session | null;
  /** Exits with no session entered at or before them: they wait for a late entry. */
  unmatchedExits: ExitRecord[];
  /** Operator closes of a session that was no longer open at that time (a real exit came first). */
  staleCloses: OperatorCloseRecord[];
}

/** One event's identity in a plate's stream; the same device event again has the same key. */
export const plateEventKey = (event: PlateEvent): string =>
  event.kind === 'operatorClose' ? `operatorClose/${event.eventId}` : `${event.kind}/${event.laneId}/${event.eventId}`;

/** The key of the entry read that opened a session. */
export const sessionEntryKey = (session: Session): string => `entry/${session.entry.laneId}/${session.entry.eventId}`;

/**
 * A session's id: its lot, entry lane and entry event id, so it is the same whatever order
 * events arrive in, and readable in the console (`lot-demo.lane-east-in.e-0001`).
 */
export const sessionIdFor = (lotId: string, entry: Pick<EntryRecord, 'laneId' | 'eventId'>): string => {
  if (!laneIdSchema.safeParse(lotId).success) {
    throw new DomainError('VALIDATION_FAILED', 'lotId must be 1–64 letters, digits, "-" or "_"', { lotId });
  }
  return `${lotId}.${entry.laneId}.${entry.eventId}`;
};

const kindRank: Record<PlateEvent['kind'], number> = { entry: 0, exit: 1, operatorClose: 2 };

const instant = (iso: string): number => Date.parse(iso);

/** The canonical order: time, then entries before exits (an exit pairs with an entry at or before it), then ids. */
const compareEvents = (a: PlateEvent, b: PlateEvent): number =>
  instant(a.at) - instant(b.at) ||
  kindRank[a.kind] - kindRank[b.kind] ||
  (plateEventKey(a) < plateEventKey(b) ? -1 : plateEventKey(a) > plateEventKey(b) ? 1 : 0) ||
  (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

/** The events once each, in canonical order (copies of one key keep the first in that order). */
export const canonicalEvents = (events: readonly PlateEvent[]): PlateEvent[] => {
  const seen = new Set<string>();
  return [...events].sort(compareEvents).filter((event) => {
    const key = plateEventKey(event);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const withinDuplicateWindow = (from: string, to: string): boolean =>
  instant(to) - instant(from) <= duplicateReadWindowSeconds * 1000;

/** Folds a plate's events (any order, copies allowed) into its sessions. */
export const projectSessions = (lotId: string, plate: string, events: readonly PlateEvent[]): PlateProjection => {
  const sessions: Session[] = [];
  const unmatchedExits: ExitRecord[] = [];
  const staleCloses: OperatorCloseRecord[] = [];
  let open: Session | null = null;
  let lastLeft: Session | null = null;

  const close = (session: Session, at: string, closedBy: ClosedBy, closedByEvent: string): void => {
    Object.assign(session, { status: 'closed', closedAt: at, closedBy, closedByEvent });
  };

  for (const event of canonicalEvents(events)) {
    const key = plateEventKey(event);
    if (event.kind === 'entry') {
      if (open !== null && withinDuplicateWindow(open.enteredAt, event.at)) {
        open.duplicateReads.push(key);
        continue;
      }
      // A second visit while the first never saw an exit: close it visibly, its fee still owed.
      if (open !== null) close(open, event.at, 'missedExit', key);
      open = {
        sessionId: sessionIdFor(lotId, event),
        lotId,
        plate,
        status: 'open',
        enteredAt: event.at,
        entry: { eventId: event.eventId, laneId: event.laneId, source: event.source },
        duplicateReads: [],
      };
      sessions.push(open);
    } else if (event.kind === 'exit') {
      if (open !== null) {
        close(open, event.at, event.closedBy, key);
        lastLeft = open;
        open = null;
      } else if (lastLeft !== null && withinDuplicateWindow(lastLeft.closedAt ?? lastLeft.enteredAt, event.at)) {
        lastLeft.duplicateReads.push(key);
      } else {
        unmatchedExits.push(event);
      }
    } else if (open !== null && open.sessionId === event.sessionId) {
      close(open, event.at, 'operator', key);
      lastLeft = open;
      open = null;
    } else {
      staleCloses.push(event);
    }
  }
  return { lotId, plate, sessions, open, unmatchedExits, staleCloses };
};

/** Where one event landed in a projection. */
export type EventPlacement =
  | { role: 'opened' | 'closed' | 'duplicate'; session: Session }
  | { role: 'unmatched' | 'stale' | 'absent'; session: null };

export const placeEvent = (projection: PlateProjection, event: PlateEvent): EventPlacement => {
  const key = plateEventKey(event);
  for (const session of projection.sessions) {
    if (sessionEntryKey(session) === key) return { role: 'opened', session };
    if (session.closedByEvent === key && session.closedBy !== 'missedExit') return { role: 'closed', session };
    if (session.duplicateReads.includes(key)) return { role: 'duplicate', session };
  }
  if (projection.unmatchedExits.some((exit) => plateEventKey(exit) === key)) return { role: 'unmatched', session: null };
  if (projection.staleCloses.some((closeRecord) => plateEventKey(closeRecord) === key)) return { role: 'stale', session: null };
  return { role: 'absent', session: null };
};

export interface SessionChanges {
  /** Sessions that are new or differ: write these. */
  upserts: Session[];
  /** Sessions that no longer exist, and the session that absorbed their entry read, if any. */
  removed: { sessionId: string; mergedInto: string | null }[];
}

/**
 * What the adapter writes after appending events: a session can change (closed, reopened when a
 * late exit moves), and rarely disappear (a late, earlier read of the same entry takes its place).
 */
export const diffProjections = (before: PlateProjection, after: PlateProjection): SessionChanges => {
  const previous = new Map(before.sessions.map((session) => [session.sessionId, session]));
  const current = new Set(after.sessions.map((session) => session.sessionId));
  const upserts = after.sessions.filter((session) => {
    const old = previous.get(session.sessionId);
    return old === undefined || JSON.stringify(old) !== JSON.stringify(session);
  });
  const removed = before.sessions
    .filter((session) => !current.has(session.sessionId))
    .map((session) => {
      const absorbing = after.sessions.find((candidate) => candidate.duplicateReads.includes(sessionEntryKey(session)));
      return { sessionId: session.sessionId, mergedInto: absorbing?.sessionId ?? null };
    });
  return { upserts, removed };
};
