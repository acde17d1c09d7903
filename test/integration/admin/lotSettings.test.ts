/**
 * Changing a lot's settings through the admin API, against DynamoDB Local: a holiday period the
 * administrator adds raises a spend-threshold grant from 120 to 180 minutes; the coupon policy
 * changes field by field; a change made from an old version is refused and writes nothing;
 * every change is audited with its reason.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { adminCall, auditOf, refusedWithoutWriting, startApi } from './adminHarness.js';

let api: RunningApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** The local date in Beijing `days` from now. */
const beijingDate = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 24 * 3600_000));

const created = async (path: string, body: unknown) => {
  const answer = await adminCall(api, 'POST', path, body);
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json;
};

/** A new lot with a merchant whose ¥88 receipts earn 2 hours, 3 on holidays; the owner's token. */
const lotWithSpendThresholdMerchant = async () => {
  const lotId = uniqueId('lot-settings');
  await created('/admin/lots', { lotId, name: '来福士停车场', capacity: 500, reason: 'New mall' });
  const merchantId = uniqueId('m');
  await created('/admin/merchants', { merchantId, lotId, name: '海底捞', shopUnit: 'L5-01', billing: { mode: 'credit', creditLimitFen: 50_000 }, reason: 'onboarding' });
  const login = `${merchantId}-owner`;
  const password = 'correct horse battery';
  await created(`/admin/merchants/${merchantId}/staff`, { staffId: 'owner-1', name: '李店长', role: 'owner', login, password });
  await created(`/admin/merchants/${merchantId}/templates`, {
    templateId: 'spend-88',
    name: '满88停2小时',
    kind: 'spendThreshold',
    thresholdFen: 8_800,
    minutes: 120,
    holidayMinutes: 180,
    priceFen: 500,
    validity: { hours: 12 },
  });
  const signedIn = await fetch(`${api.url}/merchant/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  expect(signedIn.status).toBe(200);
  return { lotId, token: ((await signedIn.json()) as { token: string }).token };
};

let plateNumber = 0;
const grantMinutes = async (token: string): Promise<number> => {
  const response = await fetch(`${api.url}/merchant/coupons`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ templateId: 'spend-88', plate: `粤D${String(40000 + (plateNumber += 1))}`, receiptFen: 10_000 }),
  });
  const answer = (await response.json()) as { coupon: { face: { kind: string; value: number } } };
  expect(response.status, JSON.stringify(answer)).toBe(201);
  expect(answer.coupon.face.kind).toBe('minutes');
  return answer.coupon.face.value;
};

describe('changing a lot’s settings', () => {
  it('adds a holiday period, and a spend-threshold grant in it gives 180 minutes instead of 120', async () => {
    const { lotId, token } = await lotWithSpendThresholdMerchant();
    expect(await grantMinutes(token)).toBe(120);

    const lot = (await adminCall(api, 'GET', `/admin/lots/${lotId}`)).json;
    expect(lot.version).toBe(0);
    const holidays = [{ name: '国庆黄金周', from: beijingDate(-1), to: beijingDate(1) }];
    const changed = await adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { holidays, version: lot.version, reason: 'Golden week' });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toMatchObject({ holidays, version: 1, name: '来福士停车场', capacity: 500 });

    expect(await grantMinutes(token)).toBe(180);
    const [entry] = await auditOf(api, lotId);
    expect(entry).toMatchObject({ action: 'changeLotSettings', reason: 'Golden week', details: { changed: ['holidays'], version: 1 } });
  });

  it('changes the coupon policy field by field, and null lifts a cap', async () => {
    const { lotId } = await lotWithSpendThresholdMerchant();
    const first = await adminCall(api, 'PATCH', `/admin/lots/${lotId}`, {
      name: '来福士广场停车场',
      capacity: 520,
      couponPolicy: { maxCouponsPerSession: 2, maxAmountFenPerSession: 5_000 },
      reason: 'Policy from the mall office',
    });
    expect(first.json).toMatchObject({
      name: '来福士广场停车场',
      capacity: 520,
      couponPolicy: { maxCouponsPerSession: 2, maxAmountFenPerSession: 5_000, maxGrantsPerPlatePerMerchantPerDay: 3, fullCouponsAllowed: true },
    });
    const second = await adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { couponPolicy: { maxAmountFenPerSession: null, maxGrantsPerPlatePerMerchantPerDay: 1 }, reason: 'No cap' });
    expect(second.json.couponPolicy).toEqual({ maxCouponsPerSession: 2, maxGrantsPerPlatePerMerchantPerDay: 1, fullCouponsAllowed: true });
    expect((await adminCall(api, 'GET', `/admin/lots/${lotId}`)).json).toMatchObject({ couponPolicy: second.json.couponPolicy, version: 2 });
  });

  it('refuses a change from an old version, a bad holiday and a change of nothing, writing nothing', async () => {
    const { lotId } = await lotWithSpendThresholdMerchant();
    expect((await adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { capacity: 600, version: 0, reason: 'More spaces' })).status).toBe(200);
    const stale = await refusedWithoutWriting(lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { capacity: 400, version: 0, reason: 'Fewer spaces' }),
    );
    expect(stale.json.error.details).toMatchObject({ reason: 'lotChanged', version: 1 });
    await refusedWithoutWriting(lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { holidays: [{ name: '春节', from: '2027-02-10', to: '2027-02-01' }], reason: 'Backwards' }),
    );
    await refusedWithoutWriting(lotId, 400, 'VALIDATION_FAILED', () => adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { reason: 'Nothing' }));
    await refusedWithoutWriting(lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'PATCH', `/admin/lots/${lotId}`, { couponPolicy: { maxCoupons: 2 }, reason: 'Misspelt' }),
    );
  });
});
