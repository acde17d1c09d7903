/**
 * The simulator's offline backlog: events a device let through while "offline", kept per device
 * in a JSON file until `flush` uploads them as one batch.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DeviceEvent } from '../../shared/sessions/index.js';

export type Backlog = Record<string, DeviceEvent[]>;

export const readBacklog = (file: string): Backlog => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Backlog) : {});

export const writeBacklog = (file: string, backlog: Backlog): void => {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(backlog, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
};

export const queueEvent = (file: string, deviceId: string, event: DeviceEvent): number => {
  const backlog = readBacklog(file);
  backlog[deviceId] = [...(backlog[deviceId] ?? []), event];
  writeBacklog(file, backlog);
  return backlog[deviceId].length;
};
