import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { plateEventSchema, projectSessions } from '../../../shared/sessions/index.js';
import { at, deviceOf, entryLane, exitLane, getItem, itemsOf, post, seedLot, startApi } from './laneHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
const entry = () => deviceOf(lot, entryLane);
const westEntry = () => deviceOf(lot, 'lane-west-in');
const exit = () => deviceOf(lot, exitLane);

beforeAll(async () => {
  [api, lot] = await Promise.all([startApi(), seedLot('concurrency')]);
});
afterAll(() => api.close());

/**
 * What the table holds for a plate, checked for consistency: the stored sessions are exactly the
 * projection of the stored stream, at most one is open, and the head names it.
 */
const plateState = async (plate: string) => {
  const items = (await itemsOf(lot)).filter((item) => item.plate === plate);
  const records = items.filter((item) => item.entity === 'PlateEvent').map((item) => plateEventSchema.parse(item));
  const sessions = items
    .filter((item) => item.entity === 'Session')
    .sort((a, b) => String(a.enteredAt).localeCompare(String(b.enteredAt)));
  const projection = projectSessions(lot.lotId, plate, records);
  expect(sessions.map((session) => [session.sessionId, session.status, session.closedBy])).toEqual(
    projection.sessions.map((session) => [session.sessionId, session.status, session.closedBy]),
  );
  const open = sessions.filter((session) => session.status === 'open');
  expect(open.length).toBeLessThanOrEqual(1);
  expect((await getItem(`LOT#${lot.lotId}#PLATE#${plate}`, 'HEAD'))?.openSessionId).toBe(open[0]?.sessionId);
  return { records, sessions, open };
};

describe('concurrent events for one plate', () => {
  it('the same event twice at once: one effect, the same answer', async () => {
    const event = { plate: '粤B40001', at: at('09:00'), eventId: 'twice-1' };
    const [first, second] = await Promise.all([post(api, entry(), event), post(api, entry(), event)]);

    expect(second).toEqual(first);
    const { records, sessions } = await plateState('粤B40001');
    expect(records).toHaveLength(1);
    expect(sessions).toHaveLength(1);
  });

  it('two entries at once, a visit apart: the first closes as a missed exit, one session stays open', async () => {
    await Promise.all([
      post(api, entry(), { plate: '粤B40002', at: at('09:00') }),
      post(api, westEntry(), { plate: '粤B40002', at: at('13:00') }),
    ]);
    const { sessions, open } = await plateState('粤B40002');
    expect(sessions.map((session) => [session.enteredAt, session.status, session.closedBy])).toEqual([
      [at('09:00'), 'closed', 'missedExit'],
      [at('13:00'), 'open', undefined],
    ]);
    expect(open).toHaveLength(1);
  });

  it('two lanes reading the same car at once: one session, whichever read lands first', async () => {
    await Promise.all([
      post(api, entry(), { plate: '粤B40003', at: at('09:00:00'), eventId: 'same-car-east' }),
      post(api, westEntry(), { plate: '粤B40003', at: at('09:00:20'), eventId: 'same-car-west' }),
    ]);
    const { sessions } = await plateState('粤B40003');
    // The earlier read names the session; if the later one landed first, its session was merged into it.
    expect(sessions.map((session) => [session.sessionId, session.duplicateReads])).toEqual([
      [`${lot.lotId}.${entryLane}.same-car-east`, ['entry/lane-west-in/same-car-west']],
    ]);
    expect(await getItem(`SESSION#${lot.lotId}.lane-west-in.same-car-west`, 'SESSION')).toBeUndefined();
  });

  it('an exit and the next entry at once: the visit closes and the next one opens, in either order', async () => {
    const { sessionId } = await post(api, entry(), { plate: '粤B40004', at: at('09:00') });
    const [left] = await Promise.all([
      post(api, exit(), { plate: '粤B40004', at: at('09:10') }),
      post(api, westEntry(), { plate: '粤B40004', at: at('09:30') }),
    ]);
    expect(left).toMatchObject({ decision: 'open', sessionId });
    const { sessions } = await plateState('粤B40004');
    expect(sessions.map((session) => [session.sessionId === sessionId, session.status, session.closedBy ?? null])).toEqual([
      [true, 'closed', 'camera'],
      [false, 'open', null],
    ]);
  });

  it('a burst of entries and exits for one plate never loses or doubles a session', async () => {
    const plate = '粤B40005';
    const events = [
      [entry(), '08:00'],
      [westEntry(), '08:00:30'],
      [exit(), '08:10'],
      [entry(), '09:00'],
      [exit(), '09:05'],
      [westEntry(), '10:00'],
      [entry(), '12:00'],
      [exit(), '12:10'],
    ] as const;
    await Promise.all(events.map(([device, time]) => post(api, device, { plate, at: at(time) })));
    const { sessions, open } = await plateState(plate);
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    expect(open.length).toBeLessThanOrEqual(1);
  });
});
