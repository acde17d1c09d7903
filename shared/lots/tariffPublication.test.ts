import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import { designTariff } from '../fees/designTariff.test-support.js';
import { quoteStay, TariffSchema } from '../fees/index.js';
import { previewTariff, publishableTariff, sampleStayMinutes, sampleStays, tariffHistory, tariffProblems, tariffVersionToPublish } from './tariffPublication.js';

const shanghai = { timezone: 'Asia/Shanghai' };
const tariff = TariffSchema.parse(designTariff);

const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.toBody().error;
    throw error;
  }
  throw new Error('not refused');
};

describe('tariffProblems', () => {
  it('has none for a good tariff in the lot’s zone', () => {
    expect(tariffProblems(designTariff, shanghai)).toEqual([]);
  });

  it('names every bad field, and a zone other than the lot’s', () => {
    expect(tariffProblems({ ...designTariff, exitGraceMinutes: 1.5, schedules: {} }, shanghai).map((problem) => problem.path)).toEqual([
      'exitGraceMinutes',
      'schedules.default',
    ]);
    expect(tariffProblems({ ...designTariff, timezone: 'Europe/Berlin' }, shanghai)).toEqual([
      { path: 'timezone', message: "must be the lot's time zone Asia/Shanghai: fees follow the lot's clock" },
    ]);
  });

  it('refuses an unpublishable draft with all its problems', () => {
    expect(refusalOf(() => publishableTariff({ ...designTariff, timezone: 'Europe/Berlin' }, shanghai))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'timezone' }] },
    });
    expect(publishableTariff(designTariff, shanghai)).toEqual(tariff);
  });
});

describe('tariffVersionToPublish', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('takes effect now when no time is given, and keeps a later time in UTC', () => {
    expect(tariffVersionToPublish(tariff, undefined, now)).toEqual({ effectiveFrom: '2026-11-23T10:00:00.000Z', tariff });
    expect(tariffVersionToPublish(tariff, '2026-12-01T00:00:00+08:00', now).effectiveFrom).toBe('2026-11-30T16:00:00.000Z');
  });

  it('refuses a time in the past, even by a millisecond', () => {
    expect(refusalOf(() => tariffVersionToPublish(tariff, '2026-11-23T09:59:59.999Z', now))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'effectiveFrom' }] },
    });
  });
});

describe('tariffHistory', () => {
  const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') });

  it('lists newest first; the newest version at or before now is in effect, later ones scheduled, earlier ones superseded', () => {
    fc.assert(
      fc.property(fc.uniqueArray(instant, { maxLength: 8 }), instant, (times, nowMs) => {
        const versions = times.map((time) => ({ effectiveFrom: new Date(time).toISOString() }));
        const history = tariffHistory(versions, new Date(nowMs));
        expect(history.map((version) => Date.parse(version.effectiveFrom))).toEqual([...times].sort((a, b) => b - a));
        const past = times.filter((time) => time <= nowMs);
        expect(history.filter((version) => version.status === 'inEffect').map((version) => Date.parse(version.effectiveFrom))).toEqual(
          past.length === 0 ? [] : [Math.max(...past)],
        );
        for (const version of history) {
          const time = Date.parse(version.effectiveFrom);
          if (time > nowMs) expect(version.status).toBe('scheduled');
          else if (time < Math.max(...past)) expect(version.status).toBe('superseded');
        }
      }),
    );
  });
});

describe('previewTariff', () => {
  it('prices the default sample stays under the proposal and the current tariff, with the change', () => {
    const current = TariffSchema.parse({ ...designTariff, schedules: { default: { ...designTariff.schedules.default, dailyCap: 2000 } } });
    const stays = sampleStays(new Date('2026-03-01T01:00:00.000Z'));
    expect(stays.map((stay) => (Date.parse(stay.exitAt) - Date.parse(stay.enteredAt)) / 60_000)).toEqual([...sampleStayMinutes]);
    const preview = previewTariff(tariff, current, stays);
    for (const [index, stay] of stays.entries()) {
      const proposed = quoteStay({ tariff, ...stay });
      const now = quoteStay({ tariff: current, ...stay });
      expect(preview[index]).toEqual({ stay, proposed, current: now, change: proposed.netFee - now.netFee });
    }
    // A day-long stay hits the lower cap of the current tariff: the proposal costs more.
    expect(preview.at(-1)!.change).toBeGreaterThan(0);
  });

  it('has no comparison for a lot without a tariff', () => {
    const [first] = previewTariff(tariff, null, sampleStays(new Date('2026-03-01T01:00:00.000Z')));
    expect(first).toMatchObject({ current: null, change: null });
  });
});
