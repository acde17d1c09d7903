/**
 * The `recordOccupancy` job: the cars parked in a lot now (its open sessions, the eight shards of
 * the open-sessions index), as the `Occupancy` gauge of the lot's dashboard. Every few minutes
 * rather than per lane event: one count per lot instead of eight queries per car.
 */
import type { LotJob } from '../schedules/scheduledJob.js';
import { openSessionPlates } from '../sessions/sessions.js';
import { recordOccupancy } from './parkadeMetrics.js';

export const recordLotOccupancy: LotJob = async (lotId) => {
  const occupied = (await openSessionPlates(lotId)).length;
  recordOccupancy(lotId, occupied);
  return { occupied };
};
