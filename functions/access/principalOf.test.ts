import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueAccessToken, type TokenPrincipal } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { httpEvent } from '../http/testEvents.js';
import { principalOf } from './principalOf.js';
import { tokenKey } from './loadTokenKey.js';
import { decodeTokenKey, generateTokenKey, tokenKeySecretVariable, tokenKeyVariable } from './tokenKey.js';

const encodedKey = generateTokenKey();
const now = new Date('2026-03-01T09:00:00+08:00');
const operator: TokenPrincipal = { kind: 'operator', operatorId: 'op-1', lotId: 'lot-demo' };
const driver: TokenPrincipal = { kind: 'driver', driverId: 'drv-1', openId: 'o-wechat-1' };

const withAuthorization = (authorization?: string) =>
  httpEvent('POST /lots/{lotId}/lanes/{laneId}/open', {
    headers: authorization === undefined ? {} : { authorization },
  });
const tokenFor = (principal: TokenPrincipal) => issueAccessToken(decodeTokenKey(encodedKey), { principal, now }).token;

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { code, details } = error as DomainError;
  return { code, reason: (details as { reason?: string }).reason };
};

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  process.env[tokenKeyVariable] = encodedKey;
  delete process.env[tokenKeySecretVariable];
});
afterEach(() => {
  process.env = saved;
});

describe('principalOf', () => {
  it('reads the bearer token and answers the principal it names', async () => {
    await expect(principalOf(withAuthorization(`Bearer ${tokenFor(operator)}`), 'operator', now)).resolves.toEqual(operator);
    await expect(principalOf(withAuthorization(`bearer  ${tokenFor(driver)}`), 'driver', now)).resolves.toEqual(driver);
  });

  it('asks for a token when there is none (401)', async () => {
    expect(await refusal(principalOf(withAuthorization(), 'operator', now))).toEqual({ code: 'UNAUTHORIZED', reason: 'missingToken' });
    expect(await refusal(principalOf(withAuthorization('Basic b3A6cHc='), 'operator', now))).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'malformed',
    });
  });

  it('refuses a driver token on an operator route (403)', async () => {
    expect(await refusal(principalOf(withAuthorization(`Bearer ${tokenFor(driver)}`), 'operator', now))).toEqual({
      code: 'FORBIDDEN',
      reason: 'wrongKind',
    });
  });

  it('refuses an expired token (401)', async () => {
    const later = new Date(now.getTime() + 13 * 60 * 60 * 1000);
    expect(await refusal(principalOf(withAuthorization(`Bearer ${tokenFor(operator)}`), 'operator', later))).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'expired',
    });
  });

  it('names the IAM caller of an iam route, and refuses an iam route without one', async () => {
    const event = withAuthorization();
    const withIam = {
      ...event,
      requestContext: { ...event.requestContext, authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/ops', accountId: '123456789012' } } },
    };
    await expect(principalOf(withIam, 'iam')).resolves.toEqual({
      kind: 'admin',
      arn: 'arn:aws:iam::123456789012:user/ops',
      accountId: '123456789012',
    });
    expect(await refusal(principalOf(event, 'iam'))).toEqual({ code: 'UNAUTHORIZED', reason: 'missingIamCaller' });
  });
});

describe('tokenKey', () => {
  it('reads the secret named in the cloud once, through the reader it is given', async () => {
    let reads = 0;
    const reader = async () => {
      reads += 1;
      return encodedKey;
    };
    const environment = { [tokenKeySecretVariable]: 'parkade/token-key-test' };
    const first = await tokenKey(environment, reader);
    await tokenKey(environment, reader);
    expect(Buffer.from(first).toString('base64url')).toBe(encodedKey);
    expect(reads).toBe(1);
  });

  it('refuses a key too short to be safe, and a configuration naming no key', async () => {
    await expect(tokenKey({ [tokenKeyVariable]: 'c2hvcnQ' })).rejects.toThrow(/at least 32 bytes/);
    await expect(tokenKey({})).rejects.toThrow(/Neither PARKADE_TOKEN_KEY nor PARKADE_TOKEN_KEY_SECRET/);
  });
});
