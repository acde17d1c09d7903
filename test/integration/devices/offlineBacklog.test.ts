import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import type { DeviceCredentials } from '../../../scripts/sim/deviceClient.js';
import { at, call, deviceOf, entryLane, exitLane, itemsOf, laneEvent, seedLot, sessionsOf, startApi } from './laneHarness.js';

let api: RunningApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** A day of one entry lane and one exit lane, as each device kept it while offline. */
const backlogs = (lot: DemoLot) => {
  const entryDevice = deviceOf(lot, entryLane);
  const exitDevice = deviceOf(lot, exitLane);
  const entries = [
    ['in-1', '粤B30001', '09:00'],
    ['in-2', '粤B30002', '09:05'],
    ['in-3', '粤B30002', '09:06'], // the same car read twice
    ['in-4', '粤B9M527', '08:00'], // allow-listed staff car
    ['in-5', '粤B30003', '10:00'], // still inside
    ['in-6', '粤B30004', '09:00'],
    ['in-7', '粤B30004', '15:00'], // back again: its first exit was never seen
  ].map(([eventId, plate, time]) => laneEvent(entryDevice, { eventId, plate: plate!, at: at(time!) }));
  const exits = [
    ['out-1', '粤B30001', '11:10'], // ¥11.00, left unpaid while offline
    ['out-2', '粤B30002', '09:12'], // within the free minutes
    ['out-3', '粤B9M527', '18:00'],
    ['out-4', '粤B30001', '11:11'], // read again on the way out
    ['out-5', '粤B30005', '12:00'], // no entry anywhere
  ].map(([eventId, plate, time]) => laneEvent(exitDevice, { eventId, plate: plate!, at: at(time!) }));
  return { entryDevice, exitDevice, entries, exits };
};

const upload = async (device: DeviceCredentials, events: unknown[]) => {
  const response = await call(api, device, { method: 'POST', path: '/device/events/batch', body: events });
  expect(response.status).toBe(200);
  return ((await response.json()) as { answers: Record<string, unknown>[] }).answers;
};

/** What a lot ended with, with the lot id taken out so two lots compare. */
const finalState = async (lot: DemoLot) => {
  const anonymous = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(lot.lotId, 'LOT'));
  const items = await itemsOf(lot);
  return anonymous({
    sessions: (await sessionsOf(lot)).map(({ updatedAt: _, ...session }) => session),
    heads: items
      .filter((item) => item.entity === 'PlateHead')
      .map((item) => ({ plate: item.plate, openSessionId: item.openSessionId ?? null }))
      .sort((a, b) => String(a.plate).localeCompare(String(b.plate))),
    records: items
      .filter((item) => item.entity === 'PlateEvent')
      .map(({ recordedAt: _, ...record }) => record)
      .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)),
  });
};

/** The same elements in a fixed scrambled order, some twice. */
const scrambled = <T>(events: T[]): T[] => [...events.slice().reverse(), events[1]!, events[0]!, ...events.slice(2, 4)];

describe('POST /device/events/batch', () => {
  it('ends in the same state whatever the order, duplicates and which lane uploads first', async () => {
    const [inOrder, outOfOrder] = await Promise.all([seedLot('batch-a'), seedLot('batch-b')]);

    const a = backlogs(inOrder);
    await upload(a.entryDevice, a.entries);
    await upload(a.exitDevice, a.exits);

    // The exit lane's link comes back first: its exits arrive before the entries they close.
    const b = backlogs(outOfOrder);
    await upload(b.exitDevice, scrambled(b.exits));
    await upload(b.entryDevice, scrambled(b.entries));
    await upload(b.entryDevice, b.entries.slice(0, 3));

    const state = await finalState(inOrder);
    expect(await finalState(outOfOrder)).toEqual(state);

    const byPlate = Object.fromEntries(state.sessions.map((session: { plate: string }) => [session.plate, session]));
    expect(state.sessions).toHaveLength(6);
    expect(byPlate['粤B30001']).toMatchObject({ status: 'closed', closedBy: 'offline', closedAt: at('11:10'), owingFen: 1100, duplicateReads: ['exit/lane-east-out/out-4'] });
    expect(byPlate['粤B30002']).toMatchObject({ status: 'closed', owingFen: 0, duplicateReads: ['entry/lane-east-in/in-3'] });
    expect(byPlate['粤B9M527']).toMatchObject({ status: 'closed', owingFen: 0, exemption: 'allowListed:mallStaff' });
    expect(byPlate['粤B30003']).toMatchObject({ status: 'open' });
    expect(state.sessions.filter((session: { plate: string }) => session.plate === '粤B30004').map((session: { status: string; closedBy?: string }) => [session.status, session.closedBy])).toEqual([
      ['closed', 'missedExit'],
      ['open', undefined],
    ]);
    expect(state.records.filter((record: { plate: string }) => record.plate === '粤B30005')).toHaveLength(1);
  });

  it('answers every event in the order sent, duplicates alike, an invalid one with its error in place', async () => {
    const lot = await seedLot('batch-answers');
    const device = deviceOf(lot, exitLane);
    const first = laneEvent(device, { plate: '粤B30101', at: at('10:00') });
    const second = laneEvent(device, { plate: null, at: at('09:00') });
    const answers = await upload(device, [first, { ...first }, { eventId: 'broken', laneId: exitLane, type: 'exit' }, second]);

    expect(answers).toHaveLength(4);
    expect(answers[0]).toEqual({ eventId: first.eventId, decision: 'open', display: ['粤B30101', '一路顺风'] });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toMatchObject({ eventId: 'broken', error: { code: 'VALIDATION_FAILED' } });
    expect(answers[3]).toEqual({ eventId: second.eventId, decision: 'open', display: ['无牌车', '一路顺风'] });
  });

  it('refuses more than 500 events in one batch with 400', async () => {
    const lot = await seedLot('batch-limit');
    const device = deviceOf(lot, entryLane);
    const events = Array.from({ length: 501 }, (_, index) => laneEvent(device, { eventId: `bulk-${index}`, plate: '粤B30201', at: at('09:00') }));
    const response = await call(api, device, { method: 'POST', path: '/device/events/batch', body: events });
    expect(response.status).toBe(400);
    expect((await sessionsOf(lot)).length).toBe(0);
  });
});
