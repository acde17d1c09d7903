import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import {
  accessTokenClockSkewSeconds,
  accessTokenLifetimeSeconds,
  accessTokenRefused,
  issueAccessToken,
  verifyAccessToken,
} from './accessToken.js';
import { tokenKinds, type TokenPrincipal } from './principals.js';

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);
const now = new Date('2026-03-01T09:00:00+08:00');
const secondsLater = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const principalArbitrary: fc.Arbitrary<TokenPrincipal> = fc.oneof(
  fc.record({ kind: fc.constant('driver' as const), driverId: id, openId: id }),
  fc.record({ kind: fc.constant('merchant' as const), merchantId: id, staffId: id, role: fc.constantFrom('owner' as const, 'clerk' as const) }),
  fc.record({ kind: fc.constant('operator' as const), operatorId: id, lotId: id }),
);

const operator: TokenPrincipal = { kind: 'operator', operatorId: 'op-1', lotId: 'lot-demo' };

describe('access tokens', () => {
  it('verify to the principal they were issued for', () => {
    fc.assert(
      fc.property(principalArbitrary, (principal) => {
        const { token } = issueAccessToken(key, { principal, now });
        const verified = verifyAccessToken(key, token, { now, kinds: tokenKinds });
        expect(verified).toEqual({
          ok: true,
          principal,
          issuedAt: now.toISOString(),
          expiresAt: secondsLater(accessTokenLifetimeSeconds[principal.kind]).toISOString(),
        });
      }),
    );
  });

  it('are refused after any single character is changed', () => {
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ', '中'];
    fc.assert(
      fc.property(principalArbitrary, fc.nat(), fc.constantFrom(...alphabet), (principal, at, replacement) => {
        const { token } = issueAccessToken(key, { principal, now });
        const index = at % token.length;
        fc.pre(token[index] !== replacement);
        const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
        expect(verifyAccessToken(key, tampered, { now, kinds: tokenKinds }).ok).toBe(false);
      }),
    );
  });

  it('are refused when signed with another key', () => {
    const { token } = issueAccessToken(otherKey, { principal: operator, now });
    expect(verifyAccessToken(key, token, { now, kinds: ['operator'] })).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('hold until their expiry plus the clock skew, and not a second longer', () => {
    const lifetime = 600;
    const { token } = issueAccessToken(key, { principal: operator, now, lifetimeSeconds: lifetime });
    const verifyAt = (seconds: number) => verifyAccessToken(key, token, { now: secondsLater(seconds), kinds: ['operator'] });
    expect(verifyAt(lifetime + accessTokenClockSkewSeconds - 1).ok).toBe(true);
    expect(verifyAt(lifetime + accessTokenClockSkewSeconds)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyAt(-accessTokenClockSkewSeconds).ok).toBe(true);
    expect(verifyAt(-accessTokenClockSkewSeconds - 1)).toEqual({ ok: false, reason: 'notYetValid' });
  });

  it('are refused for a route that takes another kind of caller', () => {
    fc.assert(
      fc.property(principalArbitrary, (principal) => {
        const { token } = issueAccessToken(key, { principal, now });
        const others = tokenKinds.filter((kind) => kind !== principal.kind);
        expect(verifyAccessToken(key, token, { now, kinds: others })).toEqual({ ok: false, reason: 'wrongKind' });
      }),
    );
  });

  it('name what is wrong with a token that is not one', () => {
    const verify = (token: string) => verifyAccessToken(key, token, { now, kinds: tokenKinds });
    expect(verify('')).toEqual({ ok: false, reason: 'missingToken' });
    expect(verify('no-dot-here')).toEqual({ ok: false, reason: 'malformed' });
    expect(verify('a.b.c')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuse well-signed payloads that are not valid claims', () => {
    const signed = (payload: unknown) => {
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${encoded}.${createHmac('sha256', key).update(encoded).digest('base64url')}`;
    };
    const verify = (payload: unknown) => verifyAccessToken(key, signed(payload), { now, kinds: tokenKinds });
    const iat = Math.floor(now.getTime() / 1000);
    const claims = { v: 1, kind: 'operator', subject: { operatorId: 'op-1', lotId: 'lot-demo' }, iat, exp: iat + 60 };
    expect(verify(claims).ok).toBe(true);
    expect(verify({ ...claims, subject: { operatorId: 'op-1' } })).toEqual({ ok: false, reason: 'invalidClaims' });
    expect(verify({ ...claims, kind: 'admin' })).toEqual({ ok: false, reason: 'invalidClaims' });
    expect(verify({ ...claims, exp: iat })).toEqual({ ok: false, reason: 'invalidClaims' });
    expect(verify({ ...claims, v: 2 })).toEqual({ ok: false, reason: 'unsupportedVersion' });
  });

  it('are never issued for longer than their kind lives, nor with a short key', () => {
    expect(() =>
      issueAccessToken(key, { principal: operator, now, lifetimeSeconds: accessTokenLifetimeSeconds.operator + 1 }),
    ).toThrow(DomainError);
    expect(() => issueAccessToken(new Uint8Array(16), { principal: operator, now })).toThrow(/at least 32 bytes/);
  });

  it('refusals are 403 for the wrong kind of caller and 401 otherwise', () => {
    expect(accessTokenRefused('wrongKind').code).toBe('FORBIDDEN');
    expect(accessTokenRefused('expired')).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'expired' } });
  });
});
