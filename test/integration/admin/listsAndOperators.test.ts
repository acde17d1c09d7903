/**
 * The allow- and deny-lists, operator tokens, barrier opens by an administrator and the audit
 * trail, through the admin API on the local API server against DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { adminArn, adminCall, auditOf, deviceOf, post, refusedWithoutWriting, seedLot, startApi } from './adminHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
let otherLot: DemoLot;
beforeAll(async () => {
  [api, lot, otherLot] = await Promise.all([startApi(), seedLot('lists'), seedLot('lists-other')]);
});
afterAll(() => api.close());

const listPath = (list: 'allow' | 'deny', plate = '') => `/admin/lots/${lot.lotId}/${list}-list${plate === '' ? '' : `/${plate}`}`;
const listed = async (list: 'allow' | 'deny') => (await adminCall(api, 'GET', listPath(list))).json.entries as { plate: string }[];

describe('plate lists', () => {
  it('puts a plate on the deny-list (normalised), where the entry lane refuses it, and takes it off again', async () => {
    const put = await adminCall(api, 'PUT', listPath('deny', '粤b·60001'), {
      category: 'unpaidDebt',
      note: 'Left three times without paying',
      reason: 'Finance asked',
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ plate: '粤B60001', category: 'unpaidDebt', note: 'Left three times without paying' });
    expect((await listed('deny')).map((entry) => entry.plate)).toContain('粤B60001');
    const entry = deviceOf(lot, 'lane-east-in');
    expect(await post(api, entry, { plate: '粤B60001', at: new Date().toISOString() })).toMatchObject({ decision: 'deny' });

    const removed = await adminCall(api, 'DELETE', `${listPath('deny', '粤B60001')}?reason=${encodeURIComponent('Debt paid')}`);
    expect(removed.json).toEqual({ removed: { lotId: lot.lotId, list: 'deny', plate: '粤B60001' } });
    expect((await listed('deny')).map((listedEntry) => listedEntry.plate)).not.toContain('粤B60001');
    expect(await post(api, entry, { plate: '粤B60001', at: new Date().toISOString() })).toMatchObject({ decision: 'open' });

    expect((await auditOf(api, lot.lotId)).slice(0, 2).map((audit) => [audit.action, audit.who, audit.reason])).toEqual([
      ['removeDenyListEntry', adminArn, 'Debt paid'],
      ['putDenyListEntry', adminArn, 'Finance asked'],
    ]);
  });

  it('keeps an allow-list entry’s category, note and validity, replacing it when put again', async () => {
    const validity = { validFrom: '2026-01-01T00:00:00+08:00', validUntil: '2027-01-01T00:00:00+08:00' };
    await adminCall(api, 'PUT', listPath('allow', '粤B60002'), { category: 'mallStaff', ...validity, reason: 'New hire' });
    await adminCall(api, 'PUT', listPath('allow', '粤B60002'), { category: 'permittedVehicle', reason: 'Now a delivery van' });
    expect((await listed('allow')).filter((entry) => entry.plate === '粤B60002')).toEqual([{ plate: '粤B60002', category: 'permittedVehicle' }]);
  });

  it('refuses a bad plate, a validity that ends before it starts, a missing reason, a plate not listed and a lot that does not exist, writing nothing', async () => {
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () => adminCall(api, 'PUT', listPath('allow', 'hello'), { category: 'mallStaff', reason: 'r' }));
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'PUT', listPath('allow', '粤B60003'), {
        category: 'mallStaff',
        validFrom: '2026-06-01T00:00:00+08:00',
        validUntil: '2026-05-01T00:00:00+08:00',
        reason: 'r',
      }),
    );
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () => adminCall(api, 'DELETE', listPath('allow', '粤B60003')));
    await refusedWithoutWriting(lot.lotId, 404, 'NOT_FOUND', () => adminCall(api, 'DELETE', `${listPath('allow', '粤B60003')}?reason=gone`));
    await refusedWithoutWriting('lot-nowhere', 404, 'NOT_FOUND', () =>
      adminCall(api, 'PUT', '/admin/lots/lot-nowhere/allow-list/粤B60003', { category: 'mallStaff', reason: 'r' }),
    );
  });
});

describe('operator tokens', () => {
  it('issues a short-lived token for a named staff member that works in the lot only, and audits it without the token', async () => {
    const before = Date.now();
    const issued = await adminCall(api, 'POST', `/admin/lots/${lot.lotId}/operator-tokens`, {
      operatorId: 'op-wang',
      name: '王师傅',
      lifetimeMinutes: 60,
      reason: 'Night shift',
    });
    expect(issued.status).toBe(201);
    expect(issued.json).toMatchObject({ operatorId: 'op-wang', lotId: lot.lotId, token: expect.any(String) });
    // Token times are whole seconds.
    expect(Date.parse(issued.json.expiresAt)).toBeGreaterThan(before - 1000 + 60 * 60_000);
    expect(Date.parse(issued.json.expiresAt)).toBeLessThanOrEqual(Date.now() + 60 * 60_000);

    const asOperator = (lotId: string) =>
      fetch(`${api.url}/lots/${lotId}/audit`, { headers: { authorization: `Bearer ${issued.json.token}` } });
    expect((await asOperator(lot.lotId)).status).toBe(200);
    expect((await asOperator(otherLot.lotId)).status).toBe(403);

    const [audit] = await auditOf(api, lot.lotId);
    expect(audit).toMatchObject({ action: 'issueOperatorToken', who: adminArn, reason: 'Night shift', details: { operatorId: 'op-wang', name: '王师傅' } });
    expect(JSON.stringify(audit)).not.toContain(issued.json.token);
  });

  it('refuses a lifetime beyond a shift and a lot that does not exist', async () => {
    const request = { operatorId: 'op-li', name: '李师傅', reason: 'r' };
    expect((await adminCall(api, 'POST', `/admin/lots/${lot.lotId}/operator-tokens`, { ...request, lifetimeMinutes: 24 * 60 })).status).toBe(400);
    await refusedWithoutWriting('lot-nowhere', 404, 'NOT_FOUND', () => adminCall(api, 'POST', '/admin/lots/lot-nowhere/operator-tokens', request));
  });
});

describe('opening a barrier', () => {
  it('sends the lane an open command through the operators’ path and audits it under the administrator', async () => {
    const opened = await adminCall(api, 'POST', `/admin/lots/${lot.lotId}/lanes/lane-east-out/open`, { reason: 'Ambulance leaving' });
    expect(opened.status).toBe(200);
    expect(opened.json.command).toMatchObject({ lotId: lot.lotId, laneId: 'lane-east-out', kind: 'open', reason: 'Ambulance leaving' });

    const exitDevice = deviceOf(lot, 'lane-east-out');
    const { deviceFetch } = await import('../../../scripts/sim/deviceClient.js');
    const commands = await (await deviceFetch(api.url, exitDevice, { method: 'GET', path: '/device/commands' })).json();
    expect(JSON.stringify(commands)).toContain(opened.json.actionId);

    expect((await auditOf(api, lot.lotId))[0]).toMatchObject({ action: 'openBarrier', who: adminArn, laneId: 'lane-east-out', reason: 'Ambulance leaving' });
  });

  it('refuses a lane the lot does not have and a missing reason, writing nothing', async () => {
    await refusedWithoutWriting(lot.lotId, 404, 'NOT_FOUND', () => adminCall(api, 'POST', `/admin/lots/${lot.lotId}/lanes/lane-south/open`, { reason: 'r' }));
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () => adminCall(api, 'POST', `/admin/lots/${lot.lotId}/lanes/lane-east-out/open`, {}));
  });
});

describe('the audit trail', () => {
  it('pages newest first with `before`', async () => {
    const first = await adminCall(api, 'GET', `/admin/lots/${lot.lotId}/audit?limit=2`);
    expect(first.json.entries).toHaveLength(2);
    const next = await adminCall(api, 'GET', `/admin/lots/${lot.lotId}/audit?limit=2&before=${encodeURIComponent(first.json.before)}`);
    const times = [...first.json.entries, ...next.json.entries].map((entry: { when: string }) => entry.when);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(times).size).toBe(times.length);
  });
});
