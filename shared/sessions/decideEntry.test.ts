import { describe, expect, it } from 'vitest';
import { decideEntry } from './decideEntry.js';
import { deviceEventSchema, type DeviceEvent } from './laneEvent.js';
import type { PlateListEntry } from './plateList.js';
import { projectSessions, type PlateEvent } from './projectSessions.js';
import { atSecond, lotId } from './sessionArbitraries.js';

const cameraEvent = (overrides: Partial<Record<keyof DeviceEvent, unknown>> = {}): DeviceEvent =>
  deviceEventSchema.parse({ eventId: 'e1', laneId: 'lane-in', type: 'entry', plate: '粤B12345', at: atSecond(0), ...overrides });

/** Runs events through decideEntry the way the adapter does, keeping the plate's stream. */
const enter = (events: DeviceEvent[], mode: 'online' | 'offline' = 'online', denyList: PlateListEntry[] = []) => {
  const stream: PlateEvent[] = [];
  const outcomes = events.map((event) => {
    const outcome = decideEntry({ lotId, event, mode, history: stream.filter((record) => record.plate === event.plate), denyList });
    if (outcome.record) stream.push(outcome.record);
    return outcome;
  });
  return { outcomes, stream };
};

describe('decideEntry', () => {
  it('journey 1: a plated car is let in and its session opens', () => {
    const { outcomes, stream } = enter([cameraEvent()]);
    expect(outcomes[0]!.decision).toEqual({ decision: 'open', sessionId: 'lot-demo.lane-in.e1', display: ['粤B12345', '欢迎光临'] });
    expect(projectSessions(lotId, '粤B12345', stream).open?.sessionId).toBe('lot-demo.lane-in.e1');
  });

  it('a duplicate camera read gets the same answer and opens no second session', () => {
    const { outcomes, stream } = enter([cameraEvent(), cameraEvent({ eventId: 'e2', at: atSecond(40) })]);
    expect(outcomes[1]!.decision).toEqual(outcomes[0]!.decision);
    expect(projectSessions(lotId, '粤B12345', stream).sessions).toHaveLength(1);
  });

  it('the same event again gets the same answer', () => {
    const { outcomes } = enter([cameraEvent(), cameraEvent()]);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('a second entry while a session is open lets the car in and flags the earlier session as a missed exit', () => {
    const { outcomes } = enter([cameraEvent(), cameraEvent({ eventId: 'e2', at: atSecond(3 * 3600) })]);
    expect(outcomes[1]!.decision.sessionId).toBe('lot-demo.lane-in.e2');
    expect(outcomes[1]!.missedExit).toMatchObject({ sessionId: 'lot-demo.lane-in.e1', closedBy: 'missedExit' });
    expect(outcomes[0]!.missedExit).toBeNull();
  });

  it.each([null, '', '无牌车'])('a car without a plate (%s) is sent to scan the entry-lane code', (plate) => {
    const { outcomes, stream } = enter([cameraEvent({ plate })]);
    expect(outcomes[0]!.decision).toEqual({ decision: 'deny', display: ['无牌车', '请扫码入场'] });
    expect(stream).toEqual([]);
  });

  it('offline, a car without a plate has already been let in; nothing is filed under a plate', () => {
    const { outcomes, stream } = enter([cameraEvent({ plate: null })], 'offline');
    expect(outcomes[0]!.decision.decision).toBe('open');
    expect(stream).toEqual([]);
  });

  const denyList = [{ plate: '粤B12345', category: 'unpaidDebt', validUntil: atSecond(3600) }];

  it('a deny-listed plate is refused while the listing is valid, and nothing is recorded', () => {
    const refused = enter([cameraEvent()], 'online', denyList);
    expect(refused.outcomes[0]!.decision.decision).toBe('deny');
    expect(refused.stream).toEqual([]);
    expect(enter([cameraEvent({ at: atSecond(3600) })], 'online', denyList).outcomes[0]!.decision.decision).toBe('open');
  });

  it('offline, a deny-listed car that the device let in is recorded', () => {
    expect(enter([cameraEvent()], 'offline', denyList).stream).toHaveLength(1);
  });

  it('records a partial read as is, so misread matching can still place it at the exit', () => {
    const { outcomes } = enter([cameraEvent({ plate: '粤B1234' })]);
    expect(outcomes[0]!.record).toMatchObject({ plate: '粤B1234', source: 'online' });
  });
});
