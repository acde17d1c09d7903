/**
 * What merchant staff see beside their grants, through the real local API server: their claim
 * codes with quota, claims and expiry; a claim code's printable QR as a PNG that decodes to the
 * claim URL the mini-program opens; the cars of their lot that came in lately. A merchant never
 * sees another merchant's codes, nor another lot's cars.
 */
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTokenKey } from '../../../functions/access/tokenKey.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import { claimUrl } from '../../../shared/merchants/index.js';
import { deviceOf, entryLane, post, seedLot, startApi } from '../devices/laneHarness.js';
import { requester, signedIn } from './merchantHarness.js';

process.env.PARKADE_TOKEN_KEY = generateTokenKey();

// pngjs comes with qrcode; it reads the image back into pixels.
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } } };

let api: RunningApiServer;
let lot: DemoLot;
let otherLot: DemoLot;
let cafe: DemoMerchant;
let kitchen: DemoMerchant;
const request = requester(() => api);
const tokens: Record<string, string> = {};

beforeAll(async () => {
  [lot, otherLot] = await Promise.all([seedLot('claimqr'), seedLot('claimqr-other')]);
  [cafe, kitchen] = lot.merchants as [DemoMerchant, DemoMerchant];
  api = await startApi();
  for (const merchant of [cafe, kitchen, otherLot.merchants[0]!]) tokens[merchant.merchantId] = await signedIn(request, merchant.login, merchant.password);
});
afterAll(async () => {
  await api?.close();
});

const makeCode = async (merchant: DemoMerchant, quota: number) => {
  const answer = await request('POST', '/merchant/claim-codes', {
    token: tokens[merchant.merchantId],
    body: { templateId: 'two-hours', kind: 'static', quota, perDriverLimit: 1, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json.code.token as string;
};

/** Each module of the QR, read from the centre of its square in the image: true where dark. */
const modulesInImage = (png: Buffer, moduleCount: number): boolean[][] => {
  const image = PNG.sync.read(png);
  const pixelsPerModule = image.width / (moduleCount + 2 * 4);
  return Array.from({ length: moduleCount }, (_, row) =>
    Array.from({ length: moduleCount }, (_, column) => {
      const x = Math.floor((column + 4 + 0.5) * pixelsPerModule);
      const y = Math.floor((row + 4 + 0.5) * pixelsPerModule);
      return image.data[(y * image.width + x) * 4]! < 128;
    }),
  );
};

describe('claim codes on the merchant screen', () => {
  it('lists the merchant’s own codes, newest first, with quota, claims and expiry', async () => {
    const older = await makeCode(cafe, 5);
    const newer = await makeCode(cafe, 50);
    const theirs = await makeCode(kitchen, 3);
    const listed = await request('GET', '/merchant/claim-codes', { token: tokens[cafe.merchantId] });
    expect(listed.status).toBe(200);
    expect(listed.json.claimCodes.map((entry: any) => entry.code.token)).toEqual([newer, older]);
    expect(listed.json.claimCodes[0]).toMatchObject({ claimedCount: 0, scene: `c=${newer}`, code: { quota: 50, perDriverLimit: 1, kind: 'static', status: 'active', merchantId: cafe.merchantId } });
    expect(listed.json.claimCodes[0].code.expiresAt).toEqual(expect.any(String));
    const kitchens = await request('GET', '/merchant/claim-codes', { token: tokens[kitchen.merchantId] });
    expect(kitchens.json.claimCodes.map((entry: any) => entry.code.token)).toEqual([theirs]);
  });
});

describe('a claim code’s printable QR', () => {
  it('is a PNG of the claim URL, in the size asked for', async () => {
    const token = await makeCode(cafe, 20);
    const answer = await request('GET', `/merchant/claim-codes/${token}/qr`, { token: tokens[cafe.merchantId] });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const image = PNG.sync.read(answer.bytes);
    expect([image.width, image.height]).toEqual([600, 600]);

    // The H5 app beside the API: the same link the merchant screen draws.
    const url = claimUrl(`${api.url}/app/`, token);
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const expected = Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))));
    expect(modulesInImage(answer.bytes, modules.size)).toEqual(expected);

    for (const [size, pixels] of [['small', 300], ['large', 1200]] as const) {
      const sized = await request('GET', `/merchant/claim-codes/${token}/qr?size=${size}`, { token: tokens[cafe.merchantId] });
      expect(PNG.sync.read(sized.bytes).width).toBe(pixels);
    }
    expect((await request('GET', `/merchant/claim-codes/${token}/qr?size=poster`, { token: tokens[cafe.merchantId] })).status).toBe(400);
  });

  it('is only for staff of the code’s merchant, clerks included', async () => {
    const token = await makeCode(cafe, 20);
    const login = `${cafe.merchantId}-clerk`;
    expect((await request('POST', `/admin/merchants/${cafe.merchantId}/staff`, { body: { name: '小李', role: 'clerk', login, password: 'clerk password' } })).status).toBe(201);
    const clerk = await signedIn(request, login, 'clerk password');
    expect((await request('GET', `/merchant/claim-codes/${token}/qr`, { token: clerk })).status).toBe(200);
    const other = await request('GET', `/merchant/claim-codes/${token}/qr`, { token: tokens[kitchen.merchantId] });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('json');
    expect((await request('GET', `/merchant/claim-codes/${token}/qr`)).status).toBe(401);
    expect((await request('GET', '/merchant/claim-codes/not-a-token/qr', { token: tokens[cafe.merchantId] })).status).toBe(400);
  });
});

describe('recent entries for the grant screen', () => {
  it('lists the lot’s cars still parked that came in during the last hours, newest first, and no other lot’s', async () => {
    const device = deviceOf(lot, entryLane);
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await post(api, device, { plate: '粤B7E001', at: minutesAgo(90) });
    await post(api, device, { plate: '粤B7E002', at: minutesAgo(10) });
    await post(api, device, { plate: '粤B7E003', at: minutesAgo(5 * 60) });
    await post(api, deviceOf(otherLot, entryLane), { plate: '粤B7E004', at: minutesAgo(20) });

    const answer = await request('GET', '/merchant/recent-entries', { token: tokens[cafe.merchantId] });
    expect(answer.status).toBe(200);
    expect(answer.json.entries.map((entry: any) => entry.plate)).toEqual(['粤B7E002', '粤B7E001']);
    expect(Object.keys(answer.json.entries[0]).sort()).toEqual(['enteredAt', 'plate']);
    const elsewhere = await request('GET', '/merchant/recent-entries', { token: tokens[otherLot.merchants[0]!.merchantId] });
    expect(elsewhere.json.entries.map((entry: any) => entry.plate)).toEqual(['粤B7E004']);
  });
});
