/**
 * `.data/local.json`, the local stack's address book for tools and tests (DESIGN.md "Local
 * stack" pins its shape): where the API and the app are, the demo lot, its devices and merchants.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoLot, Direction } from './demoLot.js';

export interface LocalJson {
  apiUrl: string;
  appUrl: string;
  lotId: string;
  tariff: unknown;
  devices: { deviceId: string; secret: string; laneId: string; direction: Direction }[];
  merchants: { merchantId: string; login: string; password: string }[];
}

export const localJsonFileName = 'local.json';

export const localJsonOf = (lot: DemoLot, apiUrl: string): LocalJson => ({
  apiUrl,
  appUrl: `${apiUrl}/app/`,
  lotId: lot.lotId,
  tariff: lot.tariff,
  devices: lot.devices.map(({ deviceId, secret, laneId, direction }) => ({ deviceId, secret, laneId, direction })),
  merchants: lot.merchants.map(({ merchantId, login, password }) => ({ merchantId, login, password })),
});

/** Written whole or not at all, so a reader polling for the file never sees half of it. */
export const writeLocalJson = (dataDir: string, content: LocalJson): string => {
  const file = join(dataDir, localJsonFileName);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return file;
};
