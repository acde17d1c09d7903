/**
 * A car at the demo lot's lanes, sent exactly as the lane simulator (scripts/sim) sends it: a
 * signed device event, answered with the lane's decision.
 */
import { randomBytes } from 'node:crypto';
import { formatInstant } from '../../shared/fees/index.js';
import { laneDecisionSchema, type DeviceEvent, type LaneDecision } from '../../shared/sessions/index.js';
import type { LocalJson } from '../../scripts/local/localJson.js';
import { deviceFetch } from '../../scripts/sim/deviceClient.js';

/** The demo lot's first lane device of a direction. */
export const laneDeviceOf = (local: LocalJson, direction: 'entry' | 'exit'): LocalJson['devices'][number] => {
  const device = local.devices.find((candidate) => candidate.direction === direction);
  if (device === undefined) throw new Error(`The demo lot has no ${direction} lane`);
  return device;
};

/** A car seen by the first lane of a direction; `plate` null is a car the camera read no plate on. */
export const driveThrough = async (local: LocalJson, type: 'entry' | 'exit', plate: string | null, at: Date): Promise<LaneDecision> => {
  const device = laneDeviceOf(local, type);
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

/** A barrier command as the lane device polls it (functions/commands). */
export interface PolledCommand {
  commandId: string;
  laneId: string;
  kind: string;
  reason?: string;
  sessionId?: string;
}

/** The commands waiting for the first lane of a direction, as its device polls them. */
export const laneCommands = async (local: LocalJson, direction: 'entry' | 'exit'): Promise<PolledCommand[]> => {
  const response = await deviceFetch(local.apiUrl, laneDeviceOf(local, direction), { method: 'GET', path: '/device/commands' });
  if (!response.ok) throw new Error(`GET /device/commands: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { commands: PolledCommand[] }).commands;
};
