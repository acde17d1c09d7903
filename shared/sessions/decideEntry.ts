import type { DeviceEvent, LaneDecision, LaneMode } from './laneEvent.js';
import { laneDisplay } from './laneDisplay.js';
import { findListedPlate, type PlateListEntry } from './plateList.js';
import { placeEvent, plateEventKey, projectSessions, type EntryRecord, type PlateEvent, type Session } from './projectSessions.js';

export interface EntryInput {
  lotId: string;
  /** A validated `entry` event (deviceEventSchema). */
  event: DeviceEvent;
  mode: LaneMode;
  /** The read plate's recorded events in this lot (empty for a no-plate car). */
  history: readonly PlateEvent[];
  denyList?: readonly PlateListEntry[];
}

export interface EntryOutcome {
  decision: LaneDecision;
  /** Append to the plate's stream (null: the car did not come in, or has no plate to file it under). */
  record: EntryRecord | null;
  /** The session the car is in after this entry (the same one for a duplicate read). */
  session: Session | null;
  /** The earlier session this entry closed as `missedExit`, for staff to review. */
  missedExit: Session | null;
}

/**
 * The entry barrier's answer. A duplicate read gets the same session; a no-plate car is sent to
 * the entry-lane code; a deny-listed plate is refused while online. Offline, the device already
 * let the car in, so the entry is recorded whatever the lists say.
 */
export const decideEntry = ({ lotId, event, mode, history, denyList = [] }: EntryInput): EntryOutcome => {
  const { plate } = event;
  if (plate === null) {
    const display = mode === 'online' ? laneDisplay.noPlateEntry() : laneDisplay.noPlateWelcome();
    return { decision: { decision: mode === 'online' ? 'deny' : 'open', display }, record: null, session: null, missedExit: null };
  }
  if (mode === 'online' && findListedPlate(plate, event.at, denyList) !== undefined) {
    return { decision: { decision: 'deny', display: laneDisplay.entryRefused(plate) }, record: null, session: null, missedExit: null };
  }

  const record: EntryRecord = { kind: 'entry', eventId: event.eventId, laneId: event.laneId, plate, at: event.at, source: mode };
  const projection = projectSessions(lotId, plate, [...history, record]);
  const placement = placeEvent(projection, record);
  const session = placement.session;
  const missedExit =
    placement.role === 'opened'
      ? (projection.sessions.find((earlier) => earlier.closedBy === 'missedExit' && earlier.closedByEvent === plateEventKey(record)) ?? null)
      : null;
  return {
    decision: { decision: 'open', ...(session ? { sessionId: session.sessionId } : {}), display: laneDisplay.welcome(plate) },
    record,
    session,
    missedExit,
  };
};
