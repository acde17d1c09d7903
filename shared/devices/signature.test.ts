import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import {
  canonicalDeviceString,
  deriveDeviceSecret,
  maxClockSkewSeconds,
  nonceLifetimeSeconds,
  signDeviceRequest,
  verifyDeviceSignature,
  type SignedRequest,
} from './signature.js';

const secret = 's3cret';
const request = {
  deviceId: 'cam-e1',
  method: 'POST',
  path: '/device/events',
  body: '{"eventId":"e1"}',
  timestamp: 1772326800, // 2026-03-01T09:00:00+08:00
  nonce: 'n-0001',
};
const at = (seconds: number): Date => new Date(seconds * 1000);

const refusal = (run: () => unknown): { code: string; reason: unknown } => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, reason: (error.details as { reason?: unknown }).reason };
    throw error;
  }
  throw new Error('expected the request to be refused');
};

const verify = (overrides: Partial<Parameters<typeof verifyDeviceSignature>[0]> = {}) =>
  verifyDeviceSignature({
    secret,
    headers: signDeviceRequest(secret, request),
    method: request.method,
    path: request.path,
    body: request.body,
    now: at(request.timestamp),
    ...overrides,
  });

describe('the canonical string and signature', () => {
  it('matches a vector computed independently (openssl), so any change of the canonical string fails', () => {
    expect(canonicalDeviceString(request)).toBe(
      '1772326800\nn-0001\nPOST\n/device/events\ne88b9f819e77d99a9d9244df066be599376c003ac0e34b05c5e87e0bfacc3cdc',
    );
    expect(signDeviceRequest(secret, request)).toEqual({
      'x-parkade-device': 'cam-e1',
      'x-parkade-timestamp': '1772326800',
      'x-parkade-nonce': 'n-0001',
      'x-parkade-signature': '674cdbe31aa2708c94970cfade7617208fb82ff43a632aed7c313dd6e298e023',
    });
  });

  it('signs timestamp, nonce, upper-case method, path without query and body hash, as DESIGN.md pins it', () => {
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom('get', 'POST', 'Put'),
          path: fc.constantFrom('/device/events', '/device/config', '/device/events/batch'),
          query: fc.constantFrom('', '?since=1', '?a=b&c=d'),
          body: fc.string(),
          timestamp: fc.integer({ min: 0, max: 4_000_000_000 }),
          nonce: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
        }),
        ({ method, path, query, body, timestamp, nonce }) => {
          const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
          const expected = createHmac('sha256', secret)
            .update(`${timestamp}\n${nonce}\n${method.toUpperCase()}\n${path}\n${bodyHash}`)
            .digest('hex');
          const headers = signDeviceRequest(secret, { deviceId: 'd', method, path: path + query, body, timestamp, nonce });
          expect(headers['x-parkade-signature']).toBe(expected);
        },
      ),
    );
  });

  it('hashes a binary body byte for byte', () => {
    const body = new TextEncoder().encode(request.body);
    expect(signDeviceRequest(secret, { ...request, body })).toEqual(signDeviceRequest(secret, request));
  });
});

describe('verifying a device request', () => {
  it('accepts a correctly signed request and says how long to keep its nonce', () => {
    expect(verify()).toEqual({
      deviceId: 'cam-e1',
      nonce: 'n-0001',
      timestamp: request.timestamp,
      nonceExpiresAt: request.timestamp + nonceLifetimeSeconds,
    });
    expect(nonceLifetimeSeconds).toBeGreaterThanOrEqual(2 * maxClockSkewSeconds);
  });

  it('ignores the query string and header-name case, as API Gateway may pass either', () => {
    const headers = Object.fromEntries(
      Object.entries(signDeviceRequest(secret, request)).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(verify({ headers, path: '/device/events?debug=1' }).deviceId).toBe('cam-e1');
  });

  it('accepts exactly 300 s of skew either way and refuses 301 s', () => {
    expect(verify({ now: at(request.timestamp + 300) }).deviceId).toBe('cam-e1');
    expect(verify({ now: at(request.timestamp - 300) }).deviceId).toBe('cam-e1');
    expect(refusal(() => verify({ now: at(request.timestamp + 301) }))).toEqual({ code: 'UNAUTHORIZED', reason: 'clockSkew' });
    expect(refusal(() => verify({ now: at(request.timestamp - 301) }))).toEqual({ code: 'UNAUTHORIZED', reason: 'clockSkew' });
  });

  it.each<[string, Partial<SignedRequest> & { secret?: string }]>([
    ['body', { body: '{"eventId":"e2"}' }],
    ['path', { path: '/device/events/batch' }],
    ['method', { method: 'PUT' }],
    ['secret', { secret: 'another' }],
  ])('refuses a request whose %s differs from what was signed', (_, change) => {
    expect(refusal(() => verify(change))).toEqual({ code: 'UNAUTHORIZED', reason: 'badSignature' });
  });

  it.each([
    ['nonce', 'x-parkade-nonce', 'n-0002'],
    ['timestamp', 'x-parkade-timestamp', String(request.timestamp + 1)],
    ['signature', 'x-parkade-signature', '0'.repeat(64)],
  ])('refuses a tampered %s header', (_, header, value) => {
    const headers = { ...signDeviceRequest(secret, request), [header]: value };
    expect(refusal(() => verify({ headers }))).toEqual({ code: 'UNAUTHORIZED', reason: 'badSignature' });
  });

  it.each(['x-parkade-device', 'x-parkade-timestamp', 'x-parkade-nonce', 'x-parkade-signature'])(
    'refuses a request without %s and names the header',
    (header) => {
      const headers: Record<string, string | undefined> = { ...signDeviceRequest(secret, request), [header]: undefined };
      try {
        verify({ headers });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toEqual({ reason: 'missingHeader', header });
      }
    },
  );

  it.each([
    ['malformedTimestamp', 'x-parkade-timestamp', '2026-03-01T09:00:00Z'],
    ['malformedNonce', 'x-parkade-nonce', 'has space'],
    ['malformedSignature', 'x-parkade-signature', '674CDBE31AA2708C94970CFADE7617208FB82FF43A632AED7C313DD6E298E023'],
    ['malformedSignature', 'x-parkade-signature', 'abc'],
  ])('refuses with %s when a header is not in the pinned format', (reason, header, value) => {
    const headers = { ...signDeviceRequest(secret, request), [header]: value };
    expect(refusal(() => verify({ headers }))).toEqual({ code: 'UNAUTHORIZED', reason });
  });
});

describe('device secrets derived from the master key', () => {
  it('are HMAC-SHA256(master, label, device, version), hex', () => {
    expect(deriveDeviceSecret('master-key', 'cam-e1', 1)).toBe(
      createHmac('sha256', 'master-key').update('parkade-device-secret\ncam-e1\n1').digest('hex'),
    );
    expect(deriveDeviceSecret('master-key', 'cam-e1', 1)).toBe(
      'dd040ea29a391ddafabfb2aea2c841c448f23dbdeb2e1e423480fb29e7f706f2',
    );
  });

  it('change with the device and with every rotation, so an old secret stops working', () => {
    const first = deriveDeviceSecret('master-key', 'cam-e1', 1);
    expect(deriveDeviceSecret('master-key', 'cam-e1', 2)).not.toBe(first);
    expect(deriveDeviceSecret('master-key', 'cam-e2', 1)).not.toBe(first);
    const rotated = deriveDeviceSecret('master-key', 'cam-e1', 2);
    const signedWithOld = signDeviceRequest(first, request);
    expect(refusal(() => verify({ secret: rotated, headers: signedWithOld }))).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'badSignature',
    });
  });

  it.each([0, -1, 1.5])('refuses secret version %s', (version) => {
    expect(() => deriveDeviceSecret('master-key', 'cam-e1', version)).toThrow(DomainError);
  });
});
