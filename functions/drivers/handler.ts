/**
 * The `drivers` function group: the mini-program's driver mode. Login is open (it is how a
 * driver gets a token); everything else takes the driver's token and touches only that
 * driver's account (plates, history, invoices, the notices staff left for their plates), plus
 * what the QR codes in the lot are for: a plate's quote (rate-limited), the car at an exit lane,
 * and letting a car without a plate in.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { issueAccessToken, requireDriver, type DriverPrincipal } from '../../shared/access/index.js';
import { bindablePlate, defaultMaxBoundPlates, driverIdOf, maskPhone, plateLookupLimit } from '../../shared/drivers/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { normalizePlate } from '../../shared/plates/index.js';
import { laneIdSchema } from '../../shared/sessions/index.js';
import { principalOf, tokenKey } from '../access/index.js';
import { appendRequestKeys, created, httpApi, noContent, ok, requiredIdempotencyKey, route, type RouteRequest } from '../http/index.js';
import { findOrder } from '../payments/paymentOrders.js';
import { loadSession, quoteSession, requireOpenSession } from '../payments/sessionQuote.js';
import { currentLanePresence } from '../sessions/lanePresence.js';
import { loadPlateStream } from '../sessions/plateStreams.js';
import { weChatCodeSchema } from '../wechat/login/index.js';
import { bindPhone, bindPlate, boundPlates, countPlateLookup, recordLogin, unbindPlate } from './driverAccounts.js';
import { driverHistory, requestInvoice } from './driverHistory.js';
import { driverNotices, markNoticeRead } from './driverNotices.js';
import { departFromLane } from './laneDeparture.js';
import { enterWithoutPlate, openTemporarySession, requireLane } from './temporaryPlates.js';
import { weChatLogin } from './weChatLogin.js';

/** PARKADE_DRIVER_MAX_PLATES overrides how many plates an account may bind. */
const maxBoundPlates = (): number => {
  const configured = Number(process.env.PARKADE_DRIVER_MAX_PLATES);
  return Number.isInteger(configured) && configured > 0 ? configured : defaultMaxBoundPlates;
};

const driverOf = async (request: RouteRequest<{}>): Promise<DriverPrincipal> => requireDriver(await principalOf(request.event, 'driver'));

const codeBody = z.object({ code: weChatCodeSchema });
const lotPath = z.object({ lotId: laneIdSchema });
const lanePath = lotPath.extend({ laneId: laneIdSchema });
const platePath = z.object({ plate: z.string().max(32) });
export const handler = httpApi({
  'POST /driver/login': route({ body: codeBody }, async ({ body }) => {
    const now = new Date();
    const session = await (await weChatLogin()).code2session(body.code);
    const driverId = driverIdOf(session.openId);
    const account = await recordLogin({ driverId, openId: session.openId, ...(session.unionId ? { unionId: session.unionId } : {}) }, now);
    const { token, expiresAt } = issueAccessToken(await tokenKey(), { principal: { kind: 'driver', driverId, openId: session.openId }, now });
    return ok({
      token,
      expiresAt,
      driver: { driverId, phone: account.phone ? maskPhone(account.phone) : null, plates: (await boundPlates(driverId)).map(({ plate }) => plate) },
    });
  }),

  'POST /driver/phone': route({ body: codeBody }, async (request) => {
    const driver = await driverOf(request);
    const { purePhoneNumber, countryCode } = await (await weChatLogin()).phoneNumber(request.body.code);
    const phone = countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`;
    await bindPhone(driver.driverId, phone, new Date());
    return ok({ phone: maskPhone(phone) });
  }),

  'GET /driver/plates': route(async (request) => {
    const driver = await driverOf(request);
    return ok({ plates: await boundPlates(driver.driverId), maxPlates: maxBoundPlates() });
  }),

  'POST /driver/plates': route({ body: z.object({ plate: z.unknown() }) }, async (request) => {
    const driver = await driverOf(request);
    const plate = bindablePlate(request.body.plate);
    await bindPlate(driver.driverId, plate, maxBoundPlates(), new Date());
    return created({ plates: await boundPlates(driver.driverId), maxPlates: maxBoundPlates() });
  }),

  'DELETE /driver/plates/{plate}': route({ path: platePath }, async (request) => {
    const driver = await driverOf(request);
    await unbindPlate(driver.driverId, normalizePlate(request.path.plate));
    return noContent();
  }),

  'GET /lots/{lotId}/plates/{plate}/quote': route({ path: lotPath.extend({ plate: z.string().max(32) }) }, async (request) => {
    const driver = await driverOf(request);
    const now = new Date();
    const plate = normalizePlate(request.path.plate);
    appendRequestKeys({ lotId: request.path.lotId, plate });
    await countPlateLookup(driver.driverId, plateLookupLimit, now);
    const { openSessionId } = await loadPlateStream(request.path.lotId, plate);
    if (openSessionId === null) throw new DomainError('NOT_FOUND', `No car ${plate} is parked here`, { reason: 'noOpenSession' });
    return ok(await quoteSession(await loadSession(openSessionId), now));
  }),

  'GET /lots/{lotId}/lanes/{laneId}/vehicle': route({ path: lanePath }, async (request) => {
    const driver = await driverOf(request);
    const { lotId, laneId } = request.path;
    const now = new Date();
    await requireLane(lotId, laneId, 'exit');
    const presence = await currentLanePresence(lotId, laneId, now);
    const session = presence?.sessionId ? await loadSession(presence.sessionId) : await openTemporarySession(driver.driverId, lotId);
    if (session === null) {
      throw new DomainError('NOT_FOUND', 'No car is waiting at this lane yet; type your plate instead', {
        reason: presence ? 'plateNotRecognised' : 'laneEmpty',
      });
    }
    appendRequestKeys({ lotId, sessionId: session.sessionId });
    return ok({ laneId, ...(await quoteSession(requireOpenSession(session), now)) });
  }),

  'POST /lots/{lotId}/lanes/{laneId}/departure': route({ path: lanePath }, async (request) => {
    const driver = await driverOf(request);
    const { lotId, laneId } = request.path;
    appendRequestKeys({ lotId });
    const { departure, replayed } = await departFromLane({ driverId: driver.driverId, lotId, laneId, idempotencyKey: requiredIdempotencyKey(request.headers, 8), now: new Date() });
    const { command: _sent, ...answer } = departure;
    appendRequestKeys({ sessionId: answer.sessionId, plate: answer.plate });
    return replayed ? ok(answer) : created(answer);
  }),

  'POST /lots/{lotId}/lanes/{laneId}/no-plate-entry': route({ path: lanePath }, async (request) => {
    const driver = await driverOf(request);
    const entry = await enterWithoutPlate({ driverId: driver.driverId, lotId: request.path.lotId, laneId: request.path.laneId, now: new Date() });
    const reply = { sessionId: entry.sessionId, plate: entry.plate, enteredAt: entry.enteredAt, barrier: 'open' };
    return entry.existing ? ok(reply) : created(reply);
  }),

  'GET /driver/notices': route({ query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }) }, async (request) => {
    const driver = await driverOf(request);
    return ok({ notices: await driverNotices(driver.driverId, new Date(), request.query.limit) });
  }),

  'POST /driver/notices/{noticeId}/read': route({ path: z.object({ noticeId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/) }) }, async (request) => {
    const driver = await driverOf(request);
    return ok({ notice: await markNoticeRead(driver.driverId, request.path.noticeId, new Date()) });
  }),

  'GET /driver/history': route(
    { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20), cursor: z.string().max(400).optional() }) },
    async (request) => {
      const driver = await driverOf(request);
      return ok(await driverHistory(driver.driverId, request.query.limit, request.query.cursor));
    },
  ),

  'POST /driver/invoices': route(
    {
      body: z.object({
        orderIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{6,32}$/)).min(1).max(20),
        title: z.string().trim().min(1).max(100),
        taxId: z.string().regex(/^[0-9A-Z]{15,20}$/, { message: 'must be a taxpayer id (15–20 of 0-9 A-Z)' }).optional(),
        email: z.email(),
      }),
    },
    async (request) => {
      const driver = await driverOf(request);
      const { orderIds, title, taxId, email } = request.body;
      const orders = await Promise.all(
        [...new Set(orderIds)].map(async (orderId) => {
          const order = await findOrder(orderId);
          // Another driver's order is as unknown as one that does not exist.
          if (order === null || order.driverId !== driver.driverId) throw new DomainError('NOT_FOUND', `No order ${orderId}`, { orderId });
          return order;
        }),
      );
      const invoiceId = `inv-${randomUUID()}`;
      return created(await requestInvoice(driver.driverId, orders, { invoiceId, title, email, orderIds: orders.map((order) => order.orderId), ...(taxId ? { taxId } : {}) }, new Date()));
    },
  ),
});
