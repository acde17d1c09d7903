/**
 * Staff notify the driver of a car (issue 3: window open, lights on): an operator's notice for a
 * plate reaches the drivers who bound it, and the driver of a temporary plate, through
 * `GET /driver/notices`, newest first; each driver marks their own read; nobody else sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { asDriver, asOperator, deviceOf, entryLane, login, minutesAgo, post, seedPayingLot, startDriverApi, type Driver } from '../payments/driverHarness.js';

let api: RunningApiServer;
let lot: DemoLot;

beforeAll(async () => {
  api = await startDriverApi();
  lot = await seedPayingLot('notices');
});
afterAll(() => api.close());

const notify = (plate: string, topic: string, message?: string) =>
  asOperator(api, lot.lotId, 'POST', `/lots/${lot.lotId}/notices`, { plate, topic, ...(message ? { message } : {}) });
const noticesOf = async (driver: Driver) => (await asDriver(api, driver, 'GET', '/driver/notices')).body.notices as Record<string, unknown>[];

describe('notices to the driver of a bound plate', () => {
  it('reach the driver who bound the plate, newest first, and nobody else; each marks their own read', async () => {
    const plate = '粤B7N001';
    const anna = await login(api, 'anna');
    const ben = await login(api, 'ben');
    expect((await asDriver(api, anna, 'POST', '/driver/plates', { plate })).status).toBe(201);
    expect((await asDriver(api, ben, 'POST', '/driver/plates', { plate: '粤B7N002' })).status).toBe(201);
    await post(api, deviceOf(lot, entryLane), { plate, at: minutesAgo(30) });
    await post(api, deviceOf(lot, entryLane), { plate: '粤B7N002', at: minutesAgo(30) });

    const window = await notify(plate, 'windowOpen', 'B2 层 17 号车位');
    expect(window.status).toBe(201);
    const lights = await notify(plate, 'lightsOn');
    expect(lights.status).toBe(201);

    expect(await noticesOf(anna)).toEqual([
      { noticeId: lights.body.noticeId, lotId: lot.lotId, plate, topic: 'lightsOn', text: lights.body.text, sentAt: expect.any(String), read: false },
      { noticeId: window.body.noticeId, lotId: lot.lotId, plate, topic: 'windowOpen', text: expect.stringContaining('B2 层 17 号车位'), sentAt: expect.any(String), read: false },
    ]);
    expect(await noticesOf(ben)).toEqual([]);
    expect((await asDriver(api, ben, 'POST', `/driver/notices/${window.body.noticeId}/read`)).status).toBe(404);

    const read = await asDriver(api, anna, 'POST', `/driver/notices/${window.body.noticeId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.notice).toMatchObject({ noticeId: window.body.noticeId, read: true });
    expect((await asDriver(api, anna, 'POST', `/driver/notices/${window.body.noticeId}/read`)).status).toBe(200);
    expect((await noticesOf(anna)).map((notice) => [notice.noticeId, notice.read])).toEqual([
      [lights.body.noticeId, false],
      [window.body.noticeId, true],
    ]);

    const family = await login(api, 'annashusband');
    await asDriver(api, family, 'POST', '/driver/plates', { plate });
    expect((await noticesOf(family)).map((notice) => notice.read)).toEqual([false, false]);
    expect((await fetch(`${api.url}/driver/notices`)).status).toBe(401);
  });

  it('reach the driver of a car without a plate through its temporary plate', async () => {
    const carl = await login(api, 'carl');
    const entered = await asDriver(api, carl, 'POST', `/lots/${lot.lotId}/lanes/${entryLane}/no-plate-entry`);
    const sent = await notify(entered.body.plate, 'doorOpen');
    expect(sent.status).toBe(201);
    expect(await noticesOf(carl)).toEqual([expect.objectContaining({ noticeId: sent.body.noticeId, plate: entered.body.plate, topic: 'doorOpen', read: false })]);
  });
});
