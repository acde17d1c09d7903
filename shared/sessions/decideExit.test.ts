import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TariffSchema } from '../fees/index.js';
import { decideEntry } from './decideEntry.js';
import {
  assessStay,
  decideExit,
  exitStreamPlate,
  locateExit,
  resolveExitPlate,
  type ExitOutcome,
  type StayTerms,
} from './decideExit.js';
import { deviceEventSchema, type DeviceEvent, type LaneMode } from './laneEvent.js';
import { releaseLane } from './lanePresence.js';
import { plateListEntrySchema } from './plateList.js';
import { projectSessions, type PlateEvent, type Session } from './projectSessions.js';
import { lotId } from './sessionArbitraries.js';
import { designTariff } from '../fees/designTariff.test-support.js';

const tariff = TariffSchema.parse(designTariff);

const at = (time: string): string => `2026-03-01T${time}+08:00`;
let sequence = 0;
const cameraEvent = (type: 'entry' | 'exit', plate: string | null, time: string, eventId = `ev-${(sequence += 1)}`): DeviceEvent =>
  deviceEventSchema.parse({ eventId, laneId: type === 'entry' ? 'lane-in' : 'lane-out', type, plate, at: at(time) });

/**
 * A small in-memory lot doing what the adapter does: per-plate streams, the lot's open plates,
 * resolve → locate → decide → append. Payments and coupons are per session id.
 */
const lot = (terms: Omit<StayTerms, 'tariff'> & { perSession?: Record<string, Omit<StayTerms, 'tariff'>> } = {}) => {
  const streams = new Map<string, PlateEvent[]>();
  const history = (plate: string) => streams.get(plate) ?? [];
  const append = (record: PlateEvent | null) => {
    if (record) streams.set(record.plate, [...history(record.plate), record]);
  };
  const openPlates = () => [...streams.keys()].filter((plate) => projectSessions(lotId, plate, history(plate)).open !== null);
  return {
    history,
    sessions: (plate: string): Session[] => projectSessions(lotId, plate, history(plate)).sessions,
    enter(event: DeviceEvent, mode: LaneMode = 'online') {
      const outcome = decideEntry({ lotId, event, mode, history: event.plate ? history(event.plate) : [] });
      append(outcome.record);
      return outcome;
    },
    /** `byPhone`: the plate whose open session the typed phone number found (no plate read). */
    leave(event: DeviceEvent, mode: LaneMode = 'online', byPhone?: string): ExitOutcome {
      const match = byPhone ? { kind: 'phone' as const, plate: byPhone } : event.plate === null ? null : resolveExitPlate(event.plate, openPlates());
      const plate = byPhone ?? (event.plate !== null && match !== null ? exitStreamPlate(event.plate, match) : null);
      const pairing = plate === null ? { relation: 'unmatched' as const, session: null } : locateExit(lotId, plate, history(plate), event);
      const extra = pairing.session ? (terms.perSession?.[pairing.session.sessionId] ?? {}) : {};
      const outcome = decideExit({ lotId, event, mode, match, pairing, tariff, ...terms, ...extra });
      append(outcome.record);
      return outcome;
    },
    release(outcome: ExitOutcome) {
      append(releaseLane(outcome.presence!, 'payment'));
    },
  };
};

describe('decideExit', () => {
  it('journey 1: paid in the car park, the exit within the grace window opens at once and closes the session', () => {
    const parking = lot({ perSession: { 'lot-demo.lane-in.e1': { payments: [{ amount: 1100, coversUntil: at('11:08:00') }] } } });
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    const outcome = parking.leave(cameraEvent('exit', '粤B12345', '11:20:00'));
    expect(outcome.decision).toEqual({ decision: 'open', sessionId: 'lot-demo.lane-in.e1', display: ['粤B12345 停车2小时20分', '一路顺风'] });
    expect(outcome.closure).toEqual({ sessionId: 'lot-demo.lane-in.e1', closedAt: at('11:20:00'), closedBy: 'camera', owing: 0 });
    expect(parking.sessions('粤B12345')).toMatchObject([{ status: 'closed', closedBy: 'camera' }]);
  });

  it('after the grace window the rest is due (DESIGN.md: 1100 paid until 11:08, out at 11:40 → 200)', () => {
    const parking = lot({ perSession: { 'lot-demo.lane-in.e1': { payments: [{ amount: 1100, coversUntil: at('11:08:00') }] } } });
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    expect(parking.leave(cameraEvent('exit', '粤B12345', '11:40:00')).decision).toMatchObject({ decision: 'pay', due: 200 });
  });

  it('journey 2: pay at the exit — the lane shows the amount, remembers the car, and the session stays open until paid', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    const outcome = parking.leave(cameraEvent('exit', '粤B12345', '11:10:00', 'x1'));
    expect(outcome.decision).toEqual({
      decision: 'pay',
      sessionId: 'lot-demo.lane-in.e1',
      due: 1100,
      display: ['粤B12345 停车2小时10分', '请扫码缴费 ¥11.00'],
    });
    expect(outcome.record).toBeNull();
    expect(outcome.presence).toMatchObject({ lotId, laneId: 'lane-out', sessionId: 'lot-demo.lane-in.e1', plate: '粤B12345', due: 1100, decision: 'pay' });
    expect(parking.sessions('粤B12345')).toMatchObject([{ status: 'open' }]);

    parking.release(outcome);
    expect(parking.sessions('粤B12345')).toMatchObject([{ status: 'closed', closedBy: 'camera', closedAt: at('11:10:00') }]);
  });

  it('a stay within the free minutes opens at once', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00'));
    expect(parking.leave(cameraEvent('exit', '粤B12345', '09:10:00')).decision.decision).toBe('open');
  });

  it('coupons and member benefits go through the fee engine (60 min + ¥3 + 15 % → 850)', () => {
    const coupons = [
      { kind: 'minutes' as const, value: 60 },
      { kind: 'amount' as const, value: 300 },
      { kind: 'percent' as const, value: 15 },
    ];
    const parking = lot({ perSession: { 'lot-demo.lane-in.e1': { coupons } } });
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    expect(parking.leave(cameraEvent('exit', '粤B12345', '13:00:00')).decision).toMatchObject({ decision: 'pay', due: 850 });

    const member = lot({ benefits: { freeMinutes: 130 } });
    member.enter(cameraEvent('entry', '粤B12345', '09:00:00'));
    expect(member.leave(cameraEvent('exit', '粤B12345', '11:10:00')).decision.decision).toBe('open');
  });

  it.each(['粤B1234警', 'VA12345', 'WJ京12345', '粤B1234应急'])('special vehicle %s leaves free, with or without a session', (plate) => {
    const parking = lot();
    parking.enter(cameraEvent('entry', plate, '09:00:00'));
    const withSession = parking.leave(cameraEvent('exit', plate, '20:00:00'));
    expect(withSession.decision.decision).toBe('open');
    expect(withSession.exemption).toMatchObject({ kind: 'specialVehicle' });
    expect(withSession.quote?.netFee).toBe(0);

    const unseen = lot().leave(cameraEvent('exit', plate, '20:00:00'));
    expect(unseen.decision).toEqual({ decision: 'open', display: [plate, '免费放行 一路顺风'] });
    expect(unseen.record).not.toBeNull();
  });

  it('an allow-listed plate leaves free while its listing is valid', () => {
    const allowList = [plateListEntrySchema.parse({ plate: '粤B12345', category: 'mallStaff', validUntil: at('18:00:00') })];
    const parking = lot({ allowList });
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00'));
    expect(parking.leave(cameraEvent('exit', '粤B12345', '17:00:00')).exemption).toEqual({ kind: 'allowListed', category: 'mallStaff' });

    const lapsed = lot({ allowList });
    lapsed.enter(cameraEvent('entry', '粤B12345', '09:00:00'));
    expect(lapsed.leave(cameraEvent('exit', '粤B12345', '18:30:00')).decision.decision).toBe('pay');
  });

  it('journey 8: a misread exit plate is matched to the most likely open session', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    parking.enter(cameraEvent('entry', '京A77777', '09:00:00'));
    const outcome = parking.leave(cameraEvent('exit', '粤B1234S', '09:05:00'));
    expect(outcome.decision).toMatchObject({ decision: 'open', sessionId: 'lot-demo.lane-in.e1' });
    expect(outcome.record).toMatchObject({ plate: '粤B12345', readPlate: '粤B1234S' });
  });

  it('journey 8: an ambiguous read goes to staff or pay-by-scan, never to a guessed car', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00'));
    parking.enter(cameraEvent('entry', '粤B12346', '09:00:00'));
    const outcome = parking.leave(cameraEvent('exit', '粤B1234X', '11:00:00'));
    expect(outcome.decision).toEqual({ decision: 'manual', display: ['粤B1234X', '请扫码缴费或稍候'] });
    expect(outcome.presence).toMatchObject({ sessionId: null, candidates: ['粤B12345', '粤B12346'] });
    expect(outcome.record).toBeNull();
    expect(parking.sessions('粤B12345')).toMatchObject([{ status: 'open' }]);
    expect(parking.sessions('粤B12346')).toMatchObject([{ status: 'open' }]);
  });

  it('a plate with no session is handed to staff, not charged', () => {
    const outcome = lot().leave(cameraEvent('exit', '粤B12345', '11:00:00'));
    expect(outcome.decision).toEqual({ decision: 'manual', display: ['粤B12345', '无入场记录 请稍候'] });
    expect(outcome.presence).toMatchObject({ plate: '粤B12345', sessionId: null, decision: 'manual' });
  });

  it('a car without a plate is asked to scan the exit-lane code; offline it has already left', () => {
    const online = lot().leave(cameraEvent('exit', null, '11:00:00'));
    expect(online.decision).toEqual({ decision: 'pay', display: ['无牌车', '请扫码缴费'] });
    expect(online.presence).toMatchObject({ readPlate: null, sessionId: null });
    expect(lot().leave(cameraEvent('exit', null, '11:00:00'), 'offline').decision.decision).toBe('open');
  });

  it('journey 3: with no plate read, the phone-found temporary plate is charged, remembered at the lane and closed once paid; the read stays null', () => {
    const parking = lot({ perSession: { 'lot-demo.lane-in.t2': { payments: [{ amount: 1100, coversUntil: at('11:00:00') }] } } });
    parking.enter(cameraEvent('entry', '临A2B3C4', '09:00:00', 't1'));
    const unpaid = parking.leave(cameraEvent('exit', null, '10:00:00', 'x1'), 'online', '临A2B3C4');
    expect(unpaid.decision).toEqual({ decision: 'pay', sessionId: 'lot-demo.lane-in.t1', due: 500, display: ['临A2B3C4 停车1小时0分', '请扫码缴费 ¥5.00'] });
    expect(unpaid.presence).toMatchObject({ readPlate: null, plate: '临A2B3C4', sessionId: 'lot-demo.lane-in.t1', due: 500 });

    parking.enter(cameraEvent('entry', '临D5E6F7', '09:00:00', 't2'));
    const paid = parking.leave(cameraEvent('exit', null, '11:05:00', 'x2'), 'online', '临D5E6F7');
    expect(paid.decision).toMatchObject({ decision: 'open', sessionId: 'lot-demo.lane-in.t2' });
    expect(paid.record).toMatchObject({ plate: '临D5E6F7', readPlate: null });
    expect(parking.sessions('临D5E6F7')).toMatchObject([{ status: 'closed', closedBy: 'camera' }]);
  });

  it('a second read of a car that has just left opens again for the same session', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'));
    parking.leave(cameraEvent('exit', '粤B12345', '09:10:00'));
    const again = parking.leave(cameraEvent('exit', '粤B12345', '09:11:00'));
    expect(again.decision).toMatchObject({ decision: 'open', sessionId: 'lot-demo.lane-in.e1' });
    expect(parking.sessions('粤B12345')).toHaveLength(1);
  });

  it('journey 7: offline, a car that left unpaid closes its session and is recorded as owing', () => {
    const parking = lot();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'), 'offline');
    const outcome = parking.leave(cameraEvent('exit', '粤B12345', '11:10:00'), 'offline');
    expect(outcome.decision).toEqual({ decision: 'open', sessionId: 'lot-demo.lane-in.e1', due: 1100, display: ['粤B12345', '欠费 ¥11.00'] });
    expect(outcome.closure).toEqual({ sessionId: 'lot-demo.lane-in.e1', closedAt: at('11:10:00'), closedBy: 'offline', owing: 1100 });
    expect(parking.sessions('粤B12345')).toMatchObject([{ status: 'closed', closedBy: 'offline' }]);
  });

  it('journey 7: a backlog with the exit before its entry still pairs, and the adapter can price it then', () => {
    const parking = lot();
    const exitFirst = parking.leave(cameraEvent('exit', '粤B12345', '11:10:00'), 'offline');
    expect(exitFirst.decision.decision).toBe('open');
    expect(exitFirst.closure).toBeNull();
    parking.enter(cameraEvent('entry', '粤B12345', '09:00:00', 'e1'), 'offline');
    const [session] = parking.sessions('粤B12345');
    expect(session).toMatchObject({ sessionId: 'lot-demo.lane-in.e1', status: 'closed', closedBy: 'offline', closedAt: at('11:10:00') });
    const owed = assessStay({ plate: session!.plate, enteredAt: session!.enteredAt, leftAt: session!.closedAt! }, { tariff });
    expect(owed.quote.due).toBe(1100);
  });
});

describe('offline backlog against online', () => {
  const plate = '粤B12345';
  const deviceEvents = fc
    .array(
      fc.record({ type: fc.constantFrom('entry' as const, 'exit' as const), minutes: fc.integer({ min: 0, max: 36 * 60 }) }),
      { maxLength: 10 },
    )
    .map((specs) =>
      specs.map(({ type, minutes }, index) =>
        deviceEventSchema.parse({
          eventId: `d${index}`,
          laneId: type === 'entry' ? 'lane-in' : 'lane-out',
          type,
          plate,
          at: new Date(Date.parse(at('08:00:00')) + minutes * 60_000).toISOString(),
        }),
      ),
    );

  /** Sessions as a driver would see them: when in, when out, whatever the device's link was. */
  const visits = (sessions: Session[]) =>
    sessions.map(({ sessionId, status, enteredAt, closedAt, closedBy, duplicateReads }) => ({
      sessionId,
      status,
      enteredAt,
      closedAt,
      missedExit: closedBy === 'missedExit',
      duplicateReads,
    }));

  it('a backlog in any order, with duplicates, ends in the sessions the same events made online in time order', () => {
    fc.assert(
      fc.property(
        deviceEvents.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length }),
            fc.subarray(events),
          ),
        ),
        ([events, shuffled, copies]) => {
          const online = lot();
          const inTimeOrder = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.type === 'entry' ? -1 : 1));
          for (const event of inTimeOrder) {
            if (event.type === 'entry') online.enter(event);
            else {
              const outcome = online.leave(event);
              // The driver pays at the lane and the barrier opens.
              if (outcome.decision.decision === 'pay') online.release(outcome);
            }
          }
          const offline = lot();
          for (const event of [...shuffled, ...copies]) {
            if (event.type === 'entry') offline.enter(event, 'offline');
            else offline.leave(event, 'offline');
          }
          expect(visits(offline.sessions(plate))).toEqual(visits(online.sessions(plate)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
