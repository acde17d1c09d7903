/**
 * Writes the demo lot into the table as items a person can read in the console.
 *
 * Keys (docs/data-model.md is the full list):
 *   Lot         pk=LOT#<lotId>            sk=LOT
 *   Lane        pk=LOT#<lotId>            sk=LANE#<laneId>
 *   Tariff      pk=LOT#<lotId>            sk=TARIFF#<effectiveFrom, ISO UTC>
 *   ClubConfig  pk=LOT#<lotId>            sk=CLUB
 *   Device      pk=DEVICE#<deviceId>      sk=DEVICE   gsi1pk=DEVICES#<lotId>  gsi1sk=<deviceId>
 *   Merchant    pk=MERCHANT#<merchantId>  sk=MERCHANT
 *   StaffLogin  pk=LOGIN#<login>          sk=LOGIN
 *   StaffMember pk=MERCHANT#<merchantId>  sk=STAFF#<staffId>
 *   CouponTemplate  pk=MERCHANT#<merchantId>  sk=TEMPLATE#<templateId>
 *   AllowListedPlate  pk=LOT#<lotId>      sk=ALLOWLIST#<plate>
 * Every item names its `entity` and carries `createdAt`. Seeding is idempotent: each put is
 * conditional on the item not existing, so a second run writes nothing and changes nothing.
 * Devices store only their `secretVersion` (the secret is derived from the master key); a device
 * item from before that, holding its secret, or from before devices were listed by lot (gsi1), is replaced.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '../../functions/merchants/passwordHash.js';
import type { DemoLot } from './demoLot.js';

export type Item = Record<string, unknown> & { pk: string; sk: string; entity: string; createdAt: string };

/** Each demo merchant's coupons: two free hours, and DESIGN.md's spend ≥ ¥88 → 2 h (3 h in holidays). */
export const demoCouponTemplates = [
  { templateId: 'two-hours', name: '免费停车2小时', kind: 'minutes', value: 120, priceFen: 500, validity: { hours: 24 }, membersOnly: false, status: 'active' },
  { templateId: 'spend-88', name: '消费满88元停车', kind: 'spendThreshold', thresholdFen: 8_800, minutes: 120, holidayMinutes: 180, priceFen: 800, validity: { hours: 24 }, membersOnly: false, status: 'active' },
] as const;

/** The items of the demo lot. */
export const demoLotItems = async (lot: DemoLot, createdAt: string): Promise<Item[]> => {
  const lotKey = `LOT#${lot.lotId}`;
  const staff = await Promise.all(
    lot.merchants.map(async (merchant) => ({
      pk: `LOGIN#${merchant.login}`,
      sk: 'LOGIN',
      entity: 'StaffLogin',
      login: merchant.login,
      staffId: `${merchant.merchantId}-owner`,
      name: `${merchant.name}店长`,
      merchantId: merchant.merchantId,
      role: 'owner',
      status: 'active',
      passwordHash: await hashPassword(merchant.password),
      createdAt,
    })),
  );
  // The merchant's staff by id, as the admin API lists and changes them.
  const staffMembers = lot.merchants.map((merchant) => ({
    pk: `MERCHANT#${merchant.merchantId}`,
    sk: `STAFF#${merchant.merchantId}-owner`,
    entity: 'StaffMember',
    merchantId: merchant.merchantId,
    staffId: `${merchant.merchantId}-owner`,
    login: merchant.login,
    createdAt,
  }));
  return [
    {
      pk: lotKey,
      sk: 'LOT',
      entity: 'Lot',
      // Every lot is on one gsi1 partition: the schedules and the admin API list lots from it.
      gsi1pk: 'LOTS',
      gsi1sk: lot.lotId,
      lotId: lot.lotId,
      name: lot.name,
      timezone: lot.timezone,
      capacity: lot.capacity,
      createdAt,
    },
    ...lot.lanes.map((lane) => ({
      pk: lotKey,
      sk: `LANE#${lane.laneId}`,
      entity: 'Lane',
      lotId: lot.lotId,
      laneId: lane.laneId,
      name: lane.name,
      direction: lane.direction,
      createdAt,
    })),
    {
      pk: lotKey,
      sk: `TARIFF#${lot.tariffEffectiveFrom}`,
      entity: 'Tariff',
      lotId: lot.lotId,
      effectiveFrom: lot.tariffEffectiveFrom,
      tariff: lot.tariff,
      createdAt,
    },
    {
      pk: lotKey,
      sk: 'CLUB',
      entity: 'ClubConfig',
      lotId: lot.lotId,
      // The lot's own id: tests seed the demo lot under ids of their own.
      config: { ...lot.club, lotId: lot.lotId },
      createdAt,
    },
    ...lot.devices.map((device) => ({
      pk: `DEVICE#${device.deviceId}`,
      sk: 'DEVICE',
      entity: 'Device',
      // The devices of a lot, for the admin API (functions/admin/laneDevices.ts).
      gsi1pk: `DEVICES#${lot.lotId}`,
      gsi1sk: device.deviceId,
      deviceId: device.deviceId,
      lotId: lot.lotId,
      laneId: device.laneId,
      direction: device.direction,
      secretVersion: device.secretVersion,
      status: 'active',
      createdAt,
    })),
    ...lot.allowList.map((listed) => ({
      pk: lotKey,
      sk: `ALLOWLIST#${listed.plate}`,
      entity: 'AllowListedPlate',
      lotId: lot.lotId,
      ...listed,
      createdAt,
    })),
    ...lot.merchants.map((merchant, index) => ({
      pk: `MERCHANT#${merchant.merchantId}`,
      sk: 'MERCHANT',
      entity: 'Merchant',
      merchantId: merchant.merchantId,
      lotId: lot.lotId,
      name: merchant.name,
      // Demo terms: a shop unit, prepaid balance with ¥1,000 credit behind it, active.
      shopUnit: `L1-${String(index + 1).padStart(3, '0')}`,
      billing: { mode: 'both', creditLimitFen: 100_000 },
      status: 'active',
      // A lot's merchants, for the admin API.
      gsi1pk: `LOT#${lot.lotId}#MERCHANTS`,
      gsi1sk: merchant.merchantId,
      createdAt,
    })),
    ...staff,
    ...staffMembers,
    ...lot.merchants.flatMap((merchant) =>
      demoCouponTemplates.map((template) => ({
        pk: `MERCHANT#${merchant.merchantId}`,
        sk: `TEMPLATE#${template.templateId}`,
        entity: 'CouponTemplate',
        merchantId: merchant.merchantId,
        ...template,
        createdAt,
      })),
    ),
  ];
};

/** Puts every demo item that is not there yet; says how many were new. */
export const seedDemoLot = async (
  documents: DynamoDBDocumentClient,
  tableName: string,
  lot: DemoLot,
  now = new Date(),
): Promise<{ written: number; existing: number }> => {
  const items = await demoLotItems(lot, now.toISOString());
  const outcomes = await Promise.all(
    items.map(async (item) => {
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression:
              item.entity === 'Device'
                ? 'attribute_not_exists(pk) OR attribute_not_exists(secretVersion) OR attribute_not_exists(gsi1pk)'
                : 'attribute_not_exists(pk)',
          }),
        );
        return 'written';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'existing';
        throw error;
      }
    }),
  );
  return {
    written: outcomes.filter((outcome) => outcome === 'written').length,
    existing: outcomes.filter((outcome) => outcome === 'existing').length,
  };
};
