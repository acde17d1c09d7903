/**
 * A coupon's life after its grant, through the real local API server and DynamoDB Local: it
 * waits for its plate and joins the next visit at entry, is captured once when the visit ends
 * (however many copies of the exit arrive, also from an offline backlog whose exit comes before
 * its entry), is released when the visit did not need it, when it expires unattached (the
 * expiry job) or when the merchant revokes it; the lane snapshot carries it; the driver sees it.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTokenKey, generateTokenKey } from '../../../functions/access/tokenKey.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import { issueAccessToken } from '../../../shared/access/index.js';
import type { Coupon } from '../../../shared/coupons/index.js';
import { foldLedger } from '../../../shared/merchants/index.js';
import { ledgerOf as merchantLedger } from './ledgerHarness.js';
import { call, deviceOf, entryLane, exitLane, laneEvent, local, newEventId, post, seedLot, sessionItem, startApi } from '../devices/laneHarness.js';

process.env.PARKADE_TOKEN_KEY = generateTokenKey();

let api: RunningApiServer;
let lot: DemoLot;
let cafe: DemoMerchant;
let kitchen: DemoMerchant;

beforeAll(async () => {
  lot = await seedLot('coupons');
  [cafe, kitchen] = lot.merchants as [DemoMerchant, DemoMerchant];
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const modules = async () => ({
  ...(await import('../../../functions/merchants/couponGrants.js')),
  ...(await import('../../../functions/merchants/couponExpiry.js')),
});

const tokenKey = () => decodeTokenKey(process.env.PARKADE_TOKEN_KEY!);
const ownerOf = (merchant: DemoMerchant) => ({ kind: 'merchant' as const, merchantId: merchant.merchantId, staffId: `${merchant.merchantId}-owner`, role: 'owner' as const });
const merchantToken = (merchant: DemoMerchant) => issueAccessToken(tokenKey(), { principal: ownerOf(merchant), now: new Date() }).token;

const request = async (method: string, path: string, token: string) => {
  const response = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
};

let plateNumber = 0;
const newPlate = () => `粤C${String(30000 + (plateNumber += 1))}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** The seed's `two-hours` template: 120 free minutes, ¥5 to the merchant. */
const grantTwoHours = async (merchant: DemoMerchant, plate: string): Promise<Coupon> => {
  const { grantByPlate } = await modules();
  const key = `k-${Math.random().toString(36).slice(2)}`;
  return (await grantByPlate({ staff: ownerOf(merchant), idempotencyKey: key, templateId: 'two-hours', plate })).answer.coupon;
};

const couponNow = async (couponId: string): Promise<Coupon> => (await (await modules()).loadCoupon(couponId))!;

const ledgerOf = (merchantId: string) => merchantLedger(local, merchantId);

const entriesOf = async (coupon: Coupon) => (await ledgerOf(coupon.merchantId)).filter((entry) => entry.couponId === coupon.couponId);

/** The account agrees with its entries (the invariant every write keeps). */
const expectAccountIsItsLedger = async (merchant: DemoMerchant) => {
  const account = (await request('GET', '/merchant/account', merchantToken(merchant))).json;
  expect(foldLedger(await ledgerOf(merchant.merchantId))).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
};

describe('a waiting coupon joins the plate’s next visit and is captured once at its exit', () => {
  it('attaches at entry, counts at the exit, and duplicated or concurrent exits capture it once', async () => {
    const plate = newPlate();
    const granted = await grantTwoHours(cafe, plate);
    expect(granted).toMatchObject({ status: 'waiting', sessionId: null });

    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: ago(100) });
    expect(await couponNow(granted.couponId)).toMatchObject({ status: 'attached', sessionId: entry.sessionId });

    // 100 minutes parked, 120 free: the exit opens. The camera's event three times at once, and a second read.
    const exitDevice = deviceOf(lot, exitLane);
    const exit = { plate, at: ago(1), eventId: newEventId('exit') };
    const answers = await Promise.all([post(api, exitDevice, exit), post(api, exitDevice, exit), post(api, exitDevice, exit), post(api, exitDevice, { plate, at: ago(1) })]);
    expect(answers.map((answer) => answer.decision)).toEqual(['open', 'open', 'open', 'open']);

    expect(await couponNow(granted.couponId)).toMatchObject({ status: 'used', sessionId: entry.sessionId });
    const entries = await entriesOf(granted);
    expect(entries.map((entry) => [entry.kind, entry.amountFen, entry.heldDeltaFen])).toEqual([
      ['hold', 0, 500],
      ['capture', -500, -500],
    ]);
    expect(entries[1]!.by).toBe('system:visit-end:camera');
    expect(await sessionItem(entry.sessionId!)).toMatchObject({ status: 'closed', owingFen: 0 });
    await expectAccountIsItsLedger(cafe);
  });

  it('an offline backlog whose exit arrives before its entry still attaches and captures the coupon, once', async () => {
    const plate = newPlate();
    const granted = await grantTwoHours(cafe, plate);
    // The car leaves after the grant (a coupon granted after a visit ended never joins it).
    const exit = laneEvent(deviceOf(lot, exitLane), { plate, at: ago(0) });
    const entry = laneEvent(deviceOf(lot, entryLane), { plate, at: ago(95) });
    const batch = (device: string, events: unknown[]) => call(api, deviceOf(lot, device), { method: 'POST', path: '/device/events/batch', body: events });
    expect((await batch(exitLane, [exit])).status).toBe(200);
    expect((await couponNow(granted.couponId)).status).toBe('waiting');
    expect((await batch(entryLane, [entry, entry])).status).toBe(200);
    expect((await batch(exitLane, [exit])).status).toBe(200);

    const sessionId = `${lot.lotId}.${entryLane}.${entry.eventId}`;
    expect(await sessionItem(sessionId)).toMatchObject({ status: 'closed', closedBy: 'offline', owingFen: 0 });
    expect(await couponNow(granted.couponId)).toMatchObject({ status: 'used', sessionId });
    const entries = await entriesOf(granted);
    expect(entries.map((entry) => entry.kind)).toEqual(['hold', 'capture']);
    expect(entries[1]!.by).toBe('system:visit-end:offline');
  });

  it('releases, unused, a coupon the visit did not need (a stay inside the free minutes)', async () => {
    const plate = newPlate();
    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: ago(10) });
    const granted = await grantTwoHours(kitchen, plate);
    expect(granted).toMatchObject({ status: 'attached', sessionId: entry.sessionId });
    expect((await post(api, deviceOf(lot, exitLane), { plate, at: ago(0.5) })).decision).toBe('open');
    expect(await couponNow(granted.couponId)).toMatchObject({ status: 'expired', sessionId: entry.sessionId });
    expect((await entriesOf(granted)).map((entry) => [entry.kind, entry.reason ?? null])).toEqual([
      ['hold', null],
      ['release', 'unused'],
    ]);
    await expectAccountIsItsLedger(kitchen);
  });
});

describe('the expiry job', () => {
  it('releases a waiting coupon an hour after its deadline, once, and leaves attached ones alone', async () => {
    const { expireCoupons } = await modules();
    const waiting = await grantTwoHours(cafe, newPlate());
    const parkedPlate = newPlate();
    await post(api, deviceOf(lot, entryLane), { plate: parkedPlate, at: ago(30) });
    const attached = await grantTwoHours(cafe, parkedPlate);
    const deadline = Date.parse(waiting.expiresAt);

    await expireCoupons(lot.lotId, new Date(deadline + 30 * 60_000));
    expect((await couponNow(waiting.couponId)).status).toBe('waiting');

    const summary = await expireCoupons(lot.lotId, new Date(deadline + 61 * 60_000));
    expect(summary.couponsExpired).toBeGreaterThanOrEqual(1);
    expect(await couponNow(waiting.couponId)).toMatchObject({ status: 'expired' });
    expect((await couponNow(attached.couponId)).status).toBe('attached');
    expect((await entriesOf(waiting)).map((entry) => [entry.kind, entry.reason ?? null])).toEqual([
      ['hold', null],
      ['release', 'expired'],
    ]);

    const again = await expireCoupons(lot.lotId, new Date(deadline + 62 * 60_000));
    expect((await entriesOf(waiting)).length).toBe(2);
    expect(again.couponsExpired).toBe(0);
    await expectAccountIsItsLedger(cafe);
  });
});

describe('revocation', () => {
  it('releases the hold once; a retry answers the revoked coupon; another merchant’s is not found; a used one is refused', async () => {
    const granted = await grantTwoHours(kitchen, newPlate());
    const held = (await request('GET', '/merchant/account', merchantToken(kitchen))).json.heldFen;
    const path = `/merchant/coupons/${granted.couponId}/revoke`;

    expect((await request('POST', path, merchantToken(cafe))).status).toBe(404);
    const revoked = await request('POST', path, merchantToken(kitchen));
    expect(revoked.status).toBe(200);
    expect(revoked.json.coupon).toMatchObject({ couponId: granted.couponId, status: 'revoked' });
    expect(revoked.json.account.heldFen).toBe(held - 500);
    const again = await request('POST', path, merchantToken(kitchen));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await entriesOf(granted)).map((entry) => [entry.kind, entry.reason ?? null])).toEqual([
      ['hold', null],
      ['release', 'revoked'],
    ]);

    const plate = newPlate();
    const used = await grantTwoHours(kitchen, plate);
    await post(api, deviceOf(lot, entryLane), { plate, at: ago(60) });
    expect((await post(api, deviceOf(lot, exitLane), { plate, at: ago(1) })).decision).toBe('open');
    const refused = await request('POST', `/merchant/coupons/${used.couponId}/revoke`, merchantToken(kitchen));
    expect(refused.status).toBe(409);
    expect(refused.json.error.details.reason).toBe('COUPON_NOT_OPEN');
    expect((await couponNow(used.couponId)).status).toBe('used');
    await expectAccountIsItsLedger(kitchen);

    // The day's grants show each coupon as it is now, not as it was granted.
    const today = await request('GET', '/merchant/coupons', merchantToken(kitchen));
    const statusOf = (couponId: string) => (today.json.coupons as Coupon[]).find((coupon) => coupon.couponId === couponId)?.status;
    expect([statusOf(granted.couponId), statusOf(used.couponId)]).toEqual(['revoked', 'used']);
  });
});

describe('coupons in the lane snapshot', () => {
  it('lists waiting and attached coupons with plate, face and expiry; the ETag changes with them', async () => {
    const device = deviceOf(lot, exitLane);
    const config = async (etag?: string) => {
      const response = await call(api, device, { method: 'GET', path: '/device/config', ...(etag ? { headers: { 'if-none-match': etag } } : {}) });
      return { status: response.status, etag: response.headers.get('etag')!, body: response.status === 200 ? ((await response.json()) as any) : null };
    };
    const plate = newPlate();
    const waiting = await grantTwoHours(cafe, plate);
    const first = await config();
    expect(first.body.coupons).toContainEqual({ couponId: waiting.couponId, plate, status: 'waiting', sessionId: null, face: { kind: 'minutes', value: 120 }, expiresAt: waiting.expiresAt });
    expect((await config(first.etag)).status).toBe(304);

    const entry = await post(api, deviceOf(lot, entryLane), { plate, at: ago(20) });
    const second = await config(first.etag);
    expect(second.status).toBe(200);
    expect(second.etag).not.toBe(first.etag);
    expect(second.body.coupons).toContainEqual(expect.objectContaining({ couponId: waiting.couponId, status: 'attached', sessionId: entry.sessionId }));

    await request('POST', `/merchant/coupons/${waiting.couponId}/revoke`, merchantToken(cafe));
    const third = await config(second.etag);
    expect(third.status).toBe(200);
    expect(third.body.coupons.map((coupon: { couponId: string }) => coupon.couponId)).not.toContain(waiting.couponId);
  });
});

describe('the driver’s coupons', () => {
  it('lists the coupons of the driver’s own plates only, with the merchant’s name and whether each applies now', async () => {
    const [parked, away] = [newPlate(), newPlate()];
    const driverToken = async (driverId: string, plates: string[]) => {
      for (const plate of plates) {
        await local.documents.send(new PutCommand({ TableName: local.tableName, Item: { pk: `DRIVER#${driverId}`, sk: `PLATE#${plate}`, entity: 'DriverPlate', plate } }));
      }
      return issueAccessToken(tokenKey(), { principal: { kind: 'driver', driverId, openId: `open-${driverId}` }, now: new Date() }).token;
    };
    const entry = await post(api, deviceOf(lot, entryLane), { plate: parked, at: ago(15) });
    const attached = await grantTwoHours(cafe, parked);
    const waiting = await grantTwoHours(kitchen, away);

    const mine = await request('GET', '/driver/coupons', await driverToken(`drv-mine-${plateNumber}`, [parked, away]));
    expect(mine.status).toBe(200);
    expect(mine.json.coupons).toEqual([
      expect.objectContaining({ couponId: waiting.couponId, plate: away, status: 'waiting', merchantName: kitchen.name, appliesNow: false, appliesNextVisit: true }),
      expect.objectContaining({ couponId: attached.couponId, plate: parked, status: 'attached', sessionId: entry.sessionId, merchantName: cafe.name, appliesNow: true }),
    ]);
    expect(mine.json.coupons[0]).not.toHaveProperty('priceFen');

    const someoneElse = await request('GET', '/driver/coupons', await driverToken(`drv-other-${plateNumber}`, [newPlate()]));
    expect(someoneElse.json.coupons).toEqual([]);
  });
});
