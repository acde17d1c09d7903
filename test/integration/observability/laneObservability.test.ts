/**
 * What a lane event leaves for operators: log lines carrying the device's lot and lane, the plate
 * and the session, and EMF documents counting the entry under the lot, through the real local
 * API server and DynamoDB Local.
 */
import { afterAll, beforeAll, expect, it, vi, type MockInstance } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { at, deviceOf, entryLane, post, seedLot, startApi } from '../devices/laneHarness.js';

// Powertools keeps metrics quiet in dev mode (the local stack) unless told otherwise.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

let api: RunningApiServer;
let lot: DemoLot;
// Locally Powertools prints through the console (POWERTOOLS_DEV): logs by level, EMF with console.log.
let printed: MockInstance[];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  [api, lot] = await Promise.all([startApi(), seedLot('observed')]);
  printed = (['info', 'log'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
});
afterAll(async () => {
  for (const spy of printed) spy.mockRestore();
  await api.close();
});

const lines = (): Record<string, unknown>[] =>
  printed
    .flatMap((spy) => spy.mock.calls.map(([line]) => String(line)))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

it('logs the lane decision with the lot, lane, device, plate and session, and counts the entry for the lot', async () => {
  const device = deviceOf(lot, entryLane);
  const decision = await post(api, device, { plate: '粤B7E001', at: at('09:00') });
  expect(decision.decision).toBe('open');
  expect(lines()).toContainEqual(
    expect.objectContaining({
      message: 'Lane decision',
      lotId: lot.lotId,
      laneId: entryLane,
      deviceId: device.deviceId,
      plate: '粤B7E001',
      sessionId: decision.sessionId,
    }),
  );
  expect(lines()).toContainEqual(expect.objectContaining({ lotId: lot.lotId, Entries: 1, _aws: expect.anything() }));
  expect(lines()).toContainEqual(expect.objectContaining({ lotId: lot.lotId, GateDecisionLatency: expect.any(Number) }));
});
