/**
 * The snapshot a lane device keeps for offline work: the tariff in effect and any published
 * later version (so an offline lane switches on time), the allow-list, the club's active
 * members (functions/club/laneMembers.ts) and the merchants' coupons that count at an exit
 * (functions/merchants/couponRecords.ts `laneCoupons`). Its ETag is the SHA-256 of the snapshot
 * itself, so it changes exactly when the content does (a strong ETag).
 */
import { createHash } from 'node:crypto';
import type { LaneDevice } from '../../shared/sessions/index.js';
import { laneMemberSnapshots } from '../club/laneMembers.js';
import { laneCoupons } from '../merchants/couponRecords.js';
import { tariffVersionsFrom } from '../sessions/lotTariffs.js';
import { plateList } from '../sessions/plateLists.js';

export interface DeviceConfig {
  etag: string;
  body: unknown;
}

export const deviceConfig = async (device: LaneDevice, now: Date): Promise<DeviceConfig> => {
  const [tariffs, allowList, memberships, coupons] = await Promise.all([
    tariffVersionsFrom(device.lotId, now.toISOString()),
    plateList(device.lotId, 'allow'),
    laneMemberSnapshots(device.lotId),
    laneCoupons(device.lotId, now),
  ]);
  const body = {
    lotId: device.lotId,
    laneId: device.laneId,
    direction: device.direction,
    tariffs,
    allowList: [...allowList].sort((a, b) => (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : 0)),
    memberships,
    coupons,
  };
  return { etag: `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}"`, body };
};

/** Whether an If-None-Match header names this ETag (`*` or a list; weak validators compare weakly, RFC 9110). */
export const etagMatches = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
};
