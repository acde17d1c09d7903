/**
 * The demo lot of the local stack: one mall car park with its tariff, lanes, one device per
 * lane, two merchants, the club (shared/club's demo configuration) and an allow-list. Generated
 * once (ids, the device master key and merchant passwords are random) and kept in the data directory, so every later start,
 * the lane simulator and the tests see the same lot and the same credentials.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoClubConfig, type ClubConfig } from '../../shared/club/index.js';
import { deriveDeviceSecret } from '../../shared/devices/index.js';

export type Direction = 'entry' | 'exit';

export interface DemoLane {
  laneId: string;
  name: string;
  direction: Direction;
}

export interface DemoDevice {
  deviceId: string;
  laneId: string;
  direction: Direction;
  /** The stored part of the device's credentials: its secret is derived from the master key and this. */
  secretVersion: number;
  /** The derived secret (never stored in the table): the HMAC key the device signs requests with. */
  secret: string;
}

/** An allow-listed plate (shared/sessions `plateListEntrySchema`). */
export interface DemoAllowListedPlate {
  plate: string;
  category: string;
  note?: string;
  validFrom?: string;
  validUntil?: string;
}

export interface DemoMerchant {
  merchantId: string;
  name: string;
  login: string;
  password: string;
}

export interface DemoLot {
  lotId: string;
  name: string;
  timezone: string;
  capacity: number;
  tariffEffectiveFrom: string;
  /** A tariff document as DESIGN.md "Fees" pins it. */
  tariff: unknown;
  lanes: DemoLane[];
  devices: DemoDevice[];
  merchants: DemoMerchant[];
  /** The lot's club (shared/club `clubConfigSchema`); seeded under the lot's own id. */
  club: ClubConfig;
  allowList: DemoAllowListedPlate[];
  /**
   * 32 random bytes, hex: the local stand-in for the cloud's secret (Secrets Manager) from which
   * every device secret is derived. The handlers get it as PARKADE_DEVICE_MASTER_KEY.
   */
  deviceMasterKey: string;
}

const demoFileName = 'demo-lot.json';

const saveDemoLot = (file: string, lot: DemoLot): void => {
  writeFileSync(file, `${JSON.stringify(lot, null, 2)}\n`, { mode: 0o600 });
};

/** The demo lot kept in `dataDir`, made and saved on first use. */
export const loadDemoLot = (dataDir: string): DemoLot => {
  const file = join(dataDir, demoFileName);
  if (existsSync(file)) {
    const { clubTiers: _tiers, ...stored } = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoLot> &
      Omit<DemoLot, 'deviceMasterKey' | 'allowList' | 'club'> & { clubTiers?: unknown };
    if (stored.deviceMasterKey !== undefined && stored.allowList !== undefined && stored.club !== undefined) return stored as DemoLot;
    // A lot saved before devices had derived secrets or before the club's configuration: fill in what is missing, keep the rest.
    const upgraded = withDeviceSecrets(
      { ...stored, allowList: stored.allowList ?? demoAllowList, club: stored.club ?? demoClubConfig },
      stored.deviceMasterKey ?? newMasterKey(),
    );
    saveDemoLot(file, upgraded);
    return upgraded;
  }
  const lot = generateDemoLot();
  mkdirSync(dataDir, { recursive: true });
  saveDemoLot(file, lot);
  return lot;
};

const newMasterKey = (): string => randomBytes(32).toString('hex');

/** The lot with this master key and every device's secret derived from it. */
export const withDeviceSecrets = (
  lot: Omit<DemoLot, 'deviceMasterKey' | 'devices'> & { devices: (Pick<DemoDevice, 'deviceId' | 'laneId' | 'direction'> & { secretVersion?: number })[] },
  deviceMasterKey: string,
): DemoLot => ({
  ...lot,
  deviceMasterKey,
  devices: lot.devices.map((device) => {
    const secretVersion = device.secretVersion ?? 1;
    return { ...device, secretVersion, secret: deriveDeviceSecret(deviceMasterKey, device.deviceId, secretVersion) };
  }),
});

/** A staff car of a shop, and the property's maintenance van for this year. */
const demoAllowList: DemoAllowListedPlate[] = [
  { plate: '粤B9M527', category: 'mallStaff', note: '星河咖啡馆店长' },
  {
    plate: '粤BD12580',
    category: 'permittedVehicle',
    note: '物业维修车',
    validFrom: '2026-01-01T00:00:00+08:00',
    validUntil: '2027-01-01T00:00:00+08:00',
  },
];

const dayAndNight = (day: { unitMinutes: number; unitPrice: number }, night: { unitMinutes: number; unitPrice: number; cap: number }) => [
  { from: '08:00', to: '22:00', ...day },
  { from: '22:00', to: '08:00', ...night },
];

/** DESIGN.md's example tariff; large vehicles pay double, new-energy cars get 30 free minutes and lower prices. */
export const demoTariff = {
  timezone: 'Asia/Shanghai',
  exitGraceMinutes: 15,
  schedules: {
    default: {
      freeMinutes: 15,
      freeMinutesDeducted: false,
      first: { minutes: 60, price: 500 },
      bands: dayAndNight({ unitMinutes: 30, unitPrice: 200 }, { unitMinutes: 60, unitPrice: 100, cap: 1000 }),
      dailyCap: 5000,
      capWindow: 'calendarDay',
    },
    large: {
      freeMinutes: 15,
      freeMinutesDeducted: false,
      first: { minutes: 60, price: 1000 },
      bands: dayAndNight({ unitMinutes: 30, unitPrice: 400 }, { unitMinutes: 60, unitPrice: 200, cap: 2000 }),
      dailyCap: 10000,
      capWindow: 'calendarDay',
    },
    newEnergy: {
      freeMinutes: 30,
      freeMinutesDeducted: false,
      first: { minutes: 60, price: 300 },
      bands: dayAndNight({ unitMinutes: 30, unitPrice: 100 }, { unitMinutes: 60, unitPrice: 50, cap: 500 }),
      dailyCap: 3000,
      capWindow: 'calendarDay',
    },
  },
};

const shortId = () => randomBytes(4).toString('hex');
const password = () => randomBytes(9).toString('base64url');

export const generateDemoLot = (): DemoLot => {
  const lanes: DemoLane[] = [
    { laneId: 'lane-east-in', name: '东门入口', direction: 'entry' },
    { laneId: 'lane-west-in', name: '西门入口', direction: 'entry' },
    { laneId: 'lane-east-out', name: '东门出口', direction: 'exit' },
    { laneId: 'lane-west-out', name: '西门出口', direction: 'exit' },
  ];
  return withDeviceSecrets({
    lotId: 'lot-demo',
    name: '星河购物中心停车场',
    timezone: 'Asia/Shanghai',
    capacity: 800,
    tariffEffectiveFrom: '2025-01-01T00:00:00.000Z',
    tariff: demoTariff,
    lanes,
    devices: lanes.map((lane) => ({ deviceId: `dev-${shortId()}`, laneId: lane.laneId, direction: lane.direction })),
    merchants: [
      { merchantId: `mch-${shortId()}`, name: '星河咖啡馆', login: 'xinghe-cafe', password: password() },
      { merchantId: `mch-${shortId()}`, name: '川味小馆', login: 'chuanwei-kitchen', password: password() },
    ],
    club: demoClubConfig,
    allowList: demoAllowList,
  }, newMasterKey());
};
