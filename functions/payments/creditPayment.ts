/**
 * The one path by which money reaches a session, for notifications, the driver's poll and a
 * payment code charged at the lane alike. A paid order is credited in ONE transaction: the order becomes paid (conditional on a
 * state that is not paid yet), the session's Payment item is created (conditional on not
 * existing), and, when that session's car is waiting at an exit lane, the car's exit is recorded
 * in its plate's stream (conditional on the stream's version). Any number of duplicate or
 * concurrent deliveries therefore credit once; a racing lane event makes the transaction fail,
 * and the next attempt reads again. After the commit the barrier command goes out; its id and
 * time are kept on the order, so a redelivered notification (say after a crash between the
 * commit and the command) sends the very same command again, which devices carry out once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { presenceReleasedBy } from '../../shared/drivers/index.js';
import {
  isOpenOrder,
  isPaidOrder,
  orderStateOfProviderPayment,
  type PaymentOrder,
  type ProviderPayment,
} from '../../shared/payments/index.js';
import { assessStay, releaseLane, type LanePresence } from '../../shared/sessions/index.js';
import { earnPointsForPayment } from '../club/paymentPoints.js';
import { laneCommandPublisher, type LaneCommand, type LaneCommandPublisher } from '../commands/publisher.js';
import { issueLaneCommand } from '../devices/issueLaneCommand.js';
import { DependencyUnavailable, logger } from '../http/index.js';
import { recordCouponsUsedIn, recordPaymentCredited, recordPaymentStatus } from '../observability/parkadeMetrics.js';
import { currentLanePresence } from '../sessions/lanePresence.js';
import { laneCommandLifetimeSeconds } from '../sessions/laneCommands.js';
import { tariffVersionAt } from '../sessions/lotTariffs.js';
import { plateListEntriesFor } from '../sessions/plateLists.js';
import { loadPlateStream } from '../sessions/plateStreams.js';
import { exemptionLabel, recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { loadSessionCharges } from '../sessions/sessionCharges.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { creditItems, markUnpayable, requireOrder, type CreditedVia } from './paymentOrders.js';
import { loadSession } from './sessionQuote.js';

const maxAttempts = 8;

export interface PaymentOutcome {
  order: PaymentOrder;
  /** This call credited the payment (false: it was credited before, or nothing was paid). */
  credited: boolean;
  /** The barrier command the payment issued, when the car was waiting at an exit lane. */
  command: LaneCommand | null;
}

const exitLanesOf = async (lotId: string): Promise<string[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':prefix': 'LANE#' },
    }),
  );
  return (Items ?? []).filter((item) => item.direction === 'exit').map((item) => String(item.laneId));
};

interface Release {
  items: TransactionItem[];
  command: LaneCommand;
}

/** The exit of the session's car, if it waits at one of the lot's exit lanes and this payment settles what it owes. */
const planRelease = async (order: PaymentOrder, now: Date): Promise<Release | null> => {
  const session = await loadSession(order.sessionId);
  if (session.status !== 'open') return null;
  const presences = await Promise.all((await exitLanesOf(order.lotId)).map((laneId) => currentLanePresence(order.lotId, laneId, now)));
  const paid = { sessionId: session.sessionId, plate: session.plate, ...(order.laneId ? { laneId: order.laneId } : {}) };
  const presence = presences.map((candidate) => candidate && presenceReleasedBy(candidate, paid)).find((found): found is LanePresence => !!found);
  const record = presence && releaseLane(presence, 'payment');
  if (!presence || !record) return null;

  const [{ tariff }, allowList, charges] = await Promise.all([
    tariffVersionAt(order.lotId, record.at),
    plateListEntriesFor(order.lotId, 'allow', session.plate),
    loadSessionCharges(session.sessionId, { at: record.at }),
  ]);
  const { exemption, quote } = assessStay(
    { plate: session.plate, enteredAt: session.enteredAt, leftAt: record.at },
    {
      tariff,
      allowList,
      coupons: charges.coupons,
      payments: [...charges.payments, { amount: order.amountFen, coversUntil: order.coversUntil }],
      benefits: charges.benefits,
    },
  );
  // A payment that does not settle the stay (it paid an older quote) leaves the car waiting.
  if (quote.due > 0) return null;
  const label = exemptionLabel(exemption);
  const nowIso = now.toISOString();
  const items = await recordPlateEventItems({
    stream: await loadPlateStream(order.lotId, record.plate),
    record,
    decided: { sessionId: session.sessionId, closing: { owingFen: 0, ...(label ? { exemption: label } : {}) } },
    now: nowIso,
  });
  const command: LaneCommand = {
    commandId: `pay-${order.orderId}`,
    lotId: order.lotId,
    laneId: presence.laneId,
    kind: 'open',
    reason: 'paid',
    sessionId: session.sessionId,
    issuedAt: nowIso,
  };
  return { items, command };
};

const commandOf = (order: PaymentOrder): LaneCommand | null =>
  order.release
    ? { commandId: order.release.commandId, lotId: order.lotId, laneId: order.release.laneId, kind: 'open', reason: 'paid', sessionId: order.sessionId, issuedAt: order.release.issuedAt }
    : null;

/** Sends a paid order's barrier command again while it is still worth carrying out. */
const resendCommand = async (order: PaymentOrder, now: Date, publisher: LaneCommandPublisher): Promise<LaneCommand | null> => {
  const command = commandOf(order);
  if (command === null || Date.parse(command.issuedAt) + laneCommandLifetimeSeconds * 1000 < now.getTime()) return null;
  await issueLaneCommand(command, publisher);
  return command;
};

const creditPaidOrder = async (
  orderId: string,
  payment: ProviderPayment,
  via: CreditedVia,
  publisher: LaneCommandPublisher,
): Promise<PaymentOutcome> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await requireOrder(orderId);
    const now = new Date();
    if (isPaidOrder(order)) {
      // A redelivered notification or a device asking again may follow a crash before the command went out.
      const command = via === 'query' ? null : await resendCommand(order, now, publisher);
      return { order, credited: false, command };
    }
    if (payment.amountFen !== undefined && payment.amountFen !== order.amountFen) {
      // Never expected (the provider charges what we asked); the money moved, so credit and flag it.
      logger.error('Provider amount differs from the order', { orderId, orderFen: order.amountFen, providerFen: payment.amountFen });
    }
    const release = await planRelease(order, now);
    const paidAt = now.toISOString();
    const releaseNote = release && { laneId: release.command.laneId, commandId: release.command.commandId, issuedAt: release.command.issuedAt };
    const outcome = await transactWrite([...creditItems({ order, payment, paidAt, via, release: releaseNote }), ...(release?.items ?? [])]);
    if (outcome.committed) {
      if (release) await issueLaneCommand(release.command, publisher);
      recordPaymentCredited({ lotId: order.lotId, amountFen: order.amountFen, laneReleased: release !== null });
      recordCouponsUsedIn(order.lotId, release?.items ?? []);
      logger.info('Payment credited', { orderId, sessionId: order.sessionId, amountFen: order.amountFen, via, laneReleased: release?.command.laneId ?? null });
      return { order: await requireOrder(orderId), credited: true, command: release?.command ?? null };
    }
    if (!outcome.reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict')) {
      throw new DependencyUnavailable('storage', `Storage refused the credit (${outcome.reasons.join(', ')})`);
    }
    // Credited meanwhile (the next read sees it), or a lane event moved the plate's stream.
    await sleep(Math.random() * 15 * attempt);
  }
  throw new DependencyUnavailable('storage', `Order ${orderId} kept meeting concurrent changes; the provider will retry`);
};

/**
 * What the provider says about an order, applied: a payment is credited (once), a closed or
 * failed one marks the order unpayable, an undecided one changes nothing. NOT_FOUND for an
 * order number that is not ours.
 */
export const applyProviderPayment = async (
  payment: ProviderPayment,
  via: CreditedVia,
  publisher: LaneCommandPublisher = laneCommandPublisher(),
): Promise<PaymentOutcome> => {
  const order = await requireOrder(payment.outTradeNo);
  const state = orderStateOfProviderPayment(payment.state);
  if (state === 'paid') {
    const outcome = await creditPaidOrder(order.orderId, payment, via, publisher);
    await earnPointsForPayment(outcome.order);
    return outcome;
  }
  if ((state === 'closed' || state === 'failed') && isOpenOrder(order)) {
    if (await markUnpayable(order, state, new Date())) recordPaymentStatus(order.lotId, state);
    return { order: await requireOrder(order.orderId), credited: false, command: null };
  }
  return { order, credited: false, command: null };
};
