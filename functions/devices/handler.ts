/**
 * The `devices` function group: what lane cameras and controllers call, each request signed by
 * the device (deviceRoute). Protocol: DESIGN.md "Lane devices"; commands polling: laneCommands.ts;
 * payment codes scanned at the exit lane: functions/payments/laneMicropay.ts.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { lanePaymentRequestSchema } from '../../shared/payments/index.js';
import { deviceEventSchema } from '../../shared/sessions/index.js';
import { appendRequestKeys, httpApi, logger, metrics, ok } from '../http/index.js';
import { recordGateDecision } from '../observability/parkadeMetrics.js';
import { payAtLane } from '../payments/laneMicropay.js';
import { paymentProvider } from '../payments/paymentProvider.js';
import { laneCommandsAfter, markLaneCommandsDelivered } from '../sessions/laneCommands.js';
import { answerLaneEvent } from './answerLaneEvent.js';
import { answerOfflineBacklog } from './answerOfflineBacklog.js';
import { deviceConfig, etagMatches } from './deviceConfig.js';
import { deviceRoute } from './deviceRoute.js';

/** The largest offline backlog one request may carry; a longer one is sent in several batches. */
const maxBatchEvents = 500;

const batchSchema = z.array(z.unknown()).min(1, { message: 'must hold at least one event' }).max(maxBatchEvents, {
  message: `must hold at most ${maxBatchEvents} events; send a longer backlog in several batches`,
});

export const handler = httpApi({
  'POST /device/events': deviceRoute({ body: deviceEventSchema }, async ({ body, device, receivedAt }) => {
    const { answer, replayed } = await answerLaneEvent(device, body, 'online', receivedAt);
    const latencyMs = Date.now() - receivedAt.getTime();
    recordGateDecision({ lotId: device.lotId, type: body.type, decision: answer.decision, latencyMs, replayed });
    appendRequestKeys({ plate: body.plate ?? undefined, sessionId: answer.sessionId });
    logger.info('Lane decision', { eventId: body.eventId, type: body.type, decision: answer.decision, replayed, latencyMs });
    return ok(answer);
  }),

  'POST /device/events/batch': deviceRoute({ body: batchSchema, maxBodyBytes: 512 * 1024 }, async ({ body, device, receivedAt }) => {
    const answers = await answerOfflineBacklog(device, body, receivedAt);
    metrics.addMetric('OfflineEventsReceived', MetricUnit.Count, body.length);
    logger.info('Offline backlog', { received: body.length, latencyMs: Date.now() - receivedAt.getTime() });
    return ok({ answers });
  }),

  'POST /device/payments': deviceRoute({ body: lanePaymentRequestSchema }, async ({ body, device, receivedAt }) => {
    const { order, answer } = await payAtLane(device, body, await paymentProvider());
    appendRequestKeys({ sessionId: order.sessionId });
    logger.info('Lane payment', { paymentId: body.paymentId, orderId: order.orderId, state: order.state, decision: answer.decision, latencyMs: Date.now() - receivedAt.getTime() });
    return ok(answer);
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
