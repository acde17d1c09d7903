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

/** What a driver's free departure answers (`POST /lots/{lotId}/lanes/{laneId}/departure`). */
export interface LaneDeparture {
  sessionId: string;
  plate: string;
  laneId: string;
  /** The camera's read at the barrier: the visit's end. */
  leftAt: string;
  barrier: 'open';
}

/** The driver's own cars that could be the one at the lane: their no-plate car, and their bound plates' open visits. */
export interface DepartingDriver {
  temporary: PaidSession | null;
  bound: readonly PaidSession[];
}

/**
 * The presence a driver's free departure releases (nothing due; DESIGN.md journey 3 and the
 * exit-lane code), with the session filled in, or null. Only the driver's own car: the one the
 * lane names when it is theirs (a bound plate, their temporary plate), their no-plate car at a
 * lane that read no plate, or, after an ambiguous read, the one candidate that is a plate they bound.
 */
export const presenceLeftBy = (presence: LanePresence, driver: DepartingDriver): LanePresence | null => {
  if (presence.sessionId !== null) {
    const mine = [...(driver.temporary ? [driver.temporary] : []), ...driver.bound];
    return mine.some((car) => car.sessionId === presence.sessionId) ? presence : null;
  }
  if (driver.temporary !== null) {
    const released = presenceReleasedBy(presence, { ...driver.temporary, laneId: presence.laneId });
    if (released !== null) return released;
  }
  const mine = driver.bound.filter((car) => presence.candidates.includes(car.plate));
  return mine.length === 1 ? { ...presence, plate: mine[0]!.plate, sessionId: mine[0]!.sessionId } : null;
};
