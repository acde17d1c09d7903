/**
 * Tariff publication through the admin API, against DynamoDB Local and the real device path:
 * validate a draft, preview it against the tariff in effect, publish it with an effective time
 * (never in the past, one version per instant), read the history, and see the exit charge by
 * the new tariff from its effective time on, and by the old one before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { quoteStay } from '../../../shared/fees/index.js';
import { sampleStayMinutes } from '../../../shared/lots/index.js';
import { adminArn, adminCall, auditOf, deviceOf, post, refusedWithoutWriting, seedLot, startApi } from './adminHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
beforeAll(async () => {
  [api, lot] = await Promise.all([startApi(), seedLot('tariffs')]);
});
afterAll(() => api.close());

/** ¥10 an hour, no free time: easy to tell from the demo tariff. */
const flatTariff = {
  timezone: 'Asia/Shanghai',
  exitGraceMinutes: 15,
  schedules: { default: { freeMinutes: 0, bands: [{ from: '00:00', to: '24:00', unitMinutes: 60, unitPrice: 1000 }] } },
};

const tariffsPath = () => `/admin/lots/${lot.lotId}/tariffs`;

describe('validating a draft', () => {
  it('lists no problems for a good tariff, and every problem of a bad one', async () => {
    expect((await adminCall(api, 'POST', `${tariffsPath()}/validate`, { tariff: flatTariff })).json).toEqual({ valid: true, problems: [] });

    const gappy = { ...flatTariff, schedules: { default: { freeMinutes: -5, bands: [{ from: '08:00', to: '20:00', unitMinutes: 60, unitPrice: 1000 }] } } };
    const answer = await adminCall(api, 'POST', `${tariffsPath()}/validate`, { tariff: gappy });
    expect(answer.status).toBe(200);
    expect(answer.json.valid).toBe(false);
    expect(answer.json.problems).toEqual([
      { path: 'schedules.default.freeMinutes', message: 'freeMinutes must not be negative' },
      { path: 'schedules.default.bands', message: 'bands leave 20:00–08:00 uncovered' },
    ]);
  });

  it('names a time zone other than the lot’s as a problem', async () => {
    const answer = await adminCall(api, 'POST', `${tariffsPath()}/validate`, { tariff: { ...flatTariff, timezone: 'Asia/Tokyo' } });
    expect(answer.json.problems).toEqual([{ path: 'timezone', message: expect.stringContaining('Asia/Shanghai') }]);
  });
});

describe('previewing a draft', () => {
  it('quotes the sample stays under the draft and under the tariff in effect', async () => {
    const answer = await adminCall(api, 'POST', `${tariffsPath()}/preview`, { tariff: flatTariff });
    expect(answer.status).toBe(200);
    expect(answer.json.current).toEqual({ effectiveFrom: lot.tariffEffectiveFrom });
    expect(answer.json.stays).toHaveLength(sampleStayMinutes.length);
    for (const { stay, proposed, current, change } of answer.json.stays) {
      expect(proposed).toEqual(quoteStay({ tariff: flatTariff, ...stay }));
      expect(current).toEqual(quoteStay({ tariff: lot.tariff, ...stay }));
      expect(change).toBe(proposed.netFee - current.netFee);
    }
  });

  it('quotes the stays it is given, and refuses an invalid draft with its problems', async () => {
    const stay = { enteredAt: '2026-03-01T09:00:00+08:00', exitAt: '2026-03-01T11:30:00+08:00', vehicleClass: 'newEnergy' };
    const answer = await adminCall(api, 'POST', `${tariffsPath()}/preview`, { tariff: flatTariff, stays: [stay] });
    expect(answer.json.stays).toEqual([
      {
        stay,
        proposed: quoteStay({ tariff: flatTariff, ...stay }),
        current: quoteStay({ tariff: lot.tariff, ...stay }),
        change: expect.any(Number),
      },
    ]);
    const refused = await adminCall(api, 'POST', `${tariffsPath()}/preview`, { tariff: { exitGraceMinutes: 15 } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details.issues).toEqual([{ path: 'schedules', message: expect.any(String) }]);
  });
});

describe('publishing', () => {
  it('refuses an effective time in the past, an invalid tariff, and a second version at the same instant, writing nothing', async () => {
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'POST', tariffsPath(), { tariff: flatTariff, effectiveFrom: new Date(Date.now() - 60_000).toISOString(), reason: 'late' }),
    );
    await refusedWithoutWriting(lot.lotId, 400, 'VALIDATION_FAILED', () =>
      adminCall(api, 'POST', tariffsPath(), { tariff: { ...flatTariff, exitGraceMinutes: -1 }, reason: 'typo' }),
    );
    const effectiveFrom = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
    expect((await adminCall(api, 'POST', tariffsPath(), { tariff: flatTariff, effectiveFrom, reason: 'Tomorrow' })).status).toBe(201);
    await refusedWithoutWriting(lot.lotId, 409, 'CONFLICT', () =>
      adminCall(api, 'POST', tariffsPath(), { tariff: lot.tariff, effectiveFrom, reason: 'Changed my mind' }),
    );
  });

  it('charges the exit by the new tariff from its effective time on, and by the old one before it; the history shows both', async () => {
    const now = Date.now();
    const effectiveFrom = new Date(now + 60_000).toISOString();
    const published = await adminCall(api, 'POST', tariffsPath(), { tariff: flatTariff, effectiveFrom, reason: 'Spring prices' });
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ effectiveFrom, publishedBy: adminArn });

    const enteredAt = new Date(now - 2 * 60 * 60_000).toISOString();
    const exitBefore = new Date(now).toISOString();
    // Devices may stamp events up to five minutes ahead of the server clock: this exit is after the effective time.
    const exitAfter = new Date(now + 90_000).toISOString();
    const entry = deviceOf(lot, 'lane-east-in');
    const exit = deviceOf(lot, 'lane-east-out');
    await post(api, entry, { plate: '粤B80001', at: enteredAt });
    await post(api, entry, { plate: '粤B80002', at: enteredAt });

    const oldDue = quoteStay({ tariff: lot.tariff, enteredAt, exitAt: exitBefore }).due;
    const newDue = quoteStay({ tariff: flatTariff, enteredAt, exitAt: exitAfter }).due;
    expect(newDue).not.toBe(oldDue);
    expect(await post(api, exit, { plate: '粤B80001', at: exitBefore })).toMatchObject({ decision: 'pay', due: oldDue });
    expect(await post(api, exit, { plate: '粤B80002', at: exitAfter })).toMatchObject({ decision: 'pay', due: newDue });

    const history = await adminCall(api, 'GET', tariffsPath());
    expect(history.json.inEffect).toBe(lot.tariffEffectiveFrom);
    const statuses = history.json.versions.map((version: { effectiveFrom: string; status: string }) => [version.effectiveFrom, version.status]);
    expect(statuses.slice(-2)).toEqual([
      [effectiveFrom, 'scheduled'],
      [lot.tariffEffectiveFrom, 'inEffect'],
    ]);
    expect(statuses.map(([at]: [string]) => at)).toEqual([...statuses.map(([at]: [string]) => at)].sort().reverse());
    expect((await auditOf(api, lot.lotId)).find((entry) => entry.details?.effectiveFrom === effectiveFrom)).toMatchObject({
      action: 'publishTariff',
      who: adminArn,
      reason: 'Spring prices',
    });
  });
});
