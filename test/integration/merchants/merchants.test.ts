/**
 * Merchants through the real local API server against DynamoDB Local: staff login, the account
 * and admin recharges, grants by plate (to the open session the exit reads, or waiting for the
 * plate), refusals that write nothing, parallel grants that never overspend, today's grants
 * and the monthly statement as CSV.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTokenKey, generateTokenKey } from '../../../functions/access/tokenKey.js';
import { issueAccessToken } from '../../../shared/access/index.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import { foldLedger, ledgerEntrySchema, statementCsvHeader, type LedgerEntry } from '../../../shared/merchants/index.js';
import { localMonth } from '../../../shared/coupons/index.js';
import { deviceOf, entryLane, getItem, local, post, seedLot, startApi } from '../devices/laneHarness.js';

process.env.PARKADE_TOKEN_KEY = generateTokenKey();

let api: RunningApiServer;
let lot: DemoLot;
let cafe: DemoMerchant;
let kitchen: DemoMerchant;

// The seed gives every merchant `two-hours` (¥5) and `spend-88` (¥8); these two test the money.
const templates = (merchantId: string) => [
  { templateId: 'big-ticket', merchantId, name: '全天免费', kind: 'full', priceFen: 60_000, validity: { hours: 24 } },
  { templateId: 'mid-ticket', merchantId, name: '减15元', kind: 'amount', value: 1_500, priceFen: 15_000, validity: { hours: 24 } },
];

beforeAll(async () => {
  lot = await seedLot('merchants');
  [cafe, kitchen] = lot.merchants as [DemoMerchant, DemoMerchant];
  for (const merchant of lot.merchants) {
    for (const template of templates(merchant.merchantId)) {
      await local.documents.send(
        new PutCommand({ TableName: local.tableName, Item: { pk: `MERCHANT#${merchant.merchantId}`, sk: `TEMPLATE#${template.templateId}`, entity: 'CouponTemplate', ...template } }),
      );
    }
  }
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

const request = async (method: string, path: string, { body, token, idempotencyKey }: { body?: unknown; token?: string; idempotencyKey?: string } = {}): Promise<Answer> => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`${api.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
};

const tokens = new Map<string, string>();
const tokenOf = async (merchant: DemoMerchant): Promise<string> => {
  const known = tokens.get(merchant.login);
  if (known) return known;
  const answer = await request('POST', '/merchant/login', { body: { login: merchant.login, password: merchant.password } });
  expect(answer.status).toBe(200);
  tokens.set(merchant.login, answer.json.token);
  return answer.json.token;
};

const ledgerOf = async (merchantId: string): Promise<LedgerEntry[]> => {
  const page = await local.documents.send(
    new QueryCommand({
      TableName: local.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
      ExpressionAttributeValues: { ':pk': `MERCHANT#${merchantId}`, ':ledger': 'LEDGER#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((item) => ledgerEntrySchema.parse(item));
};

const accountOf = async (merchant: DemoMerchant) => (await request('GET', '/merchant/account', { token: await tokenOf(merchant) })).json;

const recharge = (merchantId: string, rechargeId: string, amountFen: number) =>
  request('POST', `/admin/merchants/${merchantId}/recharges`, { body: { rechargeId, amountFen } });

let plateNumber = 0;
const newPlate = () => `粤B${String(20000 + (plateNumber += 1))}`;

const grant = async (merchant: DemoMerchant, body: Record<string, unknown>, idempotencyKey = `grant-${Math.random().toString(36).slice(2)}`) =>
  request('POST', '/merchant/coupons', { body, token: await tokenOf(merchant), idempotencyKey });

describe('staff login', () => {
  it('gives a merchant staff token for the right password, and the same 401 for a wrong password or an unknown login', async () => {
    const right = await request('POST', '/merchant/login', { body: { login: cafe.login, password: cafe.password } });
    expect(right.status).toBe(200);
    expect(right.json.staff).toEqual({ kind: 'merchant', merchantId: cafe.merchantId, staffId: `${cafe.merchantId}-owner`, role: 'owner' });
    const wrong = await request('POST', '/merchant/login', { body: { login: cafe.login, password: `${cafe.password}x` } });
    const unknown = await request('POST', '/merchant/login', { body: { login: 'nobody-here', password: cafe.password } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
  });

  it('asks for a token on merchant routes', async () => {
    expect((await request('GET', '/merchant/account')).status).toBe(401);
  });
});

describe('the account and recharges', () => {
  it('starts with the credit limit available; a recharge is applied once per recharge id, entries and account agreeing', async () => {
    expect(await accountOf(kitchen)).toEqual({
      merchantId: kitchen.merchantId,
      name: kitchen.name,
      shopUnit: expect.stringMatching(/^L1-\d{3}$/),
      billing: { mode: 'both', creditLimitFen: 100_000 },
      balanceFen: 0,
      heldFen: 0,
      creditLimitFen: 100_000,
      availableFen: 100_000,
    });
    const first = await recharge(kitchen.merchantId, 'rc-kitchen-1', 20_000);
    expect(first.status).toBe(201);
    const again = await recharge(kitchen.merchantId, 'rc-kitchen-1', 20_000);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.entry).toEqual(first.json.entry);
    expect((await recharge(kitchen.merchantId, 'rc-kitchen-1', 30_000)).status).toBe(409);
    const account = await accountOf(kitchen);
    expect(account).toMatchObject({ balanceFen: 20_000, heldFen: 0, availableFen: 120_000 });
    const entries = await ledgerOf(kitchen.merchantId);
    expect(entries.map((entry) => entry.kind)).toEqual(['recharge']);
    expect(foldLedger(entries)).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
    // Each merchant sees only its own account.
    expect((await accountOf(cafe)).merchantId).toBe(cafe.merchantId);
  });
});

describe('grants by plate', () => {
  it('attaches a coupon to the plate’s open session in the shape the exit reads, and holds its price', async () => {
    const plate = newPlate();
    const decision = await post(api, deviceOf(lot, entryLane), { plate, at: new Date(Date.now() - 30 * 60_000).toISOString() });
    const sessionId = decision.sessionId!;
    const answer = await grant(cafe, { templateId: 'two-hours', plate });
    expect(answer.status).toBe(201);
    expect(answer.json.coupon).toMatchObject({ status: 'attached', sessionId, plate, face: { kind: 'minutes', value: 120 }, priceFen: 500 });
    const stored = await getItem(`SESSION#${sessionId}`, `COUPON#${answer.json.coupon.couponId}`);
    expect(stored).toMatchObject({ entity: 'Coupon', status: 'attached', face: { kind: 'minutes', value: 120 } });
    const { loadSessionCharges } = await import('../../../functions/sessions/sessionCharges.js');
    expect((await loadSessionCharges(sessionId)).coupons).toEqual([{ kind: 'minutes', value: 120 }]);
    expect(answer.json.account).toMatchObject({ heldFen: 500 });
  });

  it('keeps a coupon waiting for a plate with no open session', async () => {
    const plate = newPlate();
    const answer = await grant(cafe, { templateId: 'spend-88', plate, receiptFen: 9_000 });
    expect(answer.status).toBe(201);
    expect(answer.json.coupon).toMatchObject({ status: 'waiting', sessionId: null, face: { kind: 'minutes' } });
    expect(await getItem(`LOT#${lot.lotId}#PLATE#${plate}`, `COUPON#${answer.json.coupon.couponId}`)).toMatchObject({ status: 'waiting' });
  });

  it('grants once per Idempotency-Key', async () => {
    const plate = newPlate();
    const before = (await ledgerOf(cafe.merchantId)).length;
    const first = await grant(cafe, { templateId: 'two-hours', plate }, 'same-key-1');
    const again = await grant(cafe, { templateId: 'two-hours', plate }, 'same-key-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.coupon.couponId).toBe(first.json.coupon.couponId);
    expect((await ledgerOf(cafe.merchantId)).length).toBe(before + 1);
  });

  it('refuses with stable reasons and writes nothing', async () => {
    const plate = newPlate();
    const before = await ledgerOf(cafe.merchantId);
    const below = await grant(cafe, { templateId: 'spend-88', plate, receiptFen: 5_000 });
    expect(below.status).toBe(409);
    expect(below.json.error.details.reason).toBe('RECEIPT_BELOW_THRESHOLD');
    expect((await grant(cafe, { templateId: 'spend-88', plate })).json.error.details.reason).toBe('RECEIPT_REQUIRED');
    expect((await grant(cafe, { templateId: 'no-such-template', plate })).status).toBe(404);
    expect((await request('POST', '/merchant/coupons', { body: { templateId: 'two-hours', plate }, token: await tokenOf(cafe) })).status).toBe(400);
    expect(await ledgerOf(cafe.merchantId)).toEqual(before);
  });

  it('refuses a fourth grant to one plate on one day (lot policy)', async () => {
    const plate = newPlate();
    for (let count = 0; count < 3; count += 1) expect((await grant(cafe, { templateId: 'two-hours', plate })).status).toBe(201);
    const fourth = await grant(cafe, { templateId: 'two-hours', plate });
    expect(fourth.status).toBe(409);
    expect(fourth.json.error.details.reason).toBe('DAILY_PLATE_LIMIT');
  });

  it('refuses a grant beyond balance + credit, writing nothing', async () => {
    const { availableFen } = await accountOf(cafe);
    expect(availableFen).toBeGreaterThanOrEqual(60_000);
    expect((await grant(cafe, { templateId: 'big-ticket', plate: newPlate() })).status).toBe(201);
    const before = await ledgerOf(cafe.merchantId);
    const refused = await grant(cafe, { templateId: 'big-ticket', plate: newPlate() });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toMatchObject({ reason: 'INSUFFICIENT_FUNDS', priceFen: 60_000 });
    expect(await ledgerOf(cafe.merchantId)).toEqual(before);
  });

  it('parallel grants never spend more than balance + credit, and the account is the sum of its entries', async () => {
    const { availableFen } = await accountOf(kitchen);
    const answers = await Promise.all(Array.from({ length: 12 }, () => grant(kitchen, { templateId: 'mid-ticket', plate: newPlate() })));
    const granted = answers.filter((answer) => answer.status === 201);
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.json.error.details.reason).toBe('INSUFFICIENT_FUNDS');
    }
    expect(granted.length).toBe(Math.floor(availableFen / 15_000));
    const account = await accountOf(kitchen);
    expect(account.availableFen).toBeGreaterThanOrEqual(0);
    const entries = await ledgerOf(kitchen.merchantId);
    expect(foldLedger(entries)).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
    expect(account.heldFen).toBe(granted.length * 15_000);
    expect(new Set(entries.map((entry) => entry.entryId)).size).toBe(entries.length);
  });
});

describe('today’s grants and the statement', () => {
  it('lists the day’s grants and downloads the month’s statement as CSV', async () => {
    expect((await recharge(kitchen.merchantId, 'rc-kitchen-2', 10_000)).status).toBe(201);
    const granted = await grant(kitchen, { templateId: 'two-hours', plate: newPlate() });
    expect(granted.status).toBe(201);
    const today = await request('GET', '/merchant/coupons', { token: await tokenOf(kitchen) });
    expect(today.status).toBe(200);
    expect(today.json.coupons.map((coupon: { couponId: string }) => coupon.couponId)).toContain(granted.json.coupon.couponId);
    const otherDay = await request('GET', `/merchant/coupons?date=2020-01-01`, { token: await tokenOf(kitchen) });
    expect(otherDay.json.coupons).toEqual([]);

    const month = localMonth(Date.now(), 'Asia/Shanghai');
    const statement = await request('GET', `/merchant/statements/${month}`, { token: await tokenOf(kitchen) });
    expect(statement.status).toBe(200);
    expect(statement.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = statement.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(statementCsvHeader.join(','));
    expect(lines.filter((line) => line.includes(',recharge,'))).toHaveLength(2);
    expect(lines.some((line) => line.includes(granted.json.coupon.couponId))).toBe(true);
    expect((await request('GET', '/merchant/statements/2026-13', { token: await tokenOf(kitchen) })).status).toBe(400);
  });
});

describe('claim codes', () => {
  const driverToken = async (driverId: string, plates: string[]) => {
    for (const plate of plates) {
      await local.documents.send(new PutCommand({ TableName: local.tableName, Item: { pk: `DRIVER#${driverId}`, sk: `PLATE#${plate}`, entity: 'DriverPlate', plate } }));
    }
    const principal = { kind: 'driver' as const, driverId, openId: `open-${driverId}` };
    return issueAccessToken(decodeTokenKey(process.env.PARKADE_TOKEN_KEY!), { principal, now: new Date() }).token;
  };
  const makeCode = async (quota: number, perDriverLimit: number) => {
    const answer = await request('POST', '/merchant/claim-codes', {
      token: await tokenOf(cafe),
      body: { templateId: 'two-hours', kind: 'static', quota, perDriverLimit, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(answer.status).toBe(201);
    expect(answer.json.scene).toBe(`c=${answer.json.code.token}`);
    return answer.json.code.token as string;
  };
  const claim = (token: string, driver: string, plate: string, idempotencyKey = `claim-${Math.random().toString(36).slice(2)}`) =>
    request('POST', '/driver/claims', { token: driver, body: { token, plate }, idempotencyKey });

  it('lets a driver claim for their own plate once per limit, a retry claiming once', async () => {
    const code = await makeCode(5, 1);
    const plate = newPlate();
    const driver = await driverToken(`drv-claim-${plateNumber}`, [plate]);
    const first = await claim(code, driver, plate, 'claim-key-1');
    expect(first.status).toBe(201);
    // The driver's view of the coupon (as GET /driver/coupons shows it): no merchant account, price or grantor.
    expect(Object.keys(first.json)).toEqual(['coupon']);
    expect(first.json.coupon).toMatchObject({ plate, status: 'waiting', merchantId: cafe.merchantId, merchantName: cafe.name, appliesNextVisit: true });
    expect(first.json.coupon).not.toHaveProperty('priceFen');
    expect(first.json.coupon).not.toHaveProperty('grantedBy');
    const retry = await claim(code, driver, plate, 'claim-key-1');
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const second = await claim(code, driver, plate);
    expect(second.status).toBe(409);
    expect(second.json.error.details.reason).toBe('CLAIM_PER_DRIVER_LIMIT');
    const notTheirs = await claim(code, driver, newPlate());
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.json.error.details.reason).toBe('PLATE_NOT_BOUND');
    expect((await claim('0000000000000000000000', driver, plate)).status).toBe(404);
  });

  it('never lets parallel claims pass the quota', async () => {
    const code = await makeCode(3, 1);
    const drivers = await Promise.all(
      Array.from({ length: 7 }, async (_, index) => {
        const plate = newPlate();
        return { plate, token: await driverToken(`drv-quota-${plateNumber}-${index}`, [plate]) };
      }),
    );
    const answers = await Promise.all(drivers.map((driver) => claim(code, driver.token, driver.plate)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) expect(answer.json.error.details.reason).toBe('CLAIM_QUOTA_EXHAUSTED');
    expect(await getItem(`CLAIM#${code}`, 'CLAIM')).toMatchObject({ claimedCount: 3 });
  });

  it('is made by the merchant’s owner only, with a staff token', async () => {
    const driver = await driverToken('drv-not-staff', []);
    const body = { templateId: 'two-hours', kind: 'dynamic', quota: 1, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    expect((await request('POST', '/merchant/claim-codes', { token: driver, body })).status).toBe(403);
  });
});
