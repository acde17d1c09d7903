import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, expect, it, vi, type MockInstance } from 'vitest';

vi.hoisted(() => {
  delete process.env.POWERTOOLS_DEV;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const ran = vi.hoisted(() => [] as string[]);

vi.mock('./lotJobs.js', () => {
  const lotJobs = {
    recordOccupancy: async (lotId: string, now: Date) => {
      ran.push(`${lotId}@${now.toISOString()}`);
      if (lotId === 'lot-broken') throw new Error('tariff missing');
      return { occupied: 3 };
    },
  };
  return { lotJobs, lotJobNames: Object.keys(lotJobs) };
});
vi.mock('../store/queryAll.js', () => ({
  queryAll: async () => [{ gsi1sk: 'lot-a' }, { gsi1sk: 'lot-broken' }, { gsi1sk: 'lot-c' }],
}));

import { handler } from './handler.js';
import { lambdaContext } from '../http/testEvents.js';

// Powertools writes logs and EMF to stdout, errors to stderr.
let written: MockInstance<typeof process.stdout.write>[];
beforeEach(() => {
  ran.length = 0;
  written = [vi.spyOn(process.stdout, 'write').mockImplementation(() => true), vi.spyOn(process.stderr, 'write').mockImplementation(() => true)];
});
afterEach(() => {
  for (const spy of written) spy.mockRestore();
});

const lines = () =>
  written
    .flatMap((spy) => spy.mock.calls)
    .map(([chunk]) => String(chunk).trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const invoke = (event: unknown) => handler(event, lambdaContext() as Context);

it('runs the job for every lot; one lot failing stops none of the others, but fails the invocation', async () => {
  await expect(invoke({ job: 'recordOccupancy', at: '2026-11-23T01:00:00+08:00' })).rejects.toThrow('recordOccupancy failed for 1 of 3 lots: lot-broken');
  expect(ran).toEqual(['lot-a@2026-11-22T17:00:00.000Z', 'lot-broken@2026-11-22T17:00:00.000Z', 'lot-c@2026-11-22T17:00:00.000Z']);
  expect(lines()).toContainEqual(expect.objectContaining({ message: 'Job failed', job: 'recordOccupancy', lotId: 'lot-broken' }));
  expect(lines()).toContainEqual(expect.objectContaining({ message: 'Job ran', lotId: 'lot-c', summary: { occupied: 3 } }));
  expect(lines()).toContainEqual(expect.objectContaining({ job: 'recordOccupancy', lotId: 'lot-broken', JobFailures: 1 }));
  expect(lines()).toContainEqual(expect.objectContaining({ job: 'recordOccupancy', lotId: 'lot-a', occupied: 3 }));
});

it('runs one lot when the event names it, and succeeds when it does', async () => {
  await expect(invoke({ job: 'recordOccupancy', lotId: 'lot-c' })).resolves.toMatchObject({ job: 'recordOccupancy', outcomes: [{ lotId: 'lot-c', summary: { occupied: 3 } }] });
  expect(ran).toHaveLength(1);
});

it('refuses a job it does not know, running nothing', async () => {
  await expect(invoke({ job: 'dropTables' })).rejects.toThrow(/job/);
  expect(ran).toEqual([]);
});
