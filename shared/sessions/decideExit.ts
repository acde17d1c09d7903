import { explainStay, type Coupon, type Payment, type StayExplanation, type Tariff } from '../fees/index.js';
import { classifyPlate, isExemptKind, matchPlate, matchThreshold, plateDistance, type PlateKind } from '../plates/index.js';
import type { DeviceEvent, LaneDecision, LaneMode } from './laneEvent.js';
import { laneDisplay } from './laneDisplay.js';
import { presenceExpiresAt, type LanePresence } from './lanePresence.js';
import { findListedPlate, type PlateListEntry } from './plateList.js';
import { placeEvent, projectSessions, type ClosedBy, type ExitRecord, type PlateEvent, type Session } from './projectSessions.js';

/** How the read exit plate relates to the lot's open sessions. */
export type ExitMatch =
  | { kind: 'exact'; plate: string }
  | { kind: 'fuzzy'; plate: string; score: number }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none' }
  /**
   * No plate was read, but the driver typed the phone number of the account that holds this
   * temporary plate's open session (journey 3's fallback); the read plate stays null.
   */
  | { kind: 'phone'; plate: string };

/**
 * Exact first, then misread matching (shared/plates). When matching finds no clear winner but
 * some open plates are within the threshold, the read is ambiguous: never guess between cars.
 */
export const resolveExitPlate = (readPlate: string, openPlates: readonly string[]): ExitMatch => {
  const { match, score } = matchPlate(readPlate, openPlates);
  if (match !== null && score !== null) return score === 0 ? { kind: 'exact', plate: match } : { kind: 'fuzzy', plate: match, score };
  const near = openPlates.filter((candidate) => plateDistance(readPlate, candidate) <= matchThreshold);
  return near.length > 0 ? { kind: 'ambiguous', candidates: [...new Set(near)].sort() } : { kind: 'none' };
};

/** Whose stream an exit belongs to: the matched plate, else the plate as read (a late entry may come). */
export const exitStreamPlate = (readPlate: string, match: ExitMatch): string =>
  match.kind === 'exact' || match.kind === 'fuzzy' || match.kind === 'phone' ? match.plate : readPlate;

/** The plate an exit is decided for; null when no plate was read and none was found by phone. */
const exitPlateOf = (event: DeviceEvent, match: ExitMatch | null): string | null => {
  if (match?.kind === 'phone') return match.plate;
  if (event.plate === null) return null;
  return match ? exitStreamPlate(event.plate, match) : event.plate;
};

/** Where an exit falls among a plate's sessions, as if the car leaves now. */
export type ExitPairing =
  /** It ends this session (entered at or before it). */
  | { relation: 'closes'; session: Session }
  /** A second read of a car that has already left through this session's exit. */
  | { relation: 'afterExit'; session: Session }
  /** No session entered at or before it. */
  | { relation: 'unmatched'; session: null };

const exitRecordFor = (event: DeviceEvent, plate: string, closedBy: ExitRecord['closedBy']): ExitRecord => ({
  kind: 'exit',
  eventId: event.eventId,
  laneId: event.laneId,
  plate,
  readPlate: event.plate === plate ? null : event.plate,
  at: event.at,
  closedBy,
});

/** Pairs an exit with the plate's sessions (`plate` = `exitStreamPlate`, `history` = that plate's stream). */
export const locateExit = (lotId: string, plate: string, history: readonly PlateEvent[], event: DeviceEvent): ExitPairing => {
  const record = exitRecordFor(event, plate, 'camera');
  const placement = placeEvent(projectSessions(lotId, plate, [...history, record]), record);
  if (placement.role === 'closed') return { relation: 'closes', session: placement.session };
  if (placement.role === 'duplicate') return { relation: 'afterExit', session: placement.session };
  return { relation: 'unmatched', session: null };
};

export type Exemption = { kind: 'specialVehicle'; plateKind: PlateKind } | { kind: 'allowListed'; category: string };

/** Special vehicles (police, military, armed police, emergency) and allow-listed plates leave free. */
export const exemptionOf = (plate: string, at: string, allowList: readonly PlateListEntry[]): Exemption | null => {
  const plateKind = classifyPlate(plate);
  if (plateKind !== null && isExemptKind(plateKind)) return { kind: 'specialVehicle', plateKind };
  const listed = findListedPlate(plate, at, allowList);
  return listed ? { kind: 'allowListed', category: listed.category } : null;
};

/** Which tariff schedule a car uses; the tariff falls back to `default` for a class it lacks. */
export const vehicleClassOf = (plate: string, plateColor?: DeviceEvent['plateColor']): string => {
  if (plateColor === 'yellow') return 'large';
  return classifyPlate(plate) === 'newEnergy' ? 'newEnergy' : 'default';
};

/** Club benefits applied at the exit camera (issue 6 fills these in). */
export interface MemberBenefits {
  /** Free minutes per visit: moves the exit earlier like a `minutes` coupon. */
  freeMinutes?: number;
  /** Points redeemed as an `amount` discount, in fen. */
  amountOff?: number;
}

export interface StayTerms {
  tariff: Tariff;
  /** Tariff schedule; `vehicleClassOf` the plate and colour when absent. */
  vehicleClass?: string;
  allowList?: readonly PlateListEntry[];
  coupons?: readonly Coupon[];
  payments?: readonly Payment[];
  benefits?: MemberBenefits;
}

export interface StayAssessment {
  exemption: Exemption | null;
  /** The fee engine's quote with each discount applied, for the driver's and staff's screens. */
  quote: StayExplanation;
}

const benefitCoupons = ({ freeMinutes, amountOff }: MemberBenefits = {}): Coupon[] => [
  ...(freeMinutes ? [{ kind: 'minutes' as const, value: freeMinutes }] : []),
  ...(amountOff ? [{ kind: 'amount' as const, value: amountOff }] : []),
];

/**
 * What a stay costs and what is still due, by the fee engine. Also for sessions the projection
 * closed later (a late entry pairing an offline exit, a missed exit): the adapter records
 * `quote.due` as what the car owes.
 */
export const assessStay = (
  stay: { plate: string; enteredAt: string; leftAt: string; plateColor?: DeviceEvent['plateColor'] },
  terms: StayTerms,
): StayAssessment => {
  const exemption = exemptionOf(stay.plate, stay.leftAt, terms.allowList ?? []);
  const quote = explainStay({
    tariff: terms.tariff,
    vehicleClass: terms.vehicleClass ?? vehicleClassOf(stay.plate, stay.plateColor),
    enteredAt: stay.enteredAt,
    exitAt: stay.leftAt,
    exempt: exemption !== null,
    coupons: [...(terms.coupons ?? []), ...benefitCoupons(terms.benefits)],
    payments: terms.payments ?? [],
  });
  return { exemption, quote };
};

export interface ExitInput extends StayTerms {
  lotId: string;
  /** A validated `exit` event (deviceEventSchema). */
  event: DeviceEvent;
  mode: LaneMode;
  /** `resolveExitPlate` against the lot's open plates; `phone` or null when no plate was read. */
  match: ExitMatch | null;
  /** `locateExit` on the stream of `exitStreamPlate`; `unmatched` when no plate was read. */
  pairing: ExitPairing;
}

export interface SessionClosure {
  sessionId: string;
  closedAt: string;
  closedBy: ClosedBy;
  /** Fen the car left without paying (offline); 0 otherwise. */
  owing: number;
}

export interface ExitOutcome {
  decision: LaneDecision;
  /** Append to the stream of `record.plate`: the car has left (or was read again leaving). */
  record: ExitRecord | null;
  /** Write as the lane's presence: the car waits at the barrier (`pay`, `manual`). */
  presence: LanePresence | null;
  /** The session this exit ends, with what is owed. */
  closure: SessionClosure | null;
  exemption: Exemption | null;
  quote: StayExplanation | null;
}

/**
 * The exit barrier's answer. Nothing due → open and close. Due online → `pay`, the session stays
 * open and the lane remembers the car. Offline the car has already left: the session closes and
 * what was due is recorded as owed. A read plate with no session is never charged to another
 * car: staff decide (`manual`), except for exempt vehicles, which leave free.
 */
export const decideExit = (input: ExitInput): ExitOutcome => {
  const { lotId, event, mode, match, pairing } = input;
  const offline = mode === 'offline';
  const closedBy = offline ? 'offline' : 'camera';
  const none = { record: null, presence: null, closure: null, exemption: null, quote: null };
  const waitAtLane = (
    decision: LaneDecision,
    plate: string | null,
    session: Session | null,
    candidates: string[] = [],
  ): ExitOutcome => ({
    ...none,
    decision,
    presence: {
      lotId,
      laneId: event.laneId,
      eventId: event.eventId,
      readAt: event.at,
      readPlate: event.plate,
      plate,
      sessionId: session?.sessionId ?? null,
      decision: decision.decision === 'pay' ? 'pay' : 'manual',
      due: decision.due ?? null,
      candidates,
      expiresAt: presenceExpiresAt(event.at),
    },
  });

  const plate = exitPlateOf(event, match);
  if (plate === null) {
    return offline
      ? { ...none, decision: { decision: 'open', display: laneDisplay.noPlateGoodbye() } }
      : waitAtLane({ decision: 'pay', display: laneDisplay.noPlateExit() }, null, null);
  }
  const readPlate = event.plate ?? plate;
  const record = exitRecordFor(event, plate, closedBy);

  if (pairing.relation === 'afterExit') {
    const { session } = pairing;
    return {
      ...none,
      decision: { decision: 'open', sessionId: session.sessionId, display: laneDisplay.goodbye(plate, session.enteredAt, session.closedAt ?? event.at) },
      record,
    };
  }

  if (pairing.relation === 'unmatched') {
    const exemption = exemptionOf(plate, event.at, input.allowList ?? []);
    if (exemption) return { ...none, decision: { decision: 'open', display: laneDisplay.goodbyeFree(plate) }, record, exemption };
    // Offline the car is gone: file the exit, a late entry will pair with it.
    if (offline) return { ...none, decision: { decision: 'open', display: laneDisplay.farewell(plate) }, record };
    return match?.kind === 'ambiguous'
      ? waitAtLane({ decision: 'manual', display: laneDisplay.ambiguousPlate(readPlate) }, null, null, match.candidates)
      : waitAtLane({ decision: 'manual', display: laneDisplay.unknownPlate(readPlate) }, readPlate, null);
  }

  const { session } = pairing;
  const { exemption, quote } = assessStay(
    { plate, enteredAt: session.enteredAt, leftAt: event.at, ...(event.plateColor ? { plateColor: event.plateColor } : {}) },
    input,
  );
  const { due } = quote;
  const assessed = { exemption, quote };
  if (due === 0) {
    const display = exemption ? laneDisplay.goodbyeFree(plate) : laneDisplay.goodbye(plate, session.enteredAt, event.at);
    return {
      ...none,
      ...assessed,
      decision: { decision: 'open', sessionId: session.sessionId, display },
      record,
      closure: { sessionId: session.sessionId, closedAt: event.at, closedBy, owing: 0 },
    };
  }
  if (offline) {
    return {
      ...none,
      ...assessed,
      decision: { decision: 'open', sessionId: session.sessionId, due, display: laneDisplay.leftOwing(plate, due) },
      record,
      closure: { sessionId: session.sessionId, closedAt: event.at, closedBy, owing: due },
    };
  }
  return {
    ...waitAtLane(
      { decision: 'pay', sessionId: session.sessionId, due, display: laneDisplay.pay(plate, session.enteredAt, event.at, due) },
      plate,
      session,
    ),
    ...assessed,
  };
};
