/**
 * The `operators` function group: car-park staff of one lot, with an operator token
 * (`Authorization: Bearer …`), acting in their own lot only. Every action is audited
 * (operatorActions.ts); an `Idempotency-Key` header makes a retried action act once.
 */
import { z } from 'zod';
import { requireOperator } from '../../shared/access/index.js';
import { laneIdSchema } from '../../shared/sessions/index.js';
import { principalOf } from '../access/index.js';
import { created, httpApi, markReplayed, ok, optionalIdempotencyKey, route, type Reply, type RouteRequest } from '../http/index.js';
import { auditPage, auditPageQuerySchema } from './auditLog.js';
import { closeSession, correctPlate, notifyDriver, openBarrier, type ActionOutcome, type OperatorRequest } from './operatorActions.js';
import { plateNoticeRequestSchema } from './plateNotice.js';

const reasonSchema = z.object({ reason: z.string().trim().min(1).max(200) });
const lotPath = z.object({ lotId: laneIdSchema });
const sessionPath = lotPath.extend({ sessionId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/) });
/** The operator of the path's lot, and what every action needs to know about the request. */
const operatorRequest = async (request: RouteRequest<{ path: typeof lotPath }>): Promise<OperatorRequest> => {
  const operator = requireOperator(await principalOf(request.event, 'operator'), request.path.lotId);
  const idempotencyKey = optionalIdempotencyKey(request.headers);
  return { lotId: operator.lotId, who: operator.operatorId, at: new Date(), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
};

const replied = <T>({ answer, replayed }: ActionOutcome<T>, reply: (body: unknown) => Reply = ok): Reply => {
  return markReplayed(reply(answer), replayed);
};

export const handler = httpApi({
  'POST /lots/{lotId}/lanes/{laneId}/open': route(
    { path: lotPath.extend({ laneId: laneIdSchema }), body: reasonSchema },
    async (request) => {
      const operator = await operatorRequest(request);
      return replied(await openBarrier({ ...operator, laneId: request.path.laneId, reason: request.body.reason }));
    },
  ),

  'POST /lots/{lotId}/sessions/{sessionId}/close': route(
    { path: sessionPath, body: reasonSchema },
    async (request) => {
      const operator = await operatorRequest(request);
      return replied(await closeSession({ ...operator, sessionId: request.path.sessionId, reason: request.body.reason }));
    },
  ),

  'POST /lots/{lotId}/sessions/{sessionId}/plate': route(
    { path: sessionPath, body: reasonSchema.extend({ plate: z.string().min(1).max(16) }) },
    async (request) => {
      const operator = await operatorRequest(request);
      const { plate, reason } = request.body;
      return replied(await correctPlate({ ...operator, sessionId: request.path.sessionId, plate, reason }));
    },
  ),

  'POST /lots/{lotId}/notices': route({ path: lotPath, body: plateNoticeRequestSchema }, async (request) => {
    const operator = await operatorRequest(request);
    return replied(await notifyDriver({ ...operator, notice: request.body }), created);
  }),

  'GET /lots/{lotId}/audit': route({ path: lotPath, query: auditPageQuerySchema }, async (request) => {
    const { lotId } = await operatorRequest(request);
    return ok(await auditPage(lotId, request.query));
  }),
});

export const routeKeys = handler.routeKeys;
