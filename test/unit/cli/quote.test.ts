import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runParkadeInMemory, spawnParkade, spawnTimeout } from './runParkade.js';
import { designTariff } from '../../../shared/fees/designTariff.test-support.js';

const tariff = designTariff;

const stay = (enteredAt: string, exitAt: string) => ({
  tariff,
  vehicleClass: 'default',
  enteredAt,
  exitAt,
  exempt: false,
  coupons: [],
  payments: [],
});

const morningStay = stay('2026-03-01T09:00:00+08:00', '2026-03-01T11:10:00+08:00');
const exitBeforeEntry = stay('2026-03-01T11:10:00+08:00', '2026-03-01T09:00:00+08:00');

const expectMorningQuote = (quote: unknown) => {
  expect(quote).toMatchObject({ billableMinutes: 130, grossFee: 1100, discount: 0, netFee: 1100, paid: 0, due: 1100 });
  expect(Date.parse((quote as { chargedUntil: string }).chargedUntil)).toBe(Date.parse(morningStay.exitAt));
};

const validationError = {
  error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.anything() },
};

describe('parkade quote', { concurrent: true, timeout: spawnTimeout }, () => {
  it('quotes one stay', async () => {
    const run = await spawnParkade(['quote'], JSON.stringify(morningStay));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expectMorningQuote(JSON.parse(run.stdout));
  });

  it('quotes a batch in order with invalid elements replaced by their error, exit code 0', async () => {
    const run = await spawnParkade(['quote'], JSON.stringify([morningStay, exitBeforeEntry, { tariff }, morningStay]));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [first, second, third, fourth] = JSON.parse(run.stdout) as unknown[];
    expectMorningQuote(first);
    expect(second).toEqual(validationError);
    expect(third).toEqual(validationError);
    expectMorningQuote(fourth);
  });

  it.each([
    ['an exit before the entry', JSON.stringify(exitBeforeEntry)],
    ['a stay without a tariff', JSON.stringify({ ...morningStay, tariff: undefined })],
    ['malformed JSON', '{"tariff": '],
    ['empty stdin', ''],
  ])('refuses %s with exit code 2 and a JSON error', async (_, stdin) => {
    const run = await spawnParkade(['quote'], stdin);
    expect(run).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(validationError);
  });

  it('answers a batch exactly as it answers each element alone', async () => {
    const base = Date.parse('2026-03-01T00:00:00+08:00');
    const minute = 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    // Entries over three days; exits up to two days later, sometimes before the entry (invalid).
    const element = fc
      .tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: -120, max: 2 * 24 * 60 }), fc.nat(59))
      .map(([entry, length, seconds]) => stay(iso(base + entry * minute), iso(base + (entry + length) * minute + seconds * 1000)));
    await fc.assert(
      fc.asyncProperty(fc.array(element, { minLength: 1, maxLength: 6 }), async (stays) => {
        const batch = await runParkadeInMemory(['quote'], JSON.stringify(stays));
        expect(batch.code).toBe(0);
        const answers = JSON.parse(batch.stdout) as unknown[];
        expect(answers).toHaveLength(stays.length);
        for (const [index, single] of stays.entries()) {
          const alone = await runParkadeInMemory(['quote'], JSON.stringify(single));
          const answer = JSON.parse(alone.stdout) as Record<string, unknown>;
          expect(alone.code).toBe('error' in answer ? 2 : 0);
          expect(answers[index]).toEqual(answer);
        }
      }),
      { numRuns: 50 },
    );
  });
});
