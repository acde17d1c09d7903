/**
 * Driver accounts through the local API: WeChat login (and its refusals), plates bound up to the
 * maximum, and the limit on plate lookups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { asDriver, login, quoteOf, seedPayingLot, startDriverApi } from '../payments/driverHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedPayingLot('accounts');
});
afterAll(() => api.close());

const loginWith = (code: string) => fetch(`${api.url}/driver/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });

describe('login', () => {
  it('one WeChat user is one driver across logins; a driver token works, a refused code does not give one', async () => {
    const first = await login(api, 'erin');
    const second = await login(api, 'erin');
    expect(second.driverId).toBe(first.driverId);
    expect((await login(api, 'frank')).driverId).not.toBe(first.driverId);
    expect((await asDriver(api, second, 'GET', '/driver/plates')).status).toBe(200);
    expect((await loginWith('invalid-1')).status).toBe(401);
    expect((await loginWith('risky-1')).status).toBe(403);
    expect((await loginWith('')).status).toBe(400);
    expect((await fetch(`${api.url}/driver/plates`)).status).toBe(401);
  });
});

describe('plates', () => {
  it('binds normalised plates up to the maximum, refuses temporary plates, removes', async () => {
    const grace = await login(api, 'grace');
    expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate: '粤b·12345' })).status).toBe(201);
    expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate: '粤B12345' })).status).toBe(201);
    for (const plate of ['粤B22222', '粤B33333', '粤B44444', '粤B55555']) expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate })).status).toBe(201);
    const sixth = await asDriver(api, grace, 'POST', '/driver/plates', { plate: '粤B66666' });
    expect(sixth).toMatchObject({ status: 409, body: { error: { details: { reason: 'tooManyPlates', maxPlates: 5 } } } });
    expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate: '临ABC123' })).status).toBe(400);
    expect((await asDriver(api, grace, 'POST', '/driver/plates', { plate: 'not a plate' })).status).toBe(400);
    expect((await asDriver(api, grace, 'DELETE', `/driver/plates/${encodeURIComponent('粤B22222')}`)).status).toBe(204);
    expect((await asDriver(api, grace, 'DELETE', `/driver/plates/${encodeURIComponent('粤B22222')}`)).status).toBe(404);
    const listed = await asDriver(api, grace, 'GET', '/driver/plates');
    expect(listed.body.plates.map((bound: { plate: string }) => bound.plate).sort()).toEqual(['粤B12345', '粤B33333', '粤B44444', '粤B55555']);

    // A family car: another driver binds the same plate and sees only their own list.
    const henry = await login(api, 'henry');
    expect((await asDriver(api, henry, 'POST', '/driver/plates', { plate: '粤B12345' })).body.plates).toEqual([expect.objectContaining({ plate: '粤B12345' })]);
  });
});

describe('plate lookups', () => {
  it('are limited per driver', async () => {
    const ivy = await login(api, 'ivy');
    const answers = [];
    for (let lookup = 0; lookup < 21; lookup += 1) answers.push((await quoteOf(api, ivy, lot, '粤B99999')).status);
    expect(answers.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(answers[20]).toBe(429);
    expect((await quoteOf(api, await login(api, 'jack'), lot, '粤B99999')).status).toBe(404);
  });
});
