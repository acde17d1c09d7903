/** fast-check generators of one plate's lane events, for the session tests. */
import fc from 'fast-check';
import { sessionIdFor, type PlateEvent } from './projectSessions.js';

export const lotId = 'lot-demo';
export const plate = '粤B12345';
const base = Date.parse('2026-03-01T08:00:00+08:00');

/** An instant `seconds` after 08:00 on 1 March 2026, written the way a camera in China would. */
export const atSecond = (seconds: number): string => {
  const local = new Date(base + seconds * 1000 + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
};

export const entry = (eventId: string, seconds: number, extra: Partial<PlateEvent> = {}): PlateEvent => ({
  kind: 'entry',
  eventId,
  laneId: 'lane-in',
  plate,
  at: atSecond(seconds),
  source: 'online',
  ...extra,
} as PlateEvent);

export const exit = (eventId: string, seconds: number, extra: Partial<PlateEvent> = {}): PlateEvent => ({
  kind: 'exit',
  eventId,
  laneId: 'lane-out',
  plate,
  readPlate: null,
  at: atSecond(seconds),
  closedBy: 'camera',
  ...extra,
} as PlateEvent);

/**
 * A plate's history: entries and exits over two days, often within the duplicate window of one
 * another (times on a coarse grid so that ties and near ties are common), and operator closes
 * naming sessions that may or may not be open.
 */
export const plateHistory: fc.Arbitrary<PlateEvent[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom('entry', 'entry', 'exit', 'exit', 'operatorClose'),
      seconds: fc.integer({ min: 0, max: 2 * 24 * 60 }).map((minutes) => minutes * 60 + (minutes % 3) * 20),
      lane: fc.constantFrom('1', '2'),
      offline: fc.boolean(),
      target: fc.nat(),
    }),
    { maxLength: 14 },
  )
  .map((specs) => {
    const entries = specs.flatMap((spec, index) => (spec.kind === 'entry' ? [{ index, spec }] : []));
    return specs.map(({ kind, seconds, lane, offline, target }, index): PlateEvent => {
      const eventId = `e${index}`;
      if (kind === 'entry') return entry(eventId, seconds, { laneId: `lane-in-${lane}`, source: offline ? 'offline' : 'online' });
      if (kind === 'exit') return exit(eventId, seconds, { laneId: `lane-out-${lane}`, closedBy: offline ? 'offline' : 'camera' });
      const named = entries[target % Math.max(1, entries.length)];
      return {
        kind: 'operatorClose',
        eventId,
        plate,
        sessionId: named ? sessionIdFor(lotId, { laneId: `lane-in-${named.spec.lane}`, eventId: `e${named.index}` }) : 'none',
        at: atSecond(seconds),
      };
    });
  });

/** The same events in another order, some of them several times. */
export const rearranged = (events: PlateEvent[]): fc.Arbitrary<PlateEvent[]> =>
  fc
    .tuple(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.subarray(events),
    )
    .chain(([all, copies]) => fc.shuffledSubarray([...all, ...copies], { minLength: all.length + copies.length }));
