import type { LaneDeparture } from '@shared/drivers/lanePayment.js';
import { driverRequest } from '../auth/driverLogin.js';
import type { DriverQuote } from './driverPayments.js';

/** Exit-lane code: the car waiting at the lane (or the driver's no-plate car) and its fee; no typing. */
export const fetchLaneVehicle = (lotId: string, laneId: string): Promise<DriverQuote & { laneId: string }> =>
  driverRequest<DriverQuote & { laneId: string }>('GET', `/lots/${encodeURIComponent(lotId)}/lanes/${encodeURIComponent(laneId)}/vehicle`);

export type { LaneDeparture };

/**
 * Exit-lane code with nothing due (free minutes, paid, coupons): the driver's car leaves and the
 * barrier opens. Refused with `feeDue` and the quote when something is due; the same
 * `attemptKey` leaves once.
 */
export const leaveThroughLane = (lotId: string, laneId: string, attemptKey: string): Promise<LaneDeparture> =>
  driverRequest<LaneDeparture>('POST', `/lots/${encodeURIComponent(lotId)}/lanes/${encodeURIComponent(laneId)}/departure`, { headers: { 'idempotency-key': attemptKey } });

export interface NoPlateEntry {
  sessionId: string;
  /** The temporary plate (临…) the car carries in the system until it leaves. */
  plate: string;
  enteredAt: string;
  barrier: 'open';
}

/** Entry-lane code: a temporary plate for a car without one; the barrier opens. Scanning again answers the same entry. */
export const enterWithoutPlate = (lotId: string, laneId: string): Promise<NoPlateEntry> =>
  driverRequest<NoPlateEntry>('POST', `/lots/${encodeURIComponent(lotId)}/lanes/${encodeURIComponent(laneId)}/no-plate-entry`);
