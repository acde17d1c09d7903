import type { LanePresence } from '../sessions/index.js';

/*
 * A payment lets the car out when that car is the one waiting at an exit lane (journey 2): the
 * lane's presence names the session. A car without a plate waits with no session named; its
 * driver's payment names the lane (the exit-lane code they scanned) and their temporary-plate
 * session (journey 3), and that claims the lane.
 */

export interface PaidSession {
  sessionId: string;
  plate: string;
  /** The exit lane whose code the driver scanned to pay, if any. */
  laneId?: string;
}

/** The presence to release for this payment (with the session filled in for a no-plate car), or null. */
export const presenceReleasedBy = (presence: LanePresence, paid: PaidSession): LanePresence | null => {
  if (presence.sessionId === paid.sessionId) return presence;
  const noPlateCar = presence.readPlate === null && presence.sessionId === null && presence.candidates.length === 0;
  if (noPlateCar && paid.laneId === presence.laneId) return { ...presence, plate: paid.plate, sessionId: paid.sessionId };
  return null;
};
