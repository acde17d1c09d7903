/**
 * What the club tests share: the driver harness (DynamoDB Local, the real local API server, the
 * WeChat simulators, signed lane devices), a lot of their own whose club the test configures
 * through the admin route, drivers with a verified phone and bound plates, and readers of the
 * club's items.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { demoClubConfig, memberCardSchema, type ClubConfig, type MemberCard } from '../../../shared/club/index.js';
import { asAdmin, asDriver, local, login, seedPayingLot, type Driver } from '../payments/driverHarness.js';

export * from '../payments/driverHarness.js';

const [silver, gold, platinum] = demoClubConfig.tiers;

/**
 * The tests' club: the demo club, with an entry tier anyone qualifies for that gives 30 free
 * minutes a visit, one free hour a month, 10 points a yuan, 10 points = ¥0.10 off (up to ¥10 a
 * visit) and 50 points at each review; coverage of one month.
 */
export const testClub = (lotId: string, changes: Partial<ClubConfig> = {}): ClubConfig => ({
  ...demoClubConfig,
  lotId,
  tiers: [
    {
      ...silver!,
      qualifying: { minVisits: 0, minFeesPaidFen: 0 },
      benefits: {
        ...silver!.benefits,
        freeMinutesPerVisit: 30,
        monthlyFreeHours: 1,
        pointsMultiplier: 10,
        pointsRedemption: { points: 10, amountFen: 10, maxAmountFenPerVisit: 1000 },
        reviewRewardPoints: 50,
      },
    },
    gold!,
    platinum!,
  ],
  coverageMonths: 1,
  ...changes,
});

/** A paying lot (no free minutes in its tariff) with the tests' club. */
export const seedClubLot = async (api: RunningApiServer, name: string, changes: Partial<ClubConfig> = {}): Promise<DemoLot> => {
  const lot = await seedPayingLot(name);
  const configured = await asAdmin(api, 'PUT', `/admin/lots/${lot.lotId}/club`, testClub(lot.lotId, changes));
  expect(configured.status).toBe(200);
  return lot;
};

let plateNumber = 0;

/** A plate no other test uses: 粤C + 5 random-ish characters. */
export const newPlate = (): string => `粤C${randomBytes(2).toString('hex').toUpperCase().replace(/[IO]/g, '1').slice(0, 3)}${String((plateNumber += 1) % 100).padStart(2, '0')}`;

/** A logged-in driver with a verified phone and these plates bound. */
export const verifiedDriver = async (api: RunningApiServer, who: string, plates: string[] = []): Promise<Driver> => {
  // The login simulator keys the WeChat identity by the code's name: each call is a driver of its own.
  const driver = await login(api, `${who}${randomBytes(4).toString('hex')}`);
  expect((await asDriver(api, driver, 'POST', '/driver/phone', { code: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}-${who}` })).status).toBe(200);
  for (const plate of plates) {
    const bound = await asDriver(api, driver, 'POST', '/driver/plates', { plate });
    expect(bound.status, JSON.stringify(bound.body)).toBe(201);
  }
  return driver;
};

/** The driver joins the lot's club with a bound plate. */
export const join = (api: RunningApiServer, driver: Driver, lot: DemoLot, plate: string) =>
  asDriver(api, driver, 'POST', '/driver/memberships', { lotId: lot.lotId, plate });

/** A new ACTIVE member of the lot: a verified driver with the plate bound, joined. */
export const newMember = async (api: RunningApiServer, lot: DemoLot, plate = newPlate()): Promise<{ driver: Driver; plate: string; card: MemberCard }> => {
  const driver = await verifiedDriver(api, 'member', [plate]);
  const joined = await join(api, driver, lot, plate);
  expect(joined.status, JSON.stringify(joined.body)).toBe(201);
  return { driver, plate, card: memberCardSchema.parse(joined.body) };
};

/** Every item of a membership's partition (points entries, visit grants, quota counters, its ref). */
export const membershipItems = async (membershipId: string): Promise<Record<string, unknown>[]> =>
  (
    await local.documents.send(
      new QueryCommand({ TableName: local.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MEMBERSHIP#${membershipId}` }, ConsistentRead: true }),
    )
  ).Items ?? [];
