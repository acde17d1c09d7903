/**
 * Merchant administration through the real local API server against DynamoDB Local: creating,
 * listing, reading and changing merchants (credit limits consistent with the account, suspension
 * stopping grants), staff logins, coupon templates, settlements and adjustments, the admin's
 * statement. Every change leaves an audit entry naming the IAM caller; every refusal writes nothing.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTokenKey } from '../../../functions/access/tokenKey.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { localMonth } from '../../../shared/coupons/index.js';
import { local, seedLot, startApi } from '../devices/laneHarness.js';
import { adminArn, merchantAudit, merchantItems, requester, signedIn } from './merchantHarness.js';

process.env.PARKADE_TOKEN_KEY = generateTokenKey();

let api: RunningApiServer;
let lot: DemoLot;
const request = requester(() => api);

beforeAll(async () => {
  lot = await seedLot('madmin');
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A new merchant of the lot with an owner login and a ¥30 template; its id, owner token and login. */
const newMerchant = async (billing: Record<string, unknown>) => {
  const merchantId = uniqueId('m');
  const made = await request('POST', '/admin/merchants', { body: { merchantId, lotId: lot.lotId, name: '测试商户', shopUnit: 'B1-001', billing, reason: 'onboarding' } });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const login = `${merchantId}-owner`;
  const password = 'correct horse battery';
  expect((await request('POST', `/admin/merchants/${merchantId}/staff`, { body: { staffId: 'owner-1', name: '王店长', role: 'owner', login, password } })).status).toBe(201);
  const template = await request('POST', `/admin/merchants/${merchantId}/templates`, {
    body: { templateId: 'thirty', name: '减30元', kind: 'amount', value: 3_000, priceFen: 3_000, validity: { hours: 24 } },
  });
  expect(template.status, JSON.stringify(template.json)).toBe(201);
  return { merchantId, login, password, token: await signedIn(request, login, password) };
};

let plateNumber = 0;
const grant = (token: string, templateId = 'thirty') =>
  fetch(`${api.url}/merchant/coupons`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': uniqueId('grant') },
    body: JSON.stringify({ templateId, plate: `粤H${String(50000 + (plateNumber += 1))}` }),
  }).then(async (response) => ({ status: response.status, json: await response.json() }));

const account = async (merchantId: string) => (await request('GET', `/admin/merchants/${merchantId}`)).json.account;

describe('creating and listing merchants', () => {
  it('creates an active merchant, lists it under its lot, shows its account, staff and templates, and audits who did it', async () => {
    const { merchantId } = await newMerchant({ mode: 'credit', creditLimitFen: 50_000 });
    const details = await request('GET', `/admin/merchants/${merchantId}`);
    expect(details.json.merchant).toMatchObject({ merchantId, lotId: lot.lotId, name: '测试商户', shopUnit: 'B1-001', status: 'active', billing: { mode: 'credit', creditLimitFen: 50_000 } });
    expect(details.json.account).toEqual({ merchantId, balanceFen: 0, heldFen: 0, creditLimitFen: 50_000, availableFen: 50_000 });
    expect(details.json.staff).toEqual([{ staffId: 'owner-1', merchantId, name: '王店长', role: 'owner', status: 'active', login: `${merchantId}-owner` }]);
    expect(details.json.templates.map((template: any) => template.templateId)).toEqual(['thirty']);
    const listed = await request('GET', `/admin/merchants?lotId=${lot.lotId}`);
    expect(listed.json.merchants.map((merchant: any) => merchant.merchantId)).toEqual(expect.arrayContaining([merchantId, ...lot.merchants.map((m) => m.merchantId)]));
    const audit = await merchantAudit(lot.lotId, merchantId);
    expect(audit.map((entry) => entry.action).sort()).toEqual(['createMerchant', 'createStaff', 'createTemplate']);
    expect(audit.find((entry) => entry.action === 'createMerchant')).toMatchObject({ entity: 'AuditEntry', who: adminArn, reason: 'onboarding', lotId: lot.lotId });
  });

  it('refuses a taken merchant id, an unknown lot and bad billing, writing nothing', async () => {
    const { merchantId } = await newMerchant({ mode: 'prepaid' });
    const before = await merchantAudit(lot.lotId, merchantId);
    const again = await request('POST', '/admin/merchants', { body: { merchantId, lotId: lot.lotId, name: '另一家', shopUnit: 'B1-002', billing: { mode: 'prepaid' } } });
    expect(again.status).toBe(409);
    expect(again.json.error.details.reason).toBe('MERCHANT_EXISTS');
    expect((await request('GET', `/admin/merchants/${merchantId}`)).json.merchant.name).toBe('测试商户');
    expect(await merchantAudit(lot.lotId, merchantId)).toEqual(before);

    const nowhere = uniqueId('m');
    expect((await request('POST', '/admin/merchants', { body: { merchantId: nowhere, lotId: 'lot-nowhere', name: 'x', shopUnit: 'x', billing: { mode: 'prepaid' } } })).status).toBe(404);
    const badBilling = await request('POST', '/admin/merchants', { body: { merchantId: nowhere, lotId: lot.lotId, name: 'x', shopUnit: 'x', billing: { mode: 'credit' } } });
    expect(badBilling.status).toBe(400);
    expect((await request('GET', `/admin/merchants/${nowhere}`)).status).toBe(404);
    expect(await merchantItems(nowhere)).toEqual([]);
  });

  it('is for administrators only: a merchant token does not reach the admin routes', async () => {
    const { token, merchantId } = await newMerchant({ mode: 'prepaid' });
    // The local server signs every admin route as the local administrator, as API Gateway's IAM
    // authoriser would; the handler still refuses a request that carries no IAM caller.
    const { handler } = await import('../../../functions/merchants/handler.js');
    const { httpEvent, lambdaContext } = await import('../../../functions/http/testEvents.js');
    const response = await handler(
      httpEvent('GET /admin/merchants/{merchantId}', { pathParameters: { merchantId }, headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(401);
  });
});

describe('changing a merchant', () => {
  it('refuses a credit limit below what is owed and held, and takes one that covers it, moving the account version', async () => {
    const { merchantId, token } = await newMerchant({ mode: 'credit', creditLimitFen: 10_000 });
    expect((await grant(token)).status).toBe(201);
    expect((await grant(token)).status).toBe(201);
    const held = await account(merchantId);
    expect(held).toMatchObject({ heldFen: 6_000, availableFen: 4_000 });
    const auditBefore = await merchantAudit(lot.lotId, merchantId);

    const tooLow = await request('PATCH', `/admin/merchants/${merchantId}`, { body: { creditLimitFen: 5_999, reason: 'risk review' } });
    expect(tooLow.status).toBe(409);
    expect(tooLow.json.error.details).toMatchObject({ reason: 'CREDIT_LIMIT_BELOW_USE', inUseFen: 6_000 });
    expect(await account(merchantId)).toEqual(held);
    expect(await merchantAudit(lot.lotId, merchantId)).toEqual(auditBefore);

    const covering = await request('PATCH', `/admin/merchants/${merchantId}`, { body: { creditLimitFen: 6_000, reason: 'risk review' } });
    expect(covering.status).toBe(200);
    expect(covering.json).toMatchObject({ changed: true, merchant: { billing: { mode: 'credit', creditLimitFen: 6_000 } }, account: { creditLimitFen: 6_000, availableFen: 0 } });
    expect((await grant(token)).json.error.details.reason).toBe('INSUFFICIENT_FUNDS');
    const updated = (await merchantAudit(lot.lotId, merchantId)).find((entry) => entry.action === 'updateMerchant');
    expect(updated).toMatchObject({ action: 'updateMerchant', who: adminArn, reason: 'risk review', details: { changes: { billing: { from: { creditLimitFen: 10_000 }, to: { creditLimitFen: 6_000 } } } } });
  });

  it('keeps grants within the limit when it is lowered while they run: every write is on the account version', async () => {
    const { merchantId, token } = await newMerchant({ mode: 'credit', creditLimitFen: 15_000 });
    const [lowered, ...grants] = await Promise.all([
      request('PATCH', `/admin/merchants/${merchantId}`, { body: { creditLimitFen: 6_000, reason: 'risk review' } }),
      grant(token),
      grant(token),
      grant(token),
    ]);
    const granted = grants.filter((answer) => answer.status === 201).length;
    for (const answer of grants.filter((candidate) => candidate.status !== 201)) expect(answer.json.error.details.reason).toBe('INSUFFICIENT_FUNDS');
    const after = await account(merchantId);
    expect(after.heldFen).toBe(granted * 3_000);
    if (lowered.status === 200) {
      // The limit took effect: whatever was granted before it fits under it, and nothing after it went over.
      expect(after.creditLimitFen).toBe(6_000);
      expect(after.availableFen).toBeGreaterThanOrEqual(0);
    } else {
      // The grants came first and use more than the new limit: the lowering was refused.
      expect(lowered.json.error.details.reason).toBe('CREDIT_LIMIT_BELOW_USE');
      expect(after.creditLimitFen).toBe(15_000);
      expect(granted * 3_000).toBeGreaterThan(6_000);
    }
  });

  it('refuses a credit limit for a prepaid merchant and a change without a reason', async () => {
    const { merchantId } = await newMerchant({ mode: 'prepaid' });
    expect((await request('PATCH', `/admin/merchants/${merchantId}`, { body: { creditLimitFen: 1_000, reason: 'why not' } })).status).toBe(400);
    expect((await request('PATCH', `/admin/merchants/${merchantId}`, { body: { name: '新名字' } })).status).toBe(400);
    expect((await request('PATCH', `/admin/merchants/${merchantId}`, { body: { reason: 'nothing' } })).status).toBe(400);
    expect((await request('GET', `/admin/merchants/${merchantId}`)).json.merchant.name).toBe('测试商户');
  });

  it('suspends a merchant, whose staff then cannot grant (nothing written), and reactivates it', async () => {
    const { merchantId, token } = await newMerchant({ mode: 'both', creditLimitFen: 20_000 });
    const suspended = await request('PATCH', `/admin/merchants/${merchantId}`, { body: { status: 'suspended', reason: 'unpaid invoices' } });
    expect(suspended.json).toMatchObject({ changed: true, merchant: { status: 'suspended' } });
    const ledgerBefore = (await merchantItems(merchantId)).filter((item) => item.entity === 'LedgerEntry');
    const refused = await grant(token);
    expect(refused.status).toBe(403);
    expect(refused.json.error.details.reason).toBe('MERCHANT_SUSPENDED');
    expect((await merchantItems(merchantId)).filter((item) => item.entity === 'LedgerEntry')).toEqual(ledgerBefore);
    // The same change again changes nothing and is not audited twice.
    expect((await request('PATCH', `/admin/merchants/${merchantId}`, { body: { status: 'suspended', reason: 'unpaid invoices' } })).json.changed).toBe(false);
    expect((await request('PATCH', `/admin/merchants/${merchantId}`, { body: { status: 'active', reason: 'paid' } })).status).toBe(200);
    expect((await grant(token)).status).toBe(201);
    const changes = (await merchantAudit(lot.lotId, merchantId)).filter((entry) => entry.action === 'updateMerchant');
    expect(changes.map((entry) => entry.details.changes.status)).toEqual([
      { from: 'active', to: 'suspended' },
      { from: 'suspended', to: 'active' },
    ]);
  });
});

describe('staff logins', () => {
  it('adds a clerk who can sign in, keeps login names unique across merchants, disables (at once, tokens too) and resets passwords', async () => {
    const first = await newMerchant({ mode: 'credit', creditLimitFen: 10_000 });
    const second = await newMerchant({ mode: 'prepaid' });
    const login = `${first.merchantId}-clerk`;
    const added = await request('POST', `/admin/merchants/${first.merchantId}/staff`, { body: { name: '小李', role: 'clerk', login, password: 'first password', reason: 'new clerk' } });
    expect(added.status).toBe(201);
    expect(added.json).not.toHaveProperty('passwordHash');
    const staffId = added.json.staffId as string;
    const signIn = (password: string) => request('POST', '/merchant/login', { body: { login, password } });
    const signedInBefore = await signIn('first password');
    expect(signedInBefore.json.staff).toEqual({ kind: 'merchant', merchantId: first.merchantId, staffId, role: 'clerk' });
    const clerkToken = signedInBefore.json.token as string;
    expect((await grant(clerkToken)).status).toBe(201);

    const taken = await request('POST', `/admin/merchants/${second.merchantId}/staff`, { body: { name: '冒名', role: 'owner', login, password: 'another password' } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.details.reason).toBe('LOGIN_TAKEN');
    expect((await signIn('first password')).json.staff.merchantId).toBe(first.merchantId);
    expect((await merchantItems(second.merchantId)).filter((item) => item.entity === 'StaffMember')).toHaveLength(1);

    expect((await request('PATCH', `/admin/merchants/${first.merchantId}/staff/${staffId}`, { body: { status: 'disabled', reason: 'left the shop' } })).json.status).toBe('disabled');
    expect((await signIn('first password')).status).toBe(401);
    // The token from before the disablement no longer works either.
    const stale = await grant(clerkToken);
    expect(stale.status).toBe(401);
    expect(stale.json.error.details.reason).toBe('staffDisabled');
    expect((await request('GET', '/merchant/account', { token: clerkToken })).status).toBe(401);
    const reset = await request('PATCH', `/admin/merchants/${first.merchantId}/staff/${staffId}`, { body: { status: 'active', password: 'second password', reason: 'came back' } });
    expect(reset.status).toBe(200);
    expect((await signIn('first password')).status).toBe(401);
    expect((await signIn('second password')).status).toBe(200);
    expect((await request('GET', '/merchant/account', { token: clerkToken })).status).toBe(200);
    // Another merchant's staff is not found through this merchant.
    expect((await request('PATCH', `/admin/merchants/${second.merchantId}/staff/${staffId}`, { body: { status: 'disabled', reason: 'x' } })).status).toBe(404);
    expect((await signIn('second password')).status).toBe(200);

    const audit = (await merchantAudit(lot.lotId, first.merchantId)).filter((entry) => entry.details.staffId === staffId);
    expect(audit.map((entry) => [entry.action, entry.reason])).toEqual([
      ['createStaff', 'new clerk'],
      ['updateStaff', 'left the shop'],
      ['updateStaff', 'came back'],
    ]);
    expect(audit[2]?.details).toMatchObject({ passwordReset: true, status: { from: 'disabled', to: 'active' } });
  });

  it('refuses a short password', async () => {
    const { merchantId } = await newMerchant({ mode: 'prepaid' });
    const answer = await request('POST', `/admin/merchants/${merchantId}/staff`, { body: { name: '小李', role: 'clerk', login: `${merchantId}-short`, password: 'short' } });
    expect(answer.status).toBe(400);
    expect((await request('POST', '/merchant/login', { body: { login: `${merchantId}-short`, password: 'short' } })).status).toBe(401);
  });
});

describe('coupon templates', () => {
  it('shows staff their own merchant’s active templates only; a retired template grants no more', async () => {
    const mine = await newMerchant({ mode: 'credit', creditLimitFen: 100_000 });
    const theirs = await newMerchant({ mode: 'credit', creditLimitFen: 100_000 });
    const spend = await request('POST', `/admin/merchants/${mine.merchantId}/templates`, {
      body: { templateId: 'spend-100', name: '满100停3小时', kind: 'spendThreshold', thresholdFen: 10_000, minutes: 180, holidayMinutes: 240, priceFen: 900, holidayPriceFen: 1_200, validity: { hours: 12 }, membersOnly: true },
    });
    expect(spend.status, JSON.stringify(spend.json)).toBe(201);
    expect(spend.json).toMatchObject({ merchantId: mine.merchantId, status: 'active', holidayMinutes: 240, holidayPriceFen: 1_200, membersOnly: true });
    const listed = async (token: string) => (await request('GET', '/merchant/templates', { token })).json.templates.map((template: any) => template.templateId);
    // One whose validity ran out (written before that day) is not offered.
    await local.documents.send(
      new PutCommand({
        TableName: local.tableName,
        Item: { pk: `MERCHANT#${mine.merchantId}`, sk: 'TEMPLATE#old', entity: 'CouponTemplate', templateId: 'old', merchantId: mine.merchantId, name: '旧券', kind: 'full', priceFen: 0, validity: { until: '2020-01-31' }, status: 'active' },
      }),
    );
    expect(await listed(mine.token)).toEqual(['spend-100', 'thirty']);
    expect(await listed(theirs.token)).toEqual(['thirty']);

    const retired = await request('POST', `/admin/merchants/${mine.merchantId}/templates/thirty/retire`, { body: { reason: 'promotion over' } });
    expect(retired.json).toMatchObject({ templateId: 'thirty', status: 'retired' });
    expect(await listed(mine.token)).toEqual(['spend-100']);
    expect(await listed(theirs.token)).toEqual(['thirty']);
    expect((await grant(mine.token)).json.error.details.reason).toBe('TEMPLATE_RETIRED');
    expect((await grant(theirs.token)).status).toBe(201);
    const again = await request('POST', `/admin/merchants/${mine.merchantId}/templates/thirty/retire`, { body: { reason: 'twice' } });
    expect(again.status).toBe(409);
    expect((await merchantAudit(lot.lotId, mine.merchantId)).filter((entry) => entry.action === 'retireTemplate').map((entry) => entry.reason)).toEqual(['promotion over']);
  });

  it('refuses a malformed template, a validity already over and a taken id, writing nothing', async () => {
    const { merchantId } = await newMerchant({ mode: 'prepaid' });
    const post = (body: Record<string, unknown>) => request('POST', `/admin/merchants/${merchantId}/templates`, { body });
    expect((await post({ name: '减150%', kind: 'percent', value: 150, priceFen: 100, validity: { hours: 1 } })).status).toBe(400);
    expect((await post({ name: '过期', kind: 'minutes', value: 60, priceFen: 100, validity: { until: '2020-01-01' } })).json.error.details.reason).toBe('TEMPLATE_EXPIRED');
    const taken = await post({ templateId: 'thirty', name: '同名', kind: 'full', priceFen: 100, validity: { hours: 1 } });
    expect(taken.status).toBe(409);
    const templates = (await merchantItems(merchantId)).filter((item) => item.entity === 'CouponTemplate');
    expect(templates.map((template) => [template.templateId, template.kind])).toEqual([['thirty', 'amount']]);
  });
});

describe('settlements, adjustments and the statement', () => {
  it('records an adjustment and a settlement once per id, refuses one beyond what is owed, and audits each once', async () => {
    const { merchantId, token } = await newMerchant({ mode: 'credit', creditLimitFen: 10_000 });
    const adjust = (adjustmentId: string, amountFen: number, reason?: string) =>
      request('POST', `/admin/merchants/${merchantId}/adjustments`, { body: { adjustmentId, amountFen, ...(reason ? { reason } : {}) } });
    const settle = (settlementId: string, amountFen: number) =>
      request('POST', `/admin/merchants/${merchantId}/settlements`, { body: { settlementId, amountFen, reference: 'ICBC-20261123-01' } });

    expect((await adjust('adj-1', -3_000)).status).toBe(400);
    const charged = await adjust('adj-1', -3_000, 'printed posters');
    expect(charged.status).toBe(201);
    expect(charged.json).toMatchObject({ adjustmentId: 'adj-1', entry: { kind: 'adjustment', amountFen: -3_000, reason: 'printed posters' }, account: { balanceFen: -3_000 } });
    expect((await adjust('adj-1', -3_000, 'printed posters')).headers.get('idempotent-replayed')).toBe('true');

    const ledger = async () => (await merchantItems(merchantId)).filter((item) => item.entity === 'LedgerEntry');
    const before = await ledger();
    const tooMuch = await settle('stl-1', 5_000);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.error.details).toMatchObject({ reason: 'SETTLEMENT_EXCEEDS_DUE', dueFen: 3_000 });
    expect(await ledger()).toEqual(before);

    expect((await settle('stl-1', 3_000)).status).toBe(201);
    const replay = await settle('stl-1', 3_000);
    expect(replay.status).toBe(200);
    expect(replay.json.entry).toMatchObject({ kind: 'settlement', amountFen: 3_000, reason: 'ICBC-20261123-01' });
    expect((await settle('stl-1', 2_000)).status).toBe(409);
    expect((await ledger()).map((entry) => entry.kind)).toEqual(['adjustment', 'settlement']);
    expect(await account(merchantId)).toMatchObject({ balanceFen: 0, availableFen: 10_000 });

    const money = (await merchantAudit(lot.lotId, merchantId)).filter((entry) => entry.action === 'adjustMerchant' || entry.action === 'settleMerchant');
    expect(money.map((entry) => [entry.action, entry.who, entry.details.amountFen])).toEqual([
      ['adjustMerchant', adminArn, -3_000],
      ['settleMerchant', adminArn, 3_000],
    ]);

    const month = localMonth(Date.now(), 'Asia/Shanghai');
    const byAdmin = await request('GET', `/admin/merchants/${merchantId}/statements/${month}`);
    const byMerchant = await request('GET', `/merchant/statements/${month}`, { token });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.headers.get('content-type')).toContain('text/csv');
    expect(byAdmin.bytes.toString('utf8')).toBe(byMerchant.bytes.toString('utf8'));
    expect(byAdmin.bytes.toString('utf8')).toContain('ICBC-20261123-01');
  });
});
