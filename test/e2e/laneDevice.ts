/**
 * A car at the demo lot's lanes, sent exactly as the lane simulator (scripts/sim) sends it: a
 * signed device event, answered with the lane's decision.
 */
import { randomBytes } from 'node:crypto';
import { formatInstant } from '../../shared/fees/index.js';
import { laneDecisionSchema, type DeviceEvent, type LaneDecision } from '../../shared/sessions/index.js';
import type { LocalJson } from '../../scripts/local/localJson.js';
import { deviceFetch } from '../../scripts/sim/deviceClient.js';

export const driveThrough = async (local: LocalJson, type: 'entry' | 'exit', plate: string, at: Date): Promise<LaneDecision> => {
  const device = local.devices.find((candidate) => candidate.direction === type);
  if (device === undefined) throw new Error(`The demo lot has no ${type} lane`);
  const event: DeviceEvent = {
    eventId: `e2e-${at.getTime().toString(36)}-${randomBytes(3).toString('hex')}`,
    laneId: device.laneId,
    type,
    plate,
    at: formatInstant(Math.floor(at.getTime() / 1000) * 1000, 'Asia/Shanghai'),
  };
  const response = await deviceFetch(local.apiUrl, device, { method: 'POST', path: '/device/events', body: event });
  const text = await response.text();
  if (!response.ok) throw new Error(`The ${type} lane refused the event: HTTP ${response.status} ${text}`);
  return laneDecisionSchema.parse(JSON.parse(text));
};
