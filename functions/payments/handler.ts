/**
 * The `payments` function group: drivers' payment orders and their polling, WeChat Pay's
 * notifications (open route, verified by the provider's signature over the raw body), refunds by
 * administrators (IAM) and by operators of the order's lot (audited), and the reconciliation
 * report (IAM).
 *
 * Notification answers, as WeChat Pay v3 expects: 204 once the event is recorded (a duplicate
 * is recorded already, so it gets 204 too); 401 for a notification that does not verify; 404
 * for an order or refund number that is not ours; 503 when storage is busy. WeChat retries any
 * non-2xx answer (15 times over 24 h), which is what we want for the last two.
 */
import { z } from 'zod';
import { requireAdmin, requireDriver, requireOperator } from '../../shared/access/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { fenSchema } from '../../shared/money/index.js';
import { shouldQueryProvider, type PaymentOrder } from '../../shared/payments/index.js';
import { laneIdSchema } from '../../shared/sessions/index.js';
import { principalOf } from '../access/index.js';
import { appendRequestKeys, created, createdOrReplayed, httpApi, noContent, ok, requiredIdempotencyKey, route } from '../http/index.js';
import { applyProviderPayment } from './creditPayment.js';
import { placeOrder } from './createOrder.js';
import { findOrder, requireOrder } from './paymentOrders.js';
import { paymentProvider } from './paymentProvider.js';
import { reconcile } from './reconciliation.js';
import { refundAsOperator } from './operatorRefunds.js';
import { applyProviderRefund, refundOrder } from './refunds.js';

const orderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, { message: 'must be an order id' });

/** What a driver sees of their order. */
const orderView = (order: PaymentOrder) => ({
  orderId: order.orderId,
  sessionId: order.sessionId,
  plate: order.plate,
  state: order.state,
  amountFen: order.amountFen,
  coversUntil: order.coversUntil,
  createdAt: order.createdAt,
  ...(order.paidAt ? { paidAt: order.paidAt } : {}),
  refundedFen: order.refundedFen,
});

const refundBody = z.object({
  refundId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, { message: 'must be 6–64 letters, digits, "-" or "_" (your id for this refund)' }),
  amountFen: fenSchema.min(1),
  reason: z.string().trim().min(1).max(200),
});

export const handler = httpApi({
  'POST /sessions/{sessionId}/orders': route(
    {
      path: z.object({ sessionId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/) }),
      body: z.object({ amountFen: fenSchema.min(1), coversUntil: z.iso.datetime({ offset: true }), laneId: laneIdSchema.optional() }),
    },
    async ({ event, path, body, headers }) => {
      const driver = requireDriver(await principalOf(event, 'driver'));
      const idempotencyKey = requiredIdempotencyKey(headers, 8);
      appendRequestKeys({ sessionId: path.sessionId });
      const placed = await placeOrder(
        { driver, sessionId: path.sessionId, idempotencyKey, amountFen: body.amountFen, coversUntil: body.coversUntil, ...(body.laneId ? { laneId: body.laneId } : {}), now: new Date() },
        await paymentProvider(),
      );
      const answer = { order: orderView(placed.order), ...(placed.payment ? { payment: placed.payment } : {}) };
      return createdOrReplayed(answer, placed.replayed, `/orders/${placed.order.orderId}`);
    },
  ),

  'GET /orders/{orderId}': route({ path: z.object({ orderId: orderIdSchema }) }, async ({ event, path }) => {
    const driver = requireDriver(await principalOf(event, 'driver'));
    let order = await findOrder(path.orderId);
    // Another driver's order is as unknown as one that does not exist.
    if (order === null || order.driverId !== driver.driverId) throw new DomainError('NOT_FOUND', `No order ${path.orderId}`, { orderId: path.orderId });
    if (shouldQueryProvider(order, new Date())) {
      const provider = await paymentProvider();
      order = (await applyProviderPayment(await provider.queryOrder(order.orderId), 'query')).order;
    }
    return ok(orderView(order));
  }),

  'POST /payments/wechat/notify': route(async ({ event }) => {
    const provider = await paymentProvider();
    const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const notification = await provider.parseNotification({ headers: event.headers ?? {}, body });
    if (notification.kind === 'payment') await applyProviderPayment(notification, 'notification');
    else await applyProviderRefund(notification);
    return noContent();
  }),

  'POST /admin/orders/{orderId}/refunds': route({ path: z.object({ orderId: orderIdSchema }), body: refundBody }, async ({ event, path, body }) => {
    const admin = requireAdmin(await principalOf(event, 'iam'));
    const refund = await refundOrder({ orderId: path.orderId, ...body, who: admin.arn, now: new Date() }, await paymentProvider());
    return created({ refund, order: orderView(await requireOrder(path.orderId)) });
  }),

  'POST /lots/{lotId}/orders/{orderId}/refunds': route(
    { path: z.object({ lotId: laneIdSchema, orderId: orderIdSchema }), body: refundBody },
    async ({ event, path, body }) => {
      const operator = requireOperator(await principalOf(event, 'operator'), path.lotId);
      const refund = await refundAsOperator(operator, { orderId: path.orderId, ...body, now: new Date() }, await paymentProvider());
      return created({ refund, order: orderView(await requireOrder(path.orderId)) });
    },
  ),

  'GET /admin/reports/reconciliation': route(
    { query: z.object({ date: z.iso.date({ message: 'must be a date, YYYY-MM-DD' }) }) },
    async ({ event, query }) => {
      requireAdmin(await principalOf(event, 'iam'));
      return ok(await reconcile(query.date, await paymentProvider()));
    },
  ),
});
