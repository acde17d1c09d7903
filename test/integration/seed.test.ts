import { QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { scryptSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clubConfigSchema, demoClubConfig } from '../../shared/club/index.js';
import { deriveDeviceSecret } from '../../shared/devices/index.js';
import { generateDemoLot, loadDemoLot, type DemoLot } from '../../scripts/local/demoLot.js';
import { localJsonOf } from '../../scripts/local/localJson.js';
import { seedDemoLot } from '../../scripts/local/seedDemoLot.js';
import { useLocalDynamoDb } from './localStack.js';

const { documents, tableName } = useLocalDynamoDb();

// Each test seeds its own lot (ids, logins), so tests sharing the run's table never see each other's items.
const lotNamed = (lotId: string): DemoLot => {
  const lot = generateDemoLot();
  return { ...lot, lotId, merchants: lot.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })) };
};

const itemsOf = async (lot: DemoLot) => {
  const lotItems = await documents.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `LOT#${lot.lotId}` } }),
  );
  const single = async (pk: string, sk: string) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;
  return {
    lot: lotItems.Items ?? [],
    devices: await Promise.all(lot.devices.map((device) => single(`DEVICE#${device.deviceId}`, 'DEVICE'))),
    merchants: await Promise.all(lot.merchants.map((merchant) => single(`MERCHANT#${merchant.merchantId}`, 'MERCHANT'))),
    logins: await Promise.all(lot.merchants.map((merchant) => single(`LOGIN#${merchant.login}`, 'LOGIN'))),
  };
};

describe('the demo lot seed', () => {
  it('writes readable items under the documented keys', async () => {
    const lot = lotNamed('lot-seed-keys');
    await seedDemoLot(documents, tableName, lot);
    const items = await itemsOf(lot);

    expect(items.lot.map((item) => `${item.entity} ${item.sk}`).sort()).toEqual(
      [
        'Lot LOT',
        ...lot.lanes.map((lane) => `Lane LANE#${lane.laneId}`),
        `Tariff TARIFF#${lot.tariffEffectiveFrom}`,
        'ClubConfig CLUB',
        ...lot.allowList.map((listed) => `AllowListedPlate ALLOWLIST#${listed.plate}`),
      ].sort(),
    );
    expect(items.lot.find((item) => item.entity === 'Tariff')?.tariff).toEqual(lot.tariff);
    // The club parses with the core's schema, under the lot's own id.
    expect(clubConfigSchema.parse(items.lot.find((item) => item.entity === 'ClubConfig')?.config)).toEqual({ ...demoClubConfig, lotId: lot.lotId });
    expect(items.devices).toEqual(
      lot.devices.map((device) =>
        expect.objectContaining({ entity: 'Device', lotId: lot.lotId, laneId: device.laneId, direction: device.direction, secretVersion: 1, status: 'active' }),
      ),
    );
    // Device secrets are derived from the master key, never stored.
    for (const item of items.devices) expect(item).not.toHaveProperty('secret');
    expect(items.merchants.map((item) => item?.entity)).toEqual(['Merchant', 'Merchant']);
    for (const item of [...items.lot, ...items.devices, ...items.merchants, ...items.logins]) {
      expect(Date.parse(String(item?.createdAt))).not.toBeNaN();
    }
  });

  it('stores staff passwords as scrypt hashes that verify the generated password', async () => {
    const lot = lotNamed('lot-seed-logins');
    await seedDemoLot(documents, tableName, lot);
    const { logins } = await itemsOf(lot);
    for (const [index, merchant] of lot.merchants.entries()) {
      const login = logins[index];
      expect(login).toMatchObject({ entity: 'StaffLogin', merchantId: merchant.merchantId, role: 'owner' });
      expect(JSON.stringify(login)).not.toContain(merchant.password);
      const [scheme, N, r, p, salt, key] = String(login?.passwordHash).split('$');
      expect(scheme).toBe('scrypt');
      const derived = scryptSync(merchant.password, Buffer.from(String(salt), 'base64'), 64, { N: Number(N), r: Number(r), p: Number(p) });
      expect(derived.toString('base64')).toBe(key);
    }
  });

  it('changes nothing when run again', async () => {
    const lot = lotNamed('lot-seed-twice');
    const first = await seedDemoLot(documents, tableName, lot, new Date('2026-03-01T00:00:00Z'));
    const before = await itemsOf(lot);
    const second = await seedDemoLot(documents, tableName, lot, new Date('2026-03-02T00:00:00Z'));

    expect(first).toEqual({ written: 23, existing: 0 });
    expect(second).toEqual({ written: 0, existing: 23 });
    expect(await itemsOf(lot)).toEqual(before);
  });

  it('is generated once and kept, with the pinned local.json shape', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parkade-demo-'));
    const lot = loadDemoLot(dataDir);
    expect(loadDemoLot(dataDir)).toEqual(lot);

    const localJson = localJsonOf(lot, 'http://localhost:8787');
    expect(Object.keys(localJson)).toEqual(['apiUrl', 'appUrl', 'lotId', 'tariff', 'devices', 'merchants']);
    expect(localJson.appUrl).toBe('http://localhost:8787/app/');
    expect(localJson.devices.map((device) => Object.keys(device))).toEqual(lot.devices.map(() => ['deviceId', 'secret', 'laneId', 'direction']));
    expect(localJson.devices.filter((device) => device.direction === 'entry')).toHaveLength(2);
    expect(localJson.devices.filter((device) => device.direction === 'exit')).toHaveLength(2);
    for (const device of localJson.devices) expect(device.secret).toBe(deriveDeviceSecret(lot.deviceMasterKey, device.deviceId, 1));
    expect(localJson.merchants.map((merchant) => Object.keys(merchant))).toEqual([
      ['merchantId', 'login', 'password'],
      ['merchantId', 'login', 'password'],
    ]);
  });
});
