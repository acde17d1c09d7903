/**
 * Lots, lanes and lane devices through the admin API on the local API server, against DynamoDB
 * Local: what each creates, that every change is audited under the administrator's ARN, that a
 * refusal writes nothing, and that a device's secret works until it is rotated or disabled.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { adminArn, adminCall, auditOf, post, refusedWithoutWriting, snapshotOf, startApi } from './adminHarness.js';

let api: RunningApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const newLotId = () => `lot-admin-${randomBytes(3).toString('hex')}`;
const lotRequest = (lotId: string) => ({ lotId, name: '万象城停车场', capacity: 600, reason: 'New mall opens in December' });

const createLotWithLanes = async () => {
  const lotId = newLotId();
  expect((await adminCall(api, 'POST', '/admin/lots', lotRequest(lotId))).status).toBe(201);
  for (const lane of [
    { laneId: 'north-in', name: '北入口', direction: 'entry' },
    { laneId: 'north-out', name: '北出口', direction: 'exit' },
  ]) {
    expect((await adminCall(api, 'POST', `/admin/lots/${lotId}/lanes`, { ...lane, reason: 'Lanes as built' })).status).toBe(201);
  }
  return lotId;
};

const issueDevice = async (lotId: string, laneId: string) => {
  const answer = await adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId, reason: 'Camera installed' });
  expect(answer.status).toBe(201);
  return answer.json as { device: { deviceId: string; laneId: string; direction: 'entry' | 'exit'; secretVersion: number }; secret: string };
};

const credentialsOf = ({ device, secret }: Awaited<ReturnType<typeof issueDevice>>) => ({
  deviceId: device.deviceId,
  laneId: device.laneId,
  direction: device.direction,
  secret,
});

const entryAt = () => new Date(Date.now() - 60_000).toISOString();

/** A signed entry event from the device: 200 when its secret is accepted, 401 when not. */
const deviceEntryStatus = async (credentials: ReturnType<typeof credentialsOf>, plate: string): Promise<number> => {
  try {
    await post(api, credentials, { plate, at: entryAt() });
    return 200;
  } catch (error) {
    const status = /answered (\d+)/.exec((error as Error).message)?.[1];
    if (status === undefined) throw error;
    return Number(status);
  }
};

describe('lots', () => {
  it('creates a lot that the lot list, the lot itself and the merchants core all see, with default policy and calendar', async () => {
    const lotId = newLotId();
    const before = Date.now();
    const createdLot = await adminCall(api, 'POST', '/admin/lots', lotRequest(lotId));
    expect(createdLot.status).toBe(201);
    expect(createdLot.json).toMatchObject({ lotId, name: '万象城停车场', capacity: 600, timezone: 'Asia/Shanghai', holidays: [] });

    const lots = await adminCall(api, 'GET', '/admin/lots');
    expect(lots.json.lots.map((lot: { lotId: string }) => lot.lotId)).toContain(lotId);
    const lot = await adminCall(api, 'GET', `/admin/lots/${lotId}`);
    expect(lot.json).toMatchObject({ lotId, lanes: [], couponPolicy: { maxCouponsPerSession: 3, fullCouponsAllowed: true } });

    const { loadMerchantLot } = await import('../../../functions/merchants/merchantRecords.js');
    expect(await loadMerchantLot(lotId)).toEqual({
      calendar: { timezone: 'Asia/Shanghai', holidays: [] },
      policy: lot.json.couponPolicy,
    });

    const [entry] = await auditOf(api, lotId);
    expect(entry).toMatchObject({ action: 'createLot', who: adminArn, reason: 'New mall opens in December', lotId });
    expect(Date.parse(entry!.when)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entry!.when)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a second lot under the same id, and a lot with bad settings, writing nothing', async () => {
    const lotId = newLotId();
    await adminCall(api, 'POST', '/admin/lots', lotRequest(lotId));
    await refusedWithoutWriting(lotId, 409, 'CONFLICT', () => adminCall(api, 'POST', '/admin/lots', { ...lotRequest(lotId), name: 'Other' }));
    const bad = await refusedWithoutWriting(lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'POST', '/admin/lots', { ...lotRequest(lotId), capacity: 0, timezone: 'Mars/Olympus' }),
    );
    expect(bad.json.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['body.timezone', 'body.capacity']);
    const unreasoned = newLotId();
    await refusedWithoutWriting(unreasoned, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'POST', '/admin/lots', { ...lotRequest(unreasoned), reason: ' ' }),
    );
  });

  it('answers 404 for a lot that does not exist', async () => {
    expect((await adminCall(api, 'GET', '/admin/lots/lot-nowhere')).status).toBe(404);
    expect((await adminCall(api, 'GET', '/admin/lots/lot-nowhere/lanes')).status).toBe(404);
  });

  it('refuses a caller without IAM credentials', async () => {
    // Straight to the handler, without the IAM authoriser's caller that API Gateway (or the local server) adds.
    const { handler } = await import('../../../functions/admin/handler.js');
    const { httpEvent, lambdaContext } = await import('../../../functions/http/testEvents.js');
    const response = (await handler(httpEvent('GET /admin/lots'), lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(401);
  });
});

describe('lanes', () => {
  it('adds lanes to a lot, refuses a lane twice or in a lot that does not exist, and audits each', async () => {
    const lotId = await createLotWithLanes();
    const lanes = await adminCall(api, 'GET', `/admin/lots/${lotId}/lanes`);
    expect(lanes.json.lanes.map((lane: { laneId: string; direction: string }) => [lane.laneId, lane.direction])).toEqual([
      ['north-in', 'entry'],
      ['north-out', 'exit'],
    ]);
    await refusedWithoutWriting(lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'POST', `/admin/lots/${lotId}/lanes`, { laneId: 'north-in', name: 'again', direction: 'exit', reason: 'typo' }),
    );
    const missing = newLotId();
    await refusedWithoutWriting(missing, 404, 'NOT_FOUND', () =>
      adminCall(api, 'POST', `/admin/lots/${missing}/lanes`, { laneId: 'a', name: 'A', direction: 'entry', reason: 'r' }),
    );
    expect((await auditOf(api, lotId)).map((entry) => [entry.action, entry.laneId ?? null])).toEqual([
      ['createLane', 'north-out'],
      ['createLane', 'north-in'],
      ['createLot', null],
    ]);
  });
});

describe('devices', () => {
  it('issues a device for a lane with its secret once; the device signs with it; the lot lists it without the secret', async () => {
    const lotId = await createLotWithLanes();
    const issued = await issueDevice(lotId, 'north-in');
    expect(issued.device).toMatchObject({ lotId, laneId: 'north-in', direction: 'entry', secretVersion: 1, status: 'active' });
    expect(issued.secret).toMatch(/^[0-9a-f]{64}$/);
    // The lot has no tariff yet, but an entry needs none: the barrier answers.
    expect(await deviceEntryStatus(credentialsOf(issued), '粤B70001')).toBe(200);

    const listed = await adminCall(api, 'GET', `/admin/lots/${lotId}/devices`);
    expect(listed.json.devices).toEqual([expect.objectContaining({ deviceId: issued.device.deviceId, secretVersion: 1 })]);
    expect(JSON.stringify(listed.json)).not.toContain(issued.secret);
    expect(JSON.stringify(await snapshotOf(lotId))).not.toContain(issued.secret);
    expect((await auditOf(api, lotId))[0]).toMatchObject({ action: 'issueDevice', laneId: 'north-in', details: { deviceId: issued.device.deviceId } });
  });

  it('refuses a device for a lane the lot does not have, or under an id already taken, writing nothing', async () => {
    const lotId = await createLotWithLanes();
    await refusedWithoutWriting(lotId, 404, 'NOT_FOUND', () =>
      adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId: 'south-in', reason: 'Camera installed' }),
    );
    const { device } = await issueDevice(lotId, 'north-out');
    await refusedWithoutWriting(lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'POST', `/admin/lots/${lotId}/devices`, { laneId: 'north-in', deviceId: device.deviceId, reason: 'again' }),
    );
  });

  it('rotates a secret: the old signature is refused (401), the new one works, and the rotation is audited', async () => {
    const lotId = await createLotWithLanes();
    const issued = await issueDevice(lotId, 'north-in');
    const rotated = await adminCall(api, 'POST', `/admin/devices/${issued.device.deviceId}/rotate`, { reason: 'Controller replaced' });
    expect(rotated.status).toBe(200);
    expect(rotated.json.device.secretVersion).toBe(2);
    expect(rotated.json.secret).not.toBe(issued.secret);

    expect(await deviceEntryStatus(credentialsOf(issued), '粤B70002')).toBe(401);
    expect(await deviceEntryStatus(credentialsOf(rotated.json), '粤B70002')).toBe(200);
    expect((await auditOf(api, lotId))[0]).toMatchObject({
      action: 'rotateDeviceSecret',
      who: adminArn,
      reason: 'Controller replaced',
      details: { deviceId: issued.device.deviceId, secretVersion: 2 },
    });
  });

  it('rotates once per rotation that succeeded when several run at once: the others are told (409) and leave no trace', async () => {
    const lotId = await createLotWithLanes();
    const { device } = await issueDevice(lotId, 'north-out');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => adminCall(api, 'POST', `/admin/devices/${device.deviceId}/rotate`, { reason: 'Leaked' })),
    );
    const succeeded = answers.filter((answer) => answer.status === 200);
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.status)).toEqual(
      Array.from({ length: answers.length - succeeded.length }, () => 409),
    );
    const versions = succeeded.map((answer) => answer.json.device.secretVersion as number).sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, index) => 2 + index));
    const listed = await adminCall(api, 'GET', `/admin/lots/${lotId}/devices`);
    expect(listed.json.devices[0].secretVersion).toBe(1 + succeeded.length);
    expect((await auditOf(api, lotId)).filter((entry) => entry.action === 'rotateDeviceSecret')).toHaveLength(succeeded.length);
  });

  it('disables a device (its requests are refused) and enables it again, auditing both', async () => {
    const lotId = await createLotWithLanes();
    const issued = await issueDevice(lotId, 'north-in');
    const path = `/admin/devices/${issued.device.deviceId}`;
    expect((await adminCall(api, 'PATCH', path, { status: 'disabled', reason: 'Camera stolen' })).json.status).toBe('disabled');
    expect(await deviceEntryStatus(credentialsOf(issued), '粤B70003')).toBe(401);
    expect((await adminCall(api, 'PATCH', path, { status: 'active', reason: 'Camera found' })).json.status).toBe('active');
    expect(await deviceEntryStatus(credentialsOf(issued), '粤B70003')).toBe(200);
    expect((await auditOf(api, lotId)).slice(0, 2).map((entry) => [entry.action, entry.reason])).toEqual([
      ['enableDevice', 'Camera found'],
      ['disableDevice', 'Camera stolen'],
    ]);
  });

  it('answers 404 for a device that does not exist, and 400 for a status it does not know', async () => {
    expect((await adminCall(api, 'POST', '/admin/devices/dev-nowhere/rotate', { reason: 'r' })).status).toBe(404);
    expect((await adminCall(api, 'PATCH', '/admin/devices/dev-nowhere', { status: 'broken', reason: 'r' })).status).toBe(400);
  });
});
