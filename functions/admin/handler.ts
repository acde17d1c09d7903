/**
 * The `admin` function group: administrators (AWS IAM callers, SigV4-signed; API Gateway's IAM
 * authoriser names them) set up lots, lanes and devices, publish tariffs, keep the allow- and
 * deny-lists, issue operator tokens, open barriers and read the audit trail. Every change leaves
 * an audit entry in the lot's trail (who = the IAM ARN, when, what, why) written with it.
 */
import { z } from 'zod';
import { accessTokenLifetimeSeconds, principalIdSchema, requireAdmin, type AdminPrincipal } from '../../shared/access/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import { adminReasonSchema, deviceStatuses, lotIdSchema, changesLotSettings, lotSettingsChangeSchema, newLaneSchema, newLotSchema, sampleStaySchema } from '../../shared/lots/index.js';
import { plateSchema } from '../../shared/plates/index.js';
import { instantSchema, laneIdSchema, plateListEntrySchema } from '../../shared/sessions/index.js';
import { principalOf } from '../access/index.js';
import { created, createdOrReplayed, httpApi, ok, optionalIdempotencyKey, route, type RouteRequest } from '../http/index.js';
import { auditPage, auditPageQuerySchema } from '../operators/auditLog.js';
import { idempotentRequest, type IdempotentRequest } from '../store/idempotentAnswers.js';
import { openBarrier } from '../operators/operatorActions.js';
import type { PlateListName } from '../sessions/plateLists.js';
import { devicesOf, issueDevice, rotateDevice, setDeviceStatus } from './laneDevices.js';
import { listedPlates, listPlate, unlistPlate } from './listedPlates.js';
import { changeLot, createLane, createLot, findLot, lanesOf, listLots } from './lots.js';
import { issueOperatorToken } from './operatorTokens.js';
import { previewDraftTariff, publishTariff, tariffVersionHistory, validateTariff } from './tariffPublishing.js';

const admin = async (request: RouteRequest<{}>): Promise<AdminPrincipal> => requireAdmin(await principalOf(request.event, 'iam'));

const reasoned = z.object({ reason: adminReasonSchema });

/**
 * A creating route's optional `Idempotency-Key`: the same key and request answer the first
 * answer again (`idempotent-replayed: true`), the key with another request is refused (409).
 */
const idempotencyOf = (request: RouteRequest<{}>, scope: string, sent: unknown): IdempotentRequest | undefined => {
  const key = optionalIdempotencyKey(request.headers);
  return key === undefined ? undefined : idempotentRequest(scope, key, sent);
};

const lotPath = z.object({ lotId: lotIdSchema });
const lanePath = lotPath.extend({ laneId: laneIdSchema });
const devicePath = z.object({ deviceId: principalIdSchema });
const listedPlatePath = lotPath.extend({ plate: plateSchema });

/** A plate-list entry's fields besides the plate (which the path names); shared/sessions checks them, the category named here for the schema's readers. */
const listedPlateBody = z.looseObject({ category: plateListEntrySchema.shape.category, reason: adminReasonSchema });

const plateListRoutes = (list: PlateListName) => ({
  [`PUT /admin/lots/{lotId}/${list}-list/{plate}`]: route({ path: listedPlatePath, body: listedPlateBody }, async (request) => {
    const { reason, ...fields } = request.body;
    const entry = parseOrThrow(plateListEntrySchema, { ...fields, plate: request.path.plate }, `${list}-list entry`);
    return ok(await listPlate(await admin(request), request.path.lotId, list, { ...entry, reason }));
  }),
  [`DELETE /admin/lots/{lotId}/${list}-list/{plate}`]: route({ path: listedPlatePath, query: reasoned }, async (request) => {
    const { lotId, plate } = request.path;
    await unlistPlate(await admin(request), lotId, list, plate, request.query.reason);
    return ok({ removed: { lotId, list, plate } });
  }),
  [`GET /admin/lots/{lotId}/${list}-list`]: route({ path: lotPath }, async (request) => {
    await admin(request);
    await findLot(request.path.lotId);
    return ok({ entries: await listedPlates(request.path.lotId, list) });
  }),
});

export const handler = httpApi({
  'POST /admin/lots': route({ body: newLotSchema.extend(reasoned.shape) }, async (request) =>
    created(await createLot(await admin(request), request.body)),
  ),

  'GET /admin/lots': route(async (request) => {
    await admin(request);
    return ok({ lots: await listLots() });
  }),

  'GET /admin/lots/{lotId}': route({ path: lotPath }, async (request) => {
    await admin(request);
    const [lot, lanes] = await Promise.all([findLot(request.path.lotId), lanesOf(request.path.lotId)]);
    return ok({ ...lot, lanes });
  }),

  'PATCH /admin/lots/{lotId}': route(
    {
      path: lotPath,
      body: lotSettingsChangeSchema.extend(reasoned.shape).refine(changesLotSettings, { message: 'must change name, capacity, couponPolicy or holidays' }),
    },
    async (request) => ok(await changeLot(await admin(request), request.path.lotId, request.body)),
  ),

  'POST /admin/lots/{lotId}/lanes': route({ path: lotPath, body: newLaneSchema.extend(reasoned.shape) }, async (request) =>
    created(await createLane(await admin(request), request.path.lotId, request.body)),
  ),

  'GET /admin/lots/{lotId}/lanes': route({ path: lotPath }, async (request) => {
    await admin(request);
    await findLot(request.path.lotId);
    return ok({ lanes: await lanesOf(request.path.lotId) });
  }),

  'POST /admin/lots/{lotId}/devices': route(
    { path: lotPath, body: reasoned.extend({ laneId: laneIdSchema, deviceId: principalIdSchema.optional() }) },
    async (request) => {
      const { lotId } = request.path;
      const idempotency = idempotencyOf(request, `admin/devices/${lotId}`, request.body);
      const { credentials, replayed } = await issueDevice(await admin(request), lotId, request.body, idempotency);
      return createdOrReplayed(credentials, replayed);
    },
  ),

  'GET /admin/lots/{lotId}/devices': route({ path: lotPath }, async (request) => {
    await admin(request);
    await findLot(request.path.lotId);
    return ok({ devices: await devicesOf(request.path.lotId) });
  }),

  'POST /admin/devices/{deviceId}/rotate': route({ path: devicePath, body: reasoned }, async (request) =>
    ok(await rotateDevice(await admin(request), request.path.deviceId, request.body.reason)),
  ),

  'PATCH /admin/devices/{deviceId}': route({ path: devicePath, body: reasoned.extend({ status: z.enum(deviceStatuses) }) }, async (request) =>
    ok(await setDeviceStatus(await admin(request), request.path.deviceId, request.body.status, request.body.reason)),
  ),

  'POST /admin/lots/{lotId}/tariffs/validate': route({ path: lotPath, body: z.object({ tariff: z.unknown() }) }, async (request) => {
    await admin(request);
    return ok(await validateTariff(request.path.lotId, request.body.tariff));
  }),

  'POST /admin/lots/{lotId}/tariffs/preview': route(
    { path: lotPath, body: z.object({ tariff: z.unknown(), stays: z.array(sampleStaySchema).min(1).max(50).optional() }) },
    async (request) => {
      await admin(request);
      return ok(await previewDraftTariff(request.path.lotId, request.body));
    },
  ),

  'POST /admin/lots/{lotId}/tariffs': route(
    { path: lotPath, body: reasoned.extend({ tariff: z.unknown(), effectiveFrom: instantSchema.optional() }) },
    async (request) => {
      const { lotId } = request.path;
      const idempotency = idempotencyOf(request, `admin/tariffs/${lotId}`, request.body);
      const { published, replayed } = await publishTariff(await admin(request), lotId, request.body, idempotency);
      return createdOrReplayed(published, replayed);
    },
  ),

  'GET /admin/lots/{lotId}/tariffs': route({ path: lotPath }, async (request) => {
    await admin(request);
    const versions = await tariffVersionHistory(request.path.lotId);
    return ok({ inEffect: versions.find((version) => version.status === 'inEffect')?.effectiveFrom ?? null, versions });
  }),

  ...plateListRoutes('allow'),
  ...plateListRoutes('deny'),

  'POST /admin/lots/{lotId}/operator-tokens': route(
    {
      path: lotPath,
      body: reasoned.extend({
        operatorId: principalIdSchema,
        name: z.string().trim().min(1).max(80),
        lifetimeMinutes: z.int().min(1).max(accessTokenLifetimeSeconds.operator / 60).optional(),
      }),
    },
    async (request) => created(await issueOperatorToken(await admin(request), request.path.lotId, request.body)),
  ),

  'POST /admin/lots/{lotId}/lanes/{laneId}/open': route({ path: lanePath, body: reasoned }, async (request) => {
    const { arn } = await admin(request);
    await findLot(request.path.lotId);
    const { answer } = await openBarrier({ ...request.path, who: arn, at: new Date(), reason: request.body.reason });
    return ok(answer);
  }),

  'GET /admin/lots/{lotId}/audit': route({ path: lotPath, query: auditPageQuerySchema }, async (request) => {
    await admin(request);
    return ok(await auditPage(request.path.lotId, request.query));
  }),
});

export const routeKeys = handler.routeKeys;
