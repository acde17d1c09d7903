/**
 * What a driver did, for their receipts: the sessions they paid for or entered without a plate,
 * and their e-invoice requests, in the driver's partition:
 *   DriverVisit     pk=DRIVER#<driverId>  sk=VISIT#<enteredAt UTC>#<sessionId>   lotId, plate, how
 *   InvoiceRequest  pk=DRIVER#<driverId>  sk=INVOICE#<invoiceId>                 title, taxId, email, orderIds, amountFen, status
 * History lists visits, not the sessions of bound plates: binding a plate proves nothing, so
 * it must not reveal when someone else's car came and went.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../../shared/drivers/index.js';
import type { Session } from '../../shared/sessions/index.js';
import { isPaidOrder, type PaymentOrder } from '../../shared/payments/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { sessionKey } from '../sessions/sessions.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { ordersOfSession, orderKey } from '../payments/paymentOrders.js';
import { documentClient, tableName } from '../store/client.js';
import { getMany } from '../store/getMany.js';
import { driverPartitionKey } from './driverAccounts.js';

const visitPrefix = 'VISIT#';

/** Notes that the driver took part in a session (written again, it stays one visit). */
export const recordVisit = async (driverId: string, session: Pick<Session, 'sessionId' | 'lotId' | 'plate' | 'enteredAt'>, how: 'payment' | 'noPlateEntry', at: Date): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: driverPartitionKey(driverId),
        sk: `${visitPrefix}${new Date(session.enteredAt).toISOString()}#${session.sessionId}`,
        entity: 'DriverVisit',
        driverId,
        sessionId: session.sessionId,
        lotId: session.lotId,
        plate: session.plate,
        enteredAt: session.enteredAt,
        how,
        recordedAt: at.toISOString(),
      },
    }),
  );
};

const cursorOf = (sortKey: string): string => Buffer.from(sortKey, 'utf8').toString('base64url');
const sortKeyOf = (cursor: string): string => {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sortKey.startsWith(visitPrefix)) throw new DomainError('VALIDATION_FAILED', 'cursor is not one this API gave', { issues: [{ path: 'query.cursor', message: 'unknown cursor' }] });
  return sortKey;
};

/** The driver's visits, newest first, `limit` at a time; `next` continues. */
export const driverHistory = async (driverId: string, limit: number, cursor?: string): Promise<{ entries: HistoryEntry[]; next: string | null }> => {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': visitPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: { pk: driverPartitionKey(driverId), sk: sortKeyOf(cursor) } } : {}),
    }),
  );
  const visits = page.Items ?? [];
  const sessionIds = [...new Set(visits.map((visit) => String(visit.sessionId)))];
  const sessions = new Map((await getMany(sessionIds.map((sessionId) => sessionKey(sessionId)))).map((item) => [String(item.sessionId), item]));
  const entries = await Promise.all(
    visits.map(async (visit): Promise<HistoryEntry> => {
      const session = sessions.get(String(visit.sessionId));
      const orders = (await ordersOfSession(String(visit.sessionId))).filter((order) => order.driverId === driverId);
      return {
        sessionId: String(visit.sessionId),
        lotId: String(visit.lotId),
        plate: String(visit.plate),
        enteredAt: String(visit.enteredAt),
        status: session?.status === 'open' ? 'open' : 'closed',
        ...(typeof session?.closedAt === 'string' ? { closedAt: session.closedAt } : {}),
        payments: orders
          .filter((order) => order.state !== 'created')
          .map((order) => ({
            orderId: order.orderId,
            state: order.state,
            amountFen: order.amountFen,
            refundedFen: order.refundedFen,
            ...(order.paidAt ? { paidAt: order.paidAt } : {}),
            ...(order.invoiceId ? { invoiceId: order.invoiceId } : {}),
          })),
      };
    }),
  );
  const last = page.LastEvaluatedKey;
  return { entries, next: last ? cursorOf(String(last.sk)) : null };
};

export interface InvoiceRequest {
  invoiceId: string;
  title: string;
  taxId?: string;
  email: string;
  orderIds: string[];
  amountFen: number;
  status: 'requested';
  requestedAt: string;
}

/**
 * Records an e-invoice request for the driver's paid orders, for issuing later. Each order is
 * marked with the invoice in the same transaction, on the condition that it is this driver's,
 * paid, and not invoiced yet, so an order is never invoiced twice.
 */
export const requestInvoice = async (driverId: string, orders: readonly PaymentOrder[], request: Omit<InvoiceRequest, 'amountFen' | 'status' | 'requestedAt'>, at: Date): Promise<InvoiceRequest> => {
  for (const order of orders) {
    if (order.driverId !== driverId) throw new DomainError('NOT_FOUND', `No order ${order.orderId}`, { orderId: order.orderId });
    if (!isPaidOrder(order) || order.state === 'refunded') throw new DomainError('CONFLICT', `Order ${order.orderId} is not paid`, { orderId: order.orderId });
  }
  const invoice: InvoiceRequest = {
    ...request,
    amountFen: orders.reduce((sum, order) => sum + order.amountFen - order.refundedFen, 0),
    status: 'requested',
    requestedAt: at.toISOString(),
  };
  const outcome = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: { pk: driverPartitionKey(driverId), sk: `INVOICE#${invoice.invoiceId}`, entity: 'InvoiceRequest', driverId, ...invoice },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...orders.map((order) => ({
      Update: {
        TableName: tableName(),
        Key: orderKey(order.sessionId, order.orderId),
        UpdateExpression: 'SET invoiceId = :invoiceId',
        ConditionExpression: 'attribute_not_exists(invoiceId) AND driverId = :driverId',
        ExpressionAttributeValues: { ':invoiceId': invoice.invoiceId, ':driverId': driverId },
      },
    })),
  ]);
  if (!outcome.committed) {
    if (outcome.reasons[0] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', 'This invoice request was already recorded', { reason: 'duplicateRequest', invoiceId: invoice.invoiceId });
    throw new DomainError('CONFLICT', 'Some of these orders are already invoiced', { reason: 'alreadyInvoiced' });
  }
  return invoice;
};
