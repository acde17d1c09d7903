/**
 * Staff login throttling against DynamoDB Local, through the merchants handler with API
 * Gateway's source address set per test (a lockout of the test runner's own address would
 * reach other test files): a login name is locked after repeated failures, even for the right
 * password, with 429 and Retry-After; an address is locked after more; a success forgets only
 * its own login's failures; parallel failures never count past the limit.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateTokenKey } from '../../../functions/access/tokenKey.js';
import { httpEvent, lambdaContext } from '../../../functions/http/testEvents.js';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import { failureWindowStart, staffLoginLimits } from '../../../shared/merchants/index.js';
import { getItem, seedLot } from '../devices/laneHarness.js';

process.env.PARKADE_TOKEN_KEY = generateTokenKey();

let lot: DemoLot;
let cafe: DemoMerchant;
let kitchen: DemoMerchant;
let handler: (typeof import('../../../functions/merchants/handler.js'))['handler'];

beforeAll(async () => {
  // The clock stands still a minute into a window, so no test sees its counters roll over.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime((failureWindowStart(Date.now(), staffLoginLimits.perLogin) + 60) * 1000);
  lot = await seedLot('throttle');
  [cafe, kitchen] = lot.merchants as [DemoMerchant, DemoMerchant];
  ({ handler } = await import('../../../functions/merchants/handler.js'));
});

afterAll(() => {
  vi.useRealTimers();
});

const newAddress = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}-${randomBytes(3).toString('hex')}`;

const signIn = async (login: string, password: string, sourceIp: string): Promise<APIGatewayProxyStructuredResultV2 & { json: any }> => {
  const event = httpEvent('POST /merchant/login', { body: JSON.stringify({ login, password }) });
  event.requestContext.http.sourceIp = sourceIp;
  const response = (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) };
};

const loginCounter = (login: string) => getItem(`LOGIN#${login}`, `FAILURES#${failureWindowStart(Date.now(), staffLoginLimits.perLogin)}`);

describe('per login name', () => {
  it('locks a login after its failures, even for the right password, with 429 and Retry-After; others sign in', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < staffLoginLimits.perLogin.failures; attempt += 1) {
      expect((await signIn(cafe.login, 'wrong password', address)).statusCode).toBe(401);
    }
    const locked = await signIn(cafe.login, cafe.password, address);
    expect(locked.statusCode).toBe(429);
    expect(locked.json.error).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'LOGIN_LOCKED', lockedBy: ['perLogin'] } });
    const retryAfter = Number(locked.headers?.['retry-after']);
    expect(retryAfter).toBe(staffLoginLimits.perLogin.windowSeconds - 60);
    const counter = await loginCounter(cafe.login);
    expect(counter).toMatchObject({ entity: 'LoginFailures', failures: staffLoginLimits.perLogin.failures });
    expect(Number(counter?.expiresAt)).toBeGreaterThan(Date.now() / 1000);
    // The lockout is the login's: the other merchant's owner signs in from the same address.
    expect((await signIn(kitchen.login, kitchen.password, address)).statusCode).toBe(200);
    // A login that does not exist is locked the same way, so a lockout tells nothing.
    const nobody = `${lot.lotId}-nobody`;
    for (let attempt = 0; attempt < staffLoginLimits.perLogin.failures; attempt += 1) await signIn(nobody, 'guess', newAddress());
    const nobodyLocked = await signIn(nobody, 'guess', newAddress());
    expect(nobodyLocked.statusCode).toBe(429);
    expect(nobodyLocked.json.error.message).toBe(locked.json.error.message);
  });

  it('forgets a login’s failures when it signs in, never past its limit however many fail at once', async () => {
    const login = `${lot.lotId}-parallel`;
    const parallel = await Promise.all(Array.from({ length: 10 }, () => signIn(login, 'guess', newAddress())));
    expect(parallel.every((answer) => answer.statusCode === 401 || answer.statusCode === 429)).toBe(true);
    expect((await loginCounter(login))?.failures).toBe(staffLoginLimits.perLogin.failures);

    const address = newAddress();
    for (let attempt = 0; attempt < staffLoginLimits.perLogin.failures - 1; attempt += 1) await signIn(kitchen.login, 'typo', address);
    expect((await signIn(kitchen.login, kitchen.password, address)).statusCode).toBe(200);
    expect(await loginCounter(kitchen.login)).toBeUndefined();
    for (let attempt = 0; attempt < staffLoginLimits.perLogin.failures - 1; attempt += 1) await signIn(kitchen.login, 'typo', address);
    expect((await signIn(kitchen.login, kitchen.password, address)).statusCode).toBe(200);
  });
});

describe('per source address', () => {
  it('locks an address after its failures across logins; a success from it does not reset the address', async () => {
    const address = newAddress();
    const { failures } = staffLoginLimits.perSourceIp;
    // Spread over names so that no login name reaches its own limit.
    for (let attempt = 0; attempt < failures - 1; attempt += 1) {
      expect((await signIn(`${lot.lotId}-guess-${Math.floor(attempt / 4)}`, 'guess', address)).statusCode).toBe(401);
    }
    expect((await signIn(kitchen.login, kitchen.password, address)).statusCode).toBe(200);
    expect((await signIn(`${lot.lotId}-guess-last`, 'guess', address)).statusCode).toBe(401);
    const locked = await signIn(kitchen.login, kitchen.password, address);
    expect(locked.statusCode).toBe(429);
    expect(locked.json.error.details.lockedBy).toEqual(['perSourceIp']);
    expect(Number(locked.headers?.['retry-after'])).toBeGreaterThan(0);
    // Another address is not locked.
    expect((await signIn(kitchen.login, kitchen.password, newAddress())).statusCode).toBe(200);
  });
});
