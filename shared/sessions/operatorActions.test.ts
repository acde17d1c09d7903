import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { presenceExpiresAt, type LanePresence } from './lanePresence.js';
import { closeAbandonedSession, correctSessionPlate, openBarrierByHand } from './operatorActions.js';
import { projectSessions, type PlateEvent } from './projectSessions.js';
import { atSecond, entry, exit, lotId, plate } from './sessionArbitraries.js';

const hour = 3600;
const act = { actionId: 'act-1', lotId, who: 'operator:wang', at: atSecond(5 * hour), reason: 'driver lost the ticket' };
const openSession = () => projectSessions(lotId, plate, [entry('e1', 0)]).open!;
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const presence: LanePresence = {
  lotId,
  laneId: 'lane-out',
  eventId: 'x1',
  readAt: atSecond(2 * hour),
  readPlate: plate,
  plate,
  sessionId: 'lot-demo.lane-in.e1',
  decision: 'pay',
  due: 700,
  candidates: [],
  expiresAt: presenceExpiresAt(atSecond(2 * hour)),
};

describe('operator actions', () => {
  it.each(['', '   '])('every action needs a reason (%j)', (reason) => {
    expect(codeOf(() => openBarrierByHand({ ...act, reason, laneId: 'lane-out', presence: null }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => closeAbandonedSession({ ...act, reason, session: openSession() }))).toBe('VALIDATION_FAILED');
  });

  it('opening a barrier by hand for the car waiting to pay lets it out: the session closes by operator, audited', () => {
    const { audit, record } = openBarrierByHand({ ...act, laneId: 'lane-out', presence });
    expect(audit).toEqual({
      actionId: 'act-1',
      who: 'operator:wang',
      when: atSecond(5 * hour),
      action: 'openBarrier',
      reason: 'driver lost the ticket',
      lotId,
      laneId: 'lane-out',
      sessionId: 'lot-demo.lane-in.e1',
      details: { readPlate: plate, due: 700 },
    });
    const sessions = projectSessions(lotId, plate, [entry('e1', 0), record!]).sessions;
    expect(sessions).toMatchObject([{ status: 'closed', closedBy: 'operator', closedAt: atSecond(2 * hour) }]);
  });

  it('opening an empty lane (or one whose presence is for another lane) files no exit', () => {
    expect(openBarrierByHand({ ...act, laneId: 'lane-out', presence: null }).record).toBeNull();
    expect(openBarrierByHand({ ...act, laneId: 'lane-out-2', presence }).record).toBeNull();
  });

  it('closing an abandoned session ends it at the given time, once', () => {
    const { audit, record } = closeAbandonedSession({ ...act, session: openSession() });
    expect(audit).toMatchObject({ action: 'closeSession', sessionId: 'lot-demo.lane-in.e1' });
    const closed = projectSessions(lotId, plate, [entry('e1', 0), record]).sessions[0]!;
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'operator', closedAt: atSecond(5 * hour) });
    expect(codeOf(() => closeAbandonedSession({ ...act, session: closed }))).toBe('CONFLICT');
    expect(codeOf(() => closeAbandonedSession({ ...act, at: atSecond(-60), session: openSession() }))).toBe('VALIDATION_FAILED');
  });

  describe('correcting a misread plate', () => {
    const misread = '粤B12346';
    const history: PlateEvent[] = [
      entry('e1', 0, { plate: misread }),
      entry('e2', 30, { plate: misread, laneId: 'lane-in-2' }),
      exit('x1', hour, { plate: misread }),
      entry('e9', 3 * hour, { plate: misread }),
    ];
    const session = projectSessions(lotId, misread, history).sessions[0]!;

    it('moves the session’s reads to the right plate, keeping its id; other visits stay', () => {
      const correction = correctSessionPlate({ ...act, session, history, newPlate: '粤b 12345', newPlateHistory: [] });
      expect(correction.audit).toMatchObject({ action: 'correctPlate', sessionId: session.sessionId, details: { from: misread, to: plate } });
      expect(correction.remove.map((event) => event.eventId)).toEqual(['e1', 'e2', 'x1']);
      const moved = projectSessions(lotId, plate, correction.add);
      expect(moved.sessions).toMatchObject([{ sessionId: session.sessionId, plate, status: 'closed' }]);
      expect(correction.add.find((event) => event.kind === 'exit')).toMatchObject({ readPlate: misread });
      const left = history.filter((event) => !correction.remove.includes(event));
      expect(projectSessions(lotId, misread, left).sessions.map((other) => other.sessionId)).toEqual(['lot-demo.lane-in.e9']);
    });

    it('refuses an invalid plate, the same plate, and a plate already in the car park at that time', () => {
      expect(codeOf(() => correctSessionPlate({ ...act, session, history, newPlate: '粤B1234', newPlateHistory: [] }))).toBe('VALIDATION_FAILED');
      expect(codeOf(() => correctSessionPlate({ ...act, session, history, newPlate: misread, newPlateHistory: [] }))).toBe('VALIDATION_FAILED');
      const overlapping = [entry('k1', 1800), exit('k2', 2 * hour)];
      expect(codeOf(() => correctSessionPlate({ ...act, session, history, newPlate: plate, newPlateHistory: overlapping }))).toBe('CONFLICT');
      const later = [entry('k1', 2 * hour), exit('k2', 3 * hour)];
      expect(codeOf(() => correctSessionPlate({ ...act, session, history, newPlate: plate, newPlateHistory: later }))).toBeUndefined();
    });

    it('an open session cannot move onto a plate that has an open session', () => {
      const open = projectSessions(lotId, misread, history).open!;
      expect(codeOf(() => correctSessionPlate({ ...act, session: open, history, newPlate: plate, newPlateHistory: [entry('k1', 0)] }))).toBe('CONFLICT');
    });
  });
});
