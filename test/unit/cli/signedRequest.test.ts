/**
 * The admin CLI's SigV4 signature, with static credentials and a fixed clock, checked against an
 * independent implementation of the published algorithm (node:crypto, written from AWS's
 * "Create a signed AWS API request"), which itself reproduces AWS's `get-vanilla` test vector.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../scripts/cli/admin/signedRequest.js';

interface Reference {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  amzDate: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4's Authorization header, by the book: every service but S3 encodes the (already encoded) path once more. */
const referenceAuthorization = ({ method, url, headers, body, region, service, accessKeyId, secretAccessKey, amzDate }: Reference): string => {
  const canonicalUri = url.pathname.split('/').map(rfc3986).join('/');
  const canonicalQuery = [...url.searchParams]
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')]));
  const signedHeaders = names.join(';');
  const canonicalRequest = [method, canonicalUri, canonicalQuery, names.map((name) => `${name}:${lower[name]}\n`).join(''), signedHeaders, sha256Hex(body)].join('\n');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${hmac(key, stringToSign).toString('hex')}`;
};

// AWS's SigV4 test suite credentials.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('the reference SigV4', () => {
  it('reproduces AWS’s get-vanilla test vector', () => {
    expect(
      referenceAuthorization({
        method: 'GET',
        url: new URL('https://example.amazonaws.com/'),
        headers: { Host: 'example.amazonaws.com', 'X-Amz-Date': '20150830T123600Z' },
        body: '',
        region: 'us-east-1',
        service: 'service',
        ...credentials,
        amzDate: '20150830T123600Z',
      }),
    ).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

describe('signing an admin request', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const amzDate = '20261123T100000Z';

  it('signs a POST with a body and a plate in the path for execute-api in the API’s region', async () => {
    const url = new URL('https://abc123.execute-api.ap-east-1.amazonaws.com/admin/lots/lot-demo/allow-list/%E7%B2%A4B12345');
    const body = JSON.stringify({ category: 'mallStaff', reason: 'New hire' });
    const headers = await signRequest(
      { method: 'PUT', url, body, headers: { 'content-type': 'application/json' } },
      { region: 'ap-east-1', credentials, now },
    );
    expect(headers).toMatchObject({ host: url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': sha256Hex(body) });
    expect(headers.authorization).toBe(
      referenceAuthorization({
        method: 'PUT',
        url,
        headers: { 'content-type': 'application/json', host: url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': sha256Hex(body) },
        body,
        region: 'ap-east-1',
        service: 'execute-api',
        ...credentials,
        amzDate,
      }),
    );
    expect(headers.authorization).toContain('Credential=AKIDEXAMPLE/20261123/ap-east-1/execute-api/aws4_request');
  });

  it('signs a GET with a query in canonical order, and carries a session token', async () => {
    const url = new URL('https://abc123.execute-api.ap-east-1.amazonaws.com/admin/lots/lot-demo/audit?limit=10&before=2026-11-23T09%3A00%3A00%2B08%3A00');
    const headers = await signRequest({ method: 'GET', url, body: '', headers: {} }, { region: 'ap-east-1', credentials: { ...credentials, sessionToken: 'session-token' }, now });
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers.authorization).toBe(
      referenceAuthorization({
        method: 'GET',
        url,
        headers: { host: url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': sha256Hex(''), 'x-amz-security-token': 'session-token' },
        body: '',
        region: 'ap-east-1',
        service: 'execute-api',
        ...credentials,
        amzDate,
      }),
    );
  });

  it('changes the signature when the body, the path or the clock changes', async () => {
    const url = new URL('https://abc123.execute-api.ap-east-1.amazonaws.com/admin/lots');
    const sign = (target: URL, body: string, at: Date) => signRequest({ method: 'POST', url: target, body, headers: {} }, { region: 'ap-east-1', credentials, now: at });
    const original = (await sign(url, '{"a":1}', now)).authorization;
    expect((await sign(url, '{"a":2}', now)).authorization).not.toBe(original);
    expect((await sign(new URL(`${url.href}x`), '{"a":1}', now)).authorization).not.toBe(original);
    expect((await sign(url, '{"a":1}', new Date(now.getTime() + 1000))).authorization).not.toBe(original);
  });
});
