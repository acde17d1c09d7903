/**
 * An offline backlog (`POST /device/events/batch`): the events a device let through while its
 * link was down, in any order and possibly more than once. They go through the same path as
 * online events, in mode `offline`, one at a time in the order the cameras saw the cars (adapter
 * step 5 of shared/sessions/index.ts), so the lot ends as if the device had been online.
 */
import { isDomainError, parseOrThrow, type ErrorBody } from '../../shared/errors/index.js';
import { deviceEventSchema, type DeviceEvent, type LaneDecision, type LaneDevice } from '../../shared/sessions/index.js';
import { answerLaneEvent } from './answerLaneEvent.js';

/** The answer to one element: the barrier decision, or why the event was refused. */
export type BacklogAnswer = { eventId?: string } & (LaneDecision | ErrorBody);

/** Entries first at the same instant, so an exit pairs with an entry at or before it. */
const cameraOrder = (a: DeviceEvent, b: DeviceEvent): number =>
  Date.parse(a.at) - Date.parse(b.at) || (a.type === b.type ? 0 : a.type === 'entry' ? -1 : 1) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

const eventIdOf = (raw: unknown): string | undefined => {
  const eventId = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId : undefined;
};

/** Answers in the order sent; an invalid or refused event gets its error in its place. */
export const answerOfflineBacklog = async (device: LaneDevice, backlog: readonly unknown[], receivedAt: Date): Promise<BacklogAnswer[]> => {
  const parsed = backlog.map((raw, index) => {
    try {
      return { valid: true as const, event: parseOrThrow(deviceEventSchema, raw, `event ${index}`) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return { valid: false as const, answer: { eventId: eventIdOf(raw), ...error.toBody() } };
    }
  });
  const answers = new Map<DeviceEvent, BacklogAnswer>();
  for (const event of parsed.flatMap((entry) => (entry.valid ? [entry.event] : [])).sort(cameraOrder)) {
    try {
      answers.set(event, { eventId: event.eventId, ...(await answerLaneEvent(device, event, 'offline', receivedAt)).answer });
    } catch (error) {
      // A refused event (another lane, a future time) is answered in place; anything else fails
      // the batch, which the device sends again (the events already done are replays then).
      if (!isDomainError(error) || error.code === 'UNAVAILABLE' || error.code === 'INTERNAL') throw error;
      answers.set(event, { eventId: event.eventId, ...error.toBody() });
    }
  }
  return parsed.map((entry) => (entry.valid ? answers.get(entry.event)! : entry.answer));
};
