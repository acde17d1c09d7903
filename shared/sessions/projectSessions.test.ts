import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffProjections,
  duplicateReadWindowSeconds,
  placeEvent,
  plateEventKey,
  projectSessions,
  sessionIdFor,
  type PlateEvent,
  type Session,
} from './projectSessions.js';
import { atSecond, entry, exit, lotId, plate, plateHistory, rearranged } from './sessionArbitraries.js';

const project = (events: PlateEvent[]) => projectSessions(lotId, plate, events);
const hour = 3600;

describe('a plate’s sessions, projected from its events', () => {
  it('an entry opens a session whose id comes from the lot, lane and event', () => {
    const { sessions, open } = project([entry('e1', 0)]);
    expect(sessions).toEqual([
      {
        sessionId: 'lot-demo.lane-in.e1',
        lotId,
        plate,
        status: 'open',
        enteredAt: atSecond(0),
        entry: { eventId: 'e1', laneId: 'lane-in', source: 'online' },
        duplicateReads: [],
      },
    ]);
    expect(open?.sessionId).toBe('lot-demo.lane-in.e1');
  });

  it('journey 1: entry then exit is one closed session, closed by the camera at the exit time', () => {
    const { sessions, open } = project([entry('e1', 0), exit('x1', 2 * hour)]);
    expect(open).toBeNull();
    expect(sessions).toMatchObject([
      { sessionId: 'lot-demo.lane-in.e1', status: 'closed', closedAt: atSecond(2 * hour), closedBy: 'camera', closedByEvent: 'exit/lane-out/x1' },
    ]);
  });

  it(`a second read of the entry within ${duplicateReadWindowSeconds} s is the same car, not a second session`, () => {
    const { sessions } = project([entry('e1', 0), entry('e2', duplicateReadWindowSeconds, { laneId: 'lane-in-2' })]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ sessionId: 'lot-demo.lane-in.e1', status: 'open', duplicateReads: ['entry/lane-in-2/e2'] });
  });

  it('a second entry later while a session is open closes it as a missed exit and opens a new one', () => {
    const { sessions, open } = project([entry('e1', 0), entry('e2', duplicateReadWindowSeconds + 1)]);
    expect(sessions).toMatchObject([
      { sessionId: 'lot-demo.lane-in.e1', status: 'closed', closedBy: 'missedExit', closedAt: atSecond(duplicateReadWindowSeconds + 1) },
      { sessionId: 'lot-demo.lane-in.e2', status: 'open' },
    ]);
    expect(open?.sessionId).toBe('lot-demo.lane-in.e2');
  });

  it('a second read of the exit soon after joins the closed session', () => {
    const { sessions, unmatchedExits } = project([entry('e1', 0), exit('x1', hour), exit('x2', hour + 30)]);
    expect(unmatchedExits).toEqual([]);
    expect(sessions).toMatchObject([{ closedByEvent: 'exit/lane-out/x1', duplicateReads: ['exit/lane-out/x2'] }]);
  });

  it('an exit with no session before it waits as unmatched, and a late earlier entry pairs with it', () => {
    const early = project([exit('x1', hour)]);
    expect(early.sessions).toEqual([]);
    expect(early.unmatchedExits.map(plateEventKey)).toEqual(['exit/lane-out/x1']);

    const late = project([exit('x1', hour), entry('e1', 0, { source: 'offline' })]);
    expect(late.unmatchedExits).toEqual([]);
    expect(late.sessions).toMatchObject([{ sessionId: 'lot-demo.lane-in.e1', status: 'closed', closedAt: atSecond(hour) }]);
  });

  it('an entry after an exit does not pair with it', () => {
    const { sessions, unmatchedExits } = project([exit('x1', 0), entry('e1', hour)]);
    expect(unmatchedExits).toHaveLength(1);
    expect(sessions).toMatchObject([{ status: 'open' }]);
  });

  it('an entry and an exit at the same instant pair (the exit comes from the entry at or before it)', () => {
    expect(project([exit('x1', 0), entry('e1', 0)]).sessions).toMatchObject([{ status: 'closed' }]);
  });

  it('a late exit read inside a missed-exit gap replaces the missed exit', () => {
    const events = [entry('e1', 0), entry('e2', 6 * hour)];
    expect(project(events).sessions[0]).toMatchObject({ closedBy: 'missedExit' });
    const withExit = project([...events, exit('x1', 2 * hour, { closedBy: 'offline' })]);
    expect(withExit.sessions).toMatchObject([
      { sessionId: 'lot-demo.lane-in.e1', closedBy: 'offline', closedAt: atSecond(2 * hour) },
      { sessionId: 'lot-demo.lane-in.e2', status: 'open' },
    ]);
  });

  it('an operator close ends the open session it names, and is stale once a real exit came first', () => {
    const close: PlateEvent = { kind: 'operatorClose', eventId: 'act-1', plate, sessionId: 'lot-demo.lane-in.e1', at: atSecond(5 * hour) };
    expect(project([entry('e1', 0), close]).sessions).toMatchObject([{ closedBy: 'operator', closedAt: atSecond(5 * hour) }]);
    const withExit = project([entry('e1', 0), close, exit('x1', 3 * hour, { closedBy: 'offline' })]);
    expect(withExit.sessions).toMatchObject([{ closedBy: 'offline' }]);
    expect(withExit.staleCloses).toEqual([close]);
  });

  it('a late, earlier read of the same entry takes the session over, and the diff says which session it merged into', () => {
    const before = project([entry('e2', 60, { laneId: 'lane-in-2' })]);
    const after = project([entry('e2', 60, { laneId: 'lane-in-2' }), entry('e1', 0)]);
    expect(after.sessions.map((session) => session.sessionId)).toEqual(['lot-demo.lane-in.e1']);
    expect(diffProjections(before, after)).toEqual({
      upserts: after.sessions,
      removed: [{ sessionId: 'lot-demo.lane-in-2.e2', mergedInto: 'lot-demo.lane-in.e1' }],
    });
  });

  it('the diff names only sessions that changed', () => {
    const before = project([entry('e1', 0), exit('x1', hour), entry('e2', 2 * hour)]);
    const after = project([entry('e1', 0), exit('x1', hour), entry('e2', 2 * hour), exit('x2', 3 * hour)]);
    expect(diffProjections(before, after)).toEqual({ upserts: [after.sessions[1]], removed: [] });
  });

  it('refuses a lot id that would make session ids ambiguous', () => {
    expect(() => sessionIdFor('lot.demo', { laneId: 'a', eventId: 'b' })).toThrow(/lotId/);
  });
});

describe('projection properties', () => {
  it('any arrival order, with any duplicates, gives the same sessions', () => {
    fc.assert(
      fc.property(
        plateHistory.chain((events) => fc.tuple(fc.constant(events), rearranged(events))),
        ([events, arrived]) => {
          expect(project(arrived)).toEqual(project(events));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('projecting an event again changes nothing (idempotence)', () => {
    fc.assert(
      fc.property(plateHistory, (events) => {
        const once = project(events);
        expect(project([...events, ...events])).toEqual(once);
      }),
    );
  });

  it('a plate never has two open sessions, and sessions never overlap', () => {
    fc.assert(
      fc.property(plateHistory, (events) => {
        const { sessions, open } = project(events);
        const openOnes = sessions.filter((session) => session.status === 'open');
        expect(openOnes).toEqual(open ? [open] : []);
        if (open) expect(sessions.at(-1)).toBe(open);
        for (const [earlier, later] of sessions.slice(1).map((session, index) => [sessions[index]!, session] as const)) {
          expect(Date.parse(earlier.closedAt!)).toBeLessThanOrEqual(Date.parse(later.enteredAt));
        }
      }),
    );
  });

  it('every exit is paired, a second read of a paired exit, or recorded as unmatched; every entry is in a session', () => {
    fc.assert(
      fc.property(plateHistory, (events) => {
        const projection = project(events);
        for (const event of events) {
          const { role } = placeEvent(projection, event);
          if (event.kind === 'exit') expect(['closed', 'duplicate', 'unmatched']).toContain(role);
          if (event.kind === 'entry') expect(['opened', 'duplicate']).toContain(role);
          if (event.kind === 'operatorClose') expect(['closed', 'stale']).toContain(role);
        }
      }),
    );
  });

  it('session items kept up to date from each event\'s diff equal the final projection, in any arrival order', () => {
    fc.assert(
      fc.property(
        plateHistory.chain((events) => rearranged(events)),
        (arrivals) => {
          const items = new Map<string, Session>();
          arrivals.reduce<PlateEvent[]>((stream, event) => {
            const next = [...stream, event];
            const { upserts, removed } = diffProjections(project(stream), project(next));
            for (const session of upserts) items.set(session.sessionId, session);
            for (const { sessionId } of removed) items.delete(sessionId);
            return next;
          }, []);
          const final = project(arrivals).sessions;
          expect(new Map(final.map((session) => [session.sessionId, session]))).toEqual(items);
        },
      ),
    );
});
});
