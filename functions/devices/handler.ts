/**
 * The `devices` function group: what lane cameras and controllers call, each request signed by
 * the device (deviceRoute). Protocol: DESIGN.md "Lane devices"; commands polling: laneCommands.ts.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { isDomainError, parseOrThrow } from '../../shared/errors/index.js';
import { deviceEventSchema, type DeviceEvent } from '../../shared/sessions/index.js';
import { httpApi, logger, metrics, ok } from '../http/index.js';
import { laneCommandsAfter, markLaneCommandsDelivered } from '../sessions/laneCommands.js';
import { answerLaneEvent } from './answerLaneEvent.js';
import { deviceConfig, etagMatches } from './deviceConfig.js';
import { deviceRoute } from './deviceRoute.js';

/** The largest offline backlog one request may carry; a longer one is sent in several batches. */
export const maxBatchEvents = 500;

const batchSchema = z.array(z.unknown()).min(1, { message: 'must hold at least one event' }).max(maxBatchEvents, {
  message: `must hold at most ${maxBatchEvents} events; send a longer backlog in several batches`,
});

const eventIdOf = (raw: unknown): string | undefined => {
  const eventId = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId : undefined;
};

/** A backlog is replayed in the order the cameras saw the cars (entries first at the same instant). */
const cameraOrder = (a: DeviceEvent, b: DeviceEvent): number =>
  Date.parse(a.at) - Date.parse(b.at) || (a.type === b.type ? 0 : a.type === 'entry' ? -1 : 1) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

export const handler = httpApi({
  'POST /device/events': deviceRoute({ body: deviceEventSchema }, async ({ body, device, receivedAt }) => {
    const { answer, replayed } = await answerLaneEvent(device, body, 'online', receivedAt);
    const latencyMs = Date.now() - receivedAt.getTime();
    metrics.addMetric('LaneDecisionLatency', MetricUnit.Milliseconds, latencyMs);
    logger.info('Lane decision', { eventId: body.eventId, type: body.type, decision: answer.decision, replayed, latencyMs });
    return ok(answer);
  }),

  'POST /device/events/batch': deviceRoute({ body: batchSchema, maxBodyBytes: 512 * 1024 }, async ({ body, device, receivedAt }) => {
    const parsed = body.map((raw, index) => {
      try {
        return { valid: true as const, event: parseOrThrow(deviceEventSchema, raw, `event ${index}`) };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return { valid: false as const, answer: { eventId: eventIdOf(raw), ...error.toBody() } };
      }
    });
    const events = parsed.flatMap((entry) => (entry.valid ? [entry.event] : [])).sort(cameraOrder);
    const answers = new Map<DeviceEvent, unknown>();
    for (const event of events) {
      try {
        answers.set(event, { eventId: event.eventId, ...(await answerLaneEvent(device, event, 'offline', receivedAt)).answer });
      } catch (error) {
        // A refused event (another lane, a future time) is answered in its place; anything else fails the batch, which the device resends.
        if (!isDomainError(error) || error.code === 'UNAVAILABLE' || error.code === 'INTERNAL') throw error;
        answers.set(event, { eventId: event.eventId, ...error.toBody() });
      }
    }
    metrics.addMetric('OfflineEventsReceived', MetricUnit.Count, body.length);
    logger.info('Offline backlog', { received: body.length, valid: events.length, latencyMs: Date.now() - receivedAt.getTime() });
    // In the order sent; an invalid event gets its error in its place.
    return ok({ answers: parsed.map((entry) => (entry.valid ? answers.get(entry.event) : entry.answer)) });
  }),

  'GET /device/config': deviceRoute({}, async ({ device, headers, receivedAt }) => {
    const { etag, body } = await deviceConfig(device, receivedAt);
    if (etagMatches(headers['if-none-match'], etag)) return { status: 304, headers: { etag } };
    return { status: 200, body, headers: { etag } };
  }),

  'GET /device/commands': deviceRoute(
    { query: z.object({ after: z.string().regex(/^COMMAND#[^\s]{1,200}$/, { message: 'must be a cursor from an earlier answer' }).optional() }) },
    async ({ device, query, receivedAt }) => {
      const polled = await laneCommandsAfter(device.lotId, device.laneId, query.after ?? null, receivedAt);
      await markLaneCommandsDelivered(polled, device.deviceId, receivedAt);
      return ok({ commands: polled.map(({ command }) => command), cursor: polled.at(-1)?.cursor ?? query.after ?? null });
    },
  ),
});
