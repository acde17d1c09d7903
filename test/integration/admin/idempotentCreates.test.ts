/**
 * Retrying an admin request that creates something, against DynamoDB Local: with the same
 * Idempotency-Key the retry gets the first answer (one device, one tariff version, one audit
 * entry); the key reused for another request is refused and writes nothing.
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

const createLotWithLanes = async (): Promise<string> => {
  const lotId = `lot-retry-${randomBytes(3).toString('hex')}`;
  expect((await adminCall(api, 'POST', '/admin/lots', { lotId, name: '大悦城停车场', capacity: 300, reason: 'New mall' })).status).toBe(201);
  for (const lane of [
    { laneId: 'south-in', name: '南入口', direction: 'entry' },
    { laneId: 'south-out', name: '南出口', direction: 'exit' },
  ]) {
    expect((await adminCall(api, 'POST', `/admin/lots/${lotId}/lanes`, { ...lane, reason: 'Lanes as built' })).status).toBe(201);
  }
  return lotId;
};

const flatTariff = {
  timezone: 'Asia/Shanghai',
  exitGraceMinutes: 15,
  schedules: { default: { freeMinutes: 0, bands: [{ from: '00:00', to: '24:00', unitMinutes: 60, unitPrice: 1000 }] } },
};

describe('issuing a device with an Idempotency-Key', () => {
  it('answers a retry with the same device and secret, issuing and auditing once', async () => {
    const lotId = await createLotWithLanes();
    const key = { 'idempotency-key': randomUUID() };
    const request = { laneId: 'south-in', reason: 'New camera' };
    const first = await adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, request, key);
    expect(first.status).toBe(201);
    const retry = await adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, request, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json).toEqual(first.json);

    const listed = await adminCall(api, 'GET', `/admin/lots/${lotId}/devices`);
    expect(listed.json.devices.map((device: { deviceId: string }) => device.deviceId)).toEqual([first.json.device.deviceId]);
    expect((await auditOf(api, lotId)).filter((entry) => entry.action === 'issueDevice')).toHaveLength(1);

    // Without a key, the same request is a second device.
    expect((await adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, request)).json.device.deviceId).not.toBe(first.json.device.deviceId);
  });

  it('refuses the key reused for another lane with 409, writing nothing', async () => {
    const lotId = await createLotWithLanes();
    const key = { 'idempotency-key': randomUUID() };
    expect((await adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId: 'south-in', reason: 'New camera' }, key)).status).toBe(201);
    const refused = await refusedWithoutWriting(lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId: 'south-out', reason: 'New camera' }, key),
    );
    expect(refused.json.error.details).toMatchObject({ reason: 'keyReused' });
  });

  it('issues one device when the same request arrives twice at once', async () => {
    const lotId = await createLotWithLanes();
    const key = { 'idempotency-key': randomUUID() };
    const answers = await Promise.all([0, 1].map(() => adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId: 'south-in', reason: 'New camera' }, key)));
    expect(answers.map((answer) => answer.status).sort()).toContain(201);
    const listed = await adminCall(api, 'GET', `/admin/lots/${lotId}/devices`);
    expect(listed.json.devices).toHaveLength(1);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 200) expect(answer.json.device.deviceId).toBe(listed.json.devices[0].deviceId);
    }
  });
});

describe('publishing a tariff "now" with an Idempotency-Key', () => {
  it('answers a retry with the version first published, adding no second version', async () => {
    const lotId = await createLotWithLanes();
    const key = { 'idempotency-key': randomUUID() };
    const request = { tariff: flatTariff, reason: 'Opening prices' };
    const first = await adminCall(api, 'POST', `/admin/lots/${lotId}/tariffs`, request, key);
    expect(first.status).toBe(201);
    const retry = await adminCall(api, 'POST', `/admin/lots/${lotId}/tariffs`, request, key);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const history = await adminCall(api, 'GET', `/admin/lots/${lotId}/tariffs`);
    expect(history.json.versions.map((version: { effectiveFrom: string }) => version.effectiveFrom)).toEqual([first.json.effectiveFrom]);

    await refusedWithoutWriting(lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'POST', `/admin/lots/${lotId}/tariffs`, { ...request, reason: 'Other prices' }, key),
    );
  });
});
