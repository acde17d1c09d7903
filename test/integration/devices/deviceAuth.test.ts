import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { newNonce } from '../../../scripts/sim/deviceClient.js';
import { signDeviceRequest } from '../../../shared/devices/index.js';
import { at, call, deviceOf, entryLane, exitLane, itemsOf, laneEvent, local, seedLot, startApi } from './laneHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
const entry = () => deviceOf(lot, entryLane);

beforeAll(async () => {
  [api, lot] = await Promise.all([startApi(), seedLot('auth')]);
});
afterAll(() => api.close());

/** The answer to a request, and how many of the lot's items it added. */
const attempt = async (send: () => Promise<Response>) => {
  const before = (await itemsOf(lot)).length;
  const response = await send();
  const body = await response.json();
  return { status: response.status, body, written: (await itemsOf(lot)).length - before };
};

/** Signs one request and sends another (a man in the middle changing the path or the body). */
const sendSignedFor = (signed: { path: string; body: string }, sent: { path: string; body?: string }): Promise<Response> => {
  const headers = signDeviceRequest(entry().secret, {
    deviceId: entry().deviceId,
    method: 'POST',
    ...signed,
    timestamp: Math.floor(Date.now() / 1000),
    nonce: newNonce(),
  });
  return fetch(`${api.url}${sent.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent.body ?? signed.body });
};

const entryEvent = (plate = '粤B20001') => laneEvent(entry(), { plate, at: at('09:00') });

describe('device request authentication', () => {
  it('accepts a well-signed request (and remembers its nonce)', async () => {
    const result = await attempt(() => call(api, entry(), { method: 'POST', path: '/device/events', body: entryEvent() }));
    expect(result.status).toBe(200);
    expect(result.written).toBeGreaterThan(1);
  });

  it.each([
    ['301 s behind', -301],
    ['301 s ahead', 301],
  ])('refuses a timestamp %s with 401 and writes nothing', async (_, skewSeconds) => {
    const result = await attempt(() =>
      call(api, entry(), { method: 'POST', path: '/device/events', body: entryEvent('粤B20002'), now: new Date(Date.now() + skewSeconds * 1000) }),
    );
    expect(result).toMatchObject({ status: 401, written: 0, body: { error: { code: 'UNAUTHORIZED', details: { reason: 'clockSkew' } } } });
  });

  it('accepts a timestamp 299 s off', async () => {
    const response = await call(api, entry(), { method: 'POST', path: '/device/events', body: entryEvent('粤B20003'), now: new Date(Date.now() - 299_000) });
    expect(response.status).toBe(200);
  });

  it('refuses a reused nonce with 401 and writes nothing', async () => {
    const nonce = newNonce();
    const first = await call(api, entry(), { method: 'POST', path: '/device/events', body: entryEvent('粤B20004'), nonce });
    expect(first.status).toBe(200);
    const replay = await attempt(() => call(api, entry(), { method: 'POST', path: '/device/events', body: entryEvent('粤B20005'), nonce }));
    expect(replay).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'nonceReused' } } } });
  });

  it('refuses a bad signature with 401 and writes nothing: wrong secret, body changed after signing, unknown device', async () => {
    const wrongSecret = await attempt(() =>
      call(api, { ...entry(), secret: 'not-the-secret' }, { method: 'POST', path: '/device/events', body: entryEvent('粤B20006') }),
    );
    expect(wrongSecret).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'badSignature' } } } });

    const wrongPath = await attempt(() =>
      sendSignedFor({ path: '/device/events/batch', body: JSON.stringify(entryEvent('粤B20007')) }, { path: '/device/events' }),
    );
    expect(wrongPath).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'badSignature' } } } });

    const unknown = await attempt(() =>
      call(api, { ...entry(), deviceId: 'dev-nobody' }, { method: 'POST', path: '/device/events', body: entryEvent('粤B20009') }),
    );
    expect(unknown).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'unknownDevice' } } } });

    const unsigned = await attempt(() => fetch(`${api.url}/device/events`, { method: 'POST', body: JSON.stringify(entryEvent('粤B20010')) }));
    expect(unsigned).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'missingHeader' } } } });
  });

  it('refuses a body changed after signing with 401 and writes nothing', async () => {
    const signedFor = JSON.stringify(entryEvent('粤B20011'));
    const tampered = await attempt(() =>
      sendSignedFor({ path: '/device/events', body: signedFor }, { path: '/device/events', body: signedFor.replace('粤B20011', '粤B20012') }),
    );
    expect(tampered).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'badSignature' } } } });
  });

  it('refuses an event for another lane with 403', async () => {
    const exitDevice = deviceOf(lot, exitLane);
    const result = await attempt(() =>
      call(api, exitDevice, { method: 'POST', path: '/device/events', body: laneEvent(exitDevice, { plate: '粤B20013', at: at('09:00'), laneId: entryLane, type: 'entry' }) }),
    );
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('FORBIDDEN');
    // Only the authenticated request's nonce: no answer, no stream, no session.
    expect(result.written).toBe(1);
  });

  it('refuses a disabled device with 401', async () => {
    const device = deviceOf(lot, 'lane-west-in');
    await local.documents.send(
      new UpdateCommand({ TableName: local.tableName, Key: { pk: `DEVICE#${device.deviceId}`, sk: 'DEVICE' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'disabled' } }),
    );
    const result = await attempt(() => call(api, device, { method: 'POST', path: '/device/events', body: laneEvent(device, { plate: '粤B20014', at: at('09:00') }) }));
    expect(result).toMatchObject({ status: 401, written: 0, body: { error: { details: { reason: 'deviceDisabled' } } } });
  });
});
