/**
 * One lane event, from a checked request to the barrier's answer (adapter steps 1–3 of
 * shared/sessions/index.ts): replay → load → the core decides → one transaction. The
 * transaction is conditional on the plate's head version and on the answer not existing yet;
 * when it is cancelled, another event for the plate (or another copy of this one) won the race,
 * so the loop starts over: a copy finds the stored answer, anything else is decided again on the
 * fresh state.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  acceptDeviceEvent,
  decideEntry,
  decideExit,
  exitStreamPlate,
  locateExit,
  resolveExitPlate,
  type DeviceEvent,
  type ExitMatch,
  type LaneDecision,
  type LaneDevice,
  type LaneMode,
} from '../../shared/sessions/index.js';
import { openTemporarySessionOfPhone } from '../drivers/temporaryPlates.js';
import { DependencyUnavailable } from '../http/index.js';
import { recordCouponsUsedIn } from '../observability/parkadeMetrics.js';
import { answerPut, storedAnswer } from '../sessions/deviceEventAnswers.js';
import { lanePresencePut } from '../sessions/lanePresence.js';
import { tariffVersionAt } from '../sessions/lotTariffs.js';
import { plateListEntriesFor } from '../sessions/plateLists.js';
import { loadPlateStream, type PlateStream } from '../sessions/plateStreams.js';
import { exemptionLabel, recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { loadSessionCharges } from '../sessions/sessionCharges.js';
import { openSessionPlates } from '../sessions/sessions.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';

/** Attempts before giving up under contention (then 503: the device retries the same event). */
const maxAttempts = 8;

export interface LaneEventAnswer {
  answer: LaneDecision;
  /** The event had been answered before; nothing changed. */
  replayed: boolean;
}

interface Plan {
  answer: LaneDecision;
  /** The event's effects besides its answer. */
  items: TransactionItem[];
}

const planEntry = async (device: LaneDevice, event: DeviceEvent, mode: LaneMode, now: string): Promise<Plan> => {
  const { lotId } = device;
  if (event.plate === null) return { answer: decideEntry({ lotId, event, mode, history: [] }).decision, items: [] };
  const [stream, denyList] = await Promise.all([
    loadPlateStream(lotId, event.plate),
    mode === 'online' ? plateListEntriesFor(lotId, 'deny', event.plate) : [],
  ]);
  const outcome = decideEntry({ lotId, event, mode, history: stream.events, denyList });
  const items = outcome.record === null ? [] : await recordPlateEventItems({ stream, record: outcome.record, now });
  return { answer: outcome.decision, items };
};

/**
 * Whose stream an exit belongs to and how it was found: the read plate, exact then misread
 * matching; with no plate read, the temporary plate of the driver whose phone number was typed
 * at the lane (journey 3's fallback). Null: no plate and nobody found by phone.
 */
const exitStreamOf = async (lotId: string, event: DeviceEvent): Promise<{ match: ExitMatch; stream: PlateStream } | null> => {
  if (event.plate === null) {
    const session = event.phone ? await openTemporarySessionOfPhone(lotId, event.phone) : null;
    return session && { match: { kind: 'phone', plate: session.plate }, stream: await loadPlateStream(lotId, session.plate) };
  }
  const readStream = await loadPlateStream(lotId, event.plate);
  // The read plate's own head is read consistently: an exact match never waits for the index.
  const openPlates = readStream.openSessionId !== null ? [event.plate] : await openSessionPlates(lotId);
  const match = resolveExitPlate(event.plate, openPlates);
  const plate = exitStreamPlate(event.plate, match);
  return { match, stream: plate === event.plate ? readStream : await loadPlateStream(lotId, plate) };
};

const planExit = async (device: LaneDevice, event: DeviceEvent, mode: LaneMode, now: string): Promise<Plan> => {
  const { lotId } = device;
  const [{ tariff }, found] = await Promise.all([tariffVersionAt(lotId, event.at), exitStreamOf(lotId, event)]);
  if (found === null) {
    const outcome = decideExit({ lotId, event, mode, match: null, pairing: { relation: 'unmatched', session: null }, tariff });
    return { answer: outcome.decision, items: outcome.presence ? [lanePresencePut(outcome.presence, now)] : [] };
  }
  const { match, stream } = found;
  const { plate } = stream;
  const pairing = locateExit(lotId, plate, stream.events, event);
  const [allowList, charges] = await Promise.all([
    plateListEntriesFor(lotId, 'allow', plate),
    pairing.relation === 'closes' ? loadSessionCharges(pairing.session.sessionId, { at: event.at, settle: true }) : { coupons: [], payments: [] },
  ]);
  const outcome = decideExit({ lotId, event, mode, match, pairing, tariff, allowList, ...charges });
  const exemption = exemptionLabel(outcome.exemption);
  const decided = outcome.closure && {
    sessionId: outcome.closure.sessionId,
    closing: { owingFen: outcome.closure.owing, ...(exemption ? { exemption } : {}) },
  };
  const items = [
    ...(outcome.record === null ? [] : await recordPlateEventItems({ stream, record: outcome.record, decided, now })),
    ...(outcome.presence === null ? [] : [lanePresencePut(outcome.presence, now)]),
  ];
  return { answer: outcome.decision, items };
};

export const answerLaneEvent = async (device: LaneDevice, event: DeviceEvent, mode: LaneMode, receivedAt: Date): Promise<LaneEventAnswer> => {
  acceptDeviceEvent(event, device, receivedAt);
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const previous = await storedAnswer(device.lotId, event.laneId, event.eventId);
    if (previous !== null) return { answer: previous, replayed: true };
    const now = new Date().toISOString();
    const plan = event.type === 'entry' ? await planEntry(device, event, mode, now) : await planExit(device, event, mode, now);
    const answered = answerPut({ lotId: device.lotId, deviceId: device.deviceId, event, mode, answer: plan.answer, answeredAt: now });
    const outcome = await transactWrite([answered, ...plan.items]);
    if (outcome.committed) recordCouponsUsedIn(device.lotId, plan.items);
    if (outcome.committed) return { answer: plan.answer, replayed: false };
    // Jittered, growing pause so racing events for one plate do not collide again in step.
    await sleep(Math.random() * 10 * attempt);
  }
  throw new DependencyUnavailable('storage', `Event ${event.eventId} kept meeting concurrent changes; send it again`);
};
