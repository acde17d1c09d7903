/**
 * A car that owes nothing but waits at an exit barrier the camera could not open by itself: a car
 * without a plate inside its free minutes, paid or covered by coupons (journey 3), a car whose
 * fee a coupon cleared while it waited, or a misread the driver's bound plate explains. Orders
 * need at least 1 fen, so nothing else lets it out. The driver scans the lane's code and leaves:
 * - the car is the lane's presence and the driver's own (shared/drivers `presenceLeftBy`: a bound
 *   plate, their temporary plate), and nothing is due now by
 *   the same `assessStay` as the quote (else CONFLICT `feeDue` with the quote, to pay instead);
 * - its exit is recorded as a payment's release records it (shared/sessions `releaseLane`, at
 *   the camera's read): through the plate-stream projection (recordPlateEventItems), so the
 *   visit's coupons settle in the same transaction, conditional on the stream's version, with
 *   the answer stored under the driver's Idempotency-Key (functions/store/idempotentAnswers);
 * - the barrier opens through the command path. A retry answers the first departure and sends its
 *   command again while a barrier would still carry it out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { presenceLeftBy, type LaneDeparture, type PaidSession } from '../../shared/drivers/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { releaseLane } from '../../shared/sessions/index.js';
import { laneCommandPublisher, type LaneCommandPublisher } from '../commands/publisher.js';
import { issueLaneCommand } from '../devices/issueLaneCommand.js';
import { DependencyUnavailable, logger } from '../http/index.js';
import { explainSessionAt, loadSession, quoteSession, requireOpenSession } from '../payments/sessionQuote.js';
import { currentLanePresence } from '../sessions/lanePresence.js';
import { laneCommandLifetimeSeconds, type LaneCommand } from '../sessions/laneCommands.js';
import { loadPlateStream } from '../sessions/plateStreams.js';
import { exemptionLabel, recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { answerPut, idempotentRequest, previousAnswer } from '../store/idempotentAnswers.js';
import { boundPlates } from './driverAccounts.js';
import { openTemporarySession, requireLane } from './temporaryPlates.js';

const maxAttempts = 5;

/** The answer, with the barrier command it sent (kept to send again on a retry). */
export interface RecordedDeparture extends LaneDeparture {
  command: LaneCommand;
}

export interface DepartureRequest {
  driverId: string;
  lotId: string;
  laneId: string;
  idempotencyKey: string;
  now: Date;
}

/** The driver's cars that could be the one at the lane: their no-plate car, and the open visits of their bound plates among `platesAtLane`. */
const departingDriver = async (driverId: string, lotId: string, platesAtLane: readonly string[]) => {
  const [temporary, bound] = await Promise.all([openTemporarySession(driverId, lotId), platesAtLane.length === 0 ? [] : boundPlates(driverId)]);
  const open = await Promise.all(
    bound
      .filter(({ plate }) => platesAtLane.includes(plate))
      .map(async ({ plate }): Promise<PaidSession | null> => {
        const { openSessionId } = await loadPlateStream(lotId, plate);
        return openSessionId === null ? null : { sessionId: openSessionId, plate };
      }),
  );
  return { temporary: temporary && { sessionId: temporary.sessionId, plate: temporary.plate }, bound: open.filter((car): car is PaidSession => car !== null) };
};

const resend = async (departure: RecordedDeparture, now: Date, publisher: LaneCommandPublisher): Promise<void> => {
  if (Date.parse(departure.command.issuedAt) + laneCommandLifetimeSeconds * 1000 >= now.getTime()) await issueLaneCommand(departure.command, publisher);
};

export const departFromLane = async (
  { driverId, lotId, laneId, idempotencyKey, now }: DepartureRequest,
  publisher: LaneCommandPublisher = laneCommandPublisher(),
): Promise<{ departure: RecordedDeparture; replayed: boolean }> => {
  await requireLane(lotId, laneId, 'exit');
  const idempotency = idempotentRequest(`drivers/departures/${driverId}`, idempotencyKey, { lotId, laneId });
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const previous = await previousAnswer<RecordedDeparture>(idempotency);
    if (previous !== undefined) {
      await resend(previous, now, publisher);
      return { departure: previous, replayed: true };
    }
    const presence = await currentLanePresence(lotId, laneId, now);
    if (presence === null) throw new DomainError('NOT_FOUND', 'No car is waiting at this lane', { reason: 'laneEmpty' });
    const platesAtLane = [...(presence.plate === null ? [] : [presence.plate]), ...presence.candidates];
    const leaving = presenceLeftBy(presence, await departingDriver(driverId, lotId, platesAtLane));
    const record = leaving && releaseLane(leaving, 'payment');
    if (!leaving || !record) throw new DomainError('NOT_FOUND', 'The car at this lane is not one of yours', { reason: 'plateNotRecognised' });
    const session = requireOpenSession(await loadSession(leaving.sessionId!));

    const quote = await quoteSession(session, now);
    if (quote.due > 0) throw new DomainError('CONFLICT', 'A fee is due; pay it to leave', { reason: 'feeDue', quote });
    // The visit ends at the camera's read, as after a payment; the car has been owing nothing since.
    const { due: owingFen, exemption } = await explainSessionAt(session, new Date(record.at));
    const label = exemptionLabel(exemption);
    const at = now.toISOString();
    const command: LaneCommand = { commandId: `leave-${presence.eventId}`, lotId, laneId, kind: 'open', reason: 'nothingDue', sessionId: session.sessionId, issuedAt: at };
    const departure: RecordedDeparture = { sessionId: session.sessionId, plate: session.plate, laneId, leftAt: record.at, barrier: 'open', command };
    const items = await recordPlateEventItems({
      stream: await loadPlateStream(lotId, record.plate),
      record,
      decided: { sessionId: session.sessionId, closing: { owingFen, ...(label ? { exemption: label } : {}) } },
      now: at,
    });
    const outcome = await transactWrite([...items, answerPut(idempotency, departure, at)]);
    if (outcome.committed) {
      await issueLaneCommand(command, publisher);
      logger.info('Free departure', { lotId, laneId, sessionId: session.sessionId, driverId });
      return { departure, replayed: false };
    }
    if (!outcome.reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict')) {
      throw new DependencyUnavailable('storage', `Storage refused the departure (${outcome.reasons.join(', ')})`);
    }
    // A lane event moved the plate's stream, or a retry with this key was answered meanwhile (the next read answers it).
    await sleep(Math.random() * 15 * attempt);
  }
  throw new DependencyUnavailable('storage', 'The lane kept changing while the car was leaving; scan again');
};
