/**
 * A driver's attempt to pay a session's quote (steps 1–3 are shared with payment codes at the
 * lane: laneMicropay.ts). The order id comes from the driver and the
 * Idempotency-Key, so a retry (after a lost answer, or a crash anywhere below) continues the
 * same order instead of starting another. Steps, each safe to repeat:
 * 1. check the amount and `coversUntil` against the fee as it stands (stale → CONFLICT with the
 *    fresh quote);
 * 2. close the session's other open attempt at the provider (if it turns out paid, credit it and
 *    refuse this one as stale: never two payments for one fee);
 * 3. store the order (state `created`), its ref and the session's slot, in one transaction;
 * 4. prepay at the provider (the same order number again gets the same prepay);
 * 5. mark it `pending`, unless a payment was credited meanwhile.
 * A crash between 4 and 5 leaves a `created` order the provider knows: a payment for it is still
 * credited (created → paid), and the retried request prepays again and answers.
 */
import { DomainError } from '../../shared/errors/index.js';
import type { DriverPrincipal } from '../../shared/access/index.js';
import { orderQuoteProblem, type DriverQuote } from '../../shared/drivers/index.js';
import { formatYuan } from '../../shared/money/index.js';
import {
  isOpenOrder,
  isPaymentRefused,
  orderIdFor,
  type MiniProgramPaymentParams,
  type PaymentOrder,
  type PaymentProvider,
} from '../../shared/payments/index.js';
import type { Session } from '../../shared/sessions/index.js';
import type { LaneCommandPublisher } from '../commands/publisher.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { recordVisit } from '../drivers/driverHistory.js';
import { applyProviderPayment } from './creditPayment.js';
import { markPending, markUnpayable, newOrderItems, ordersOfSession, requireOrder, slotHolder, findOrder } from './paymentOrders.js';
import { explainSessionAt, loadSession, quoteSession, requireOpenSession } from './sessionQuote.js';

export interface OrderRequest {
  driver: DriverPrincipal;
  sessionId: string;
  idempotencyKey: string;
  amountFen: number;
  coversUntil: string;
  laneId?: string;
  now: Date;
}

export interface PlacedOrder {
  order: PaymentOrder;
  /** For `Taro.requestPayment`; absent once the order is no longer payable (paid, closed). */
  payment?: MiniProgramPaymentParams;
  /** True when this request continued an order an earlier request with the same key started. */
  replayed: boolean;
}

/** How long the payer may take at the provider before the order expires there. */
const payableForMinutes = 10;

const staleQuote = (reason: string, quote: DriverQuote): DomainError =>
  new DomainError('CONFLICT', reason === 'nothingDue' ? 'Nothing is due on this session' : 'The fee has changed; here is the current one', {
    reason,
    quote,
  });

const checkQuote = async (session: Session, attempt: Pick<NewOrder, 'amountFen' | 'coversUntil' | 'now'>): Promise<void> => {
  const at = new Date(attempt.coversUntil);
  const due = (await explainSessionAt(session, at, [], { settleBenefits: true })).due;
  const problem = orderQuoteProblem(attempt, due, attempt.now);
  if (problem !== null) throw staleQuote(problem, await quoteSession(session, attempt.now));
};

/** Closes the session's other open attempts; true when one of them turned out paid (and is now credited). */
const closeOtherAttempts = async (sessionId: string, orderId: string, provider: PaymentProvider, publisher?: LaneCommandPublisher): Promise<boolean> => {
  let paidMeanwhile = false;
  for (const other of (await ordersOfSession(sessionId)).filter((candidate) => candidate.orderId !== orderId && isOpenOrder(candidate))) {
    try {
      await provider.closeOrder(other.orderId);
    } catch (error) {
      if (isPaymentRefused(error, 'alreadyPaid')) {
        await applyProviderPayment(await provider.queryOrder(other.orderId), 'query', publisher);
        paidMeanwhile = true;
        continue;
      }
      // A `created` order may never have reached the provider.
      if (!isPaymentRefused(error, 'orderNotFound')) throw error;
    }
    await markUnpayable(other, 'closed', new Date());
  }
  return paidMeanwhile;
};

const prepay = async (order: PaymentOrder, provider: PaymentProvider): Promise<MiniProgramPaymentParams> => {
  const { prepayId, payment } = await provider.createJsapiOrder({
    outTradeNo: order.orderId,
    description: `停车费 ${order.plate} ${formatYuan(order.amountFen)}`,
    amountFen: order.amountFen,
    payerOpenId: order.openId,
    expiresAt: new Date(Date.parse(order.createdAt) + payableForMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    attach: order.sessionId.slice(0, 128),
  });
  await markPending(order, prepayId);
  return payment;
};

/** The attempt a retry names must be the one its key started. */
export const requireSameAttempt = (existing: PaymentOrder, attempt: Pick<OrderRequest, 'sessionId' | 'amountFen' | 'coversUntil'>): void => {
  if (existing.sessionId !== attempt.sessionId || existing.amountFen !== attempt.amountFen || existing.coversUntil !== attempt.coversUntil) {
    throw new DomainError('CONFLICT', 'This key (Idempotency-Key or payment id) was used for a different order', { reason: 'keyReused', orderId: existing.orderId });
  }
};

/** Continues an order this key already started: it must be the same request. */
const continueOrder = async (existing: PaymentOrder, request: OrderRequest, provider: PaymentProvider): Promise<PlacedOrder> => {
  requireSameAttempt(existing, request);
  if (!isOpenOrder(existing)) return { order: existing, replayed: true };
  const payment = await prepay(existing, provider);
  return { order: await requireOrder(existing.orderId), payment, replayed: true };
};

/** A new attempt to pay a session's quote, by whoever pays it. */
export interface NewOrder {
  orderId: string;
  payer: Pick<PaymentOrder, 'driverId' | 'openId'>;
  sessionId: string;
  amountFen: number;
  coversUntil: string;
  laneId?: string;
  now: Date;
}

export interface StartedOrder {
  order: PaymentOrder;
  session: Session;
  /** False when a concurrent request with the same id stored the order first: that one is answered. */
  created: boolean;
}

/**
 * Steps 1–3 of any order, the driver's in the mini-program and the payment code at a lane
 * alike: the quote holds, the session's other attempts are closed, the order is stored.
 */
export const startOrder = async (attempt: NewOrder, provider: PaymentProvider, publisher?: LaneCommandPublisher): Promise<StartedOrder> => {
  const session = requireOpenSession(await loadSession(attempt.sessionId));
  await checkQuote(session, attempt);
  const previousHolder = await slotHolder(session.sessionId);
  if (await closeOtherAttempts(session.sessionId, attempt.orderId, provider, publisher)) {
    throw staleQuote('amountChanged', await quoteSession(session, attempt.now));
  }
  const order: PaymentOrder = {
    orderId: attempt.orderId,
    sessionId: session.sessionId,
    lotId: session.lotId,
    plate: session.plate,
    driverId: attempt.payer.driverId,
    openId: attempt.payer.openId,
    state: 'created',
    amountFen: attempt.amountFen,
    coversUntil: attempt.coversUntil,
    ...(attempt.laneId ? { laneId: attempt.laneId } : {}),
    createdAt: attempt.now.toISOString(),
    refundedFen: 0,
    refundingFen: 0,
  };
  const outcome = await transactWrite(newOrderItems(order, previousHolder));
  if (outcome.committed) return { order, session, created: true };
  const raced = await findOrder(attempt.orderId);
  if (raced !== null) return { order: raced, session, created: false };
  throw new DomainError('CONFLICT', 'Another payment for this session was started at the same time; try again', { reason: 'concurrentAttempt' });
};

export const placeOrder = async (request: OrderRequest, provider: PaymentProvider, publisher?: LaneCommandPublisher): Promise<PlacedOrder> => {
  const orderId = orderIdFor(request.driver.driverId, request.idempotencyKey);
  const existing = await findOrder(orderId);
  if (existing !== null) return continueOrder(existing, request, provider);

  const { driver, sessionId, amountFen, coversUntil, laneId, now } = request;
  const started = await startOrder({ orderId, payer: driver, sessionId, amountFen, coversUntil, ...(laneId ? { laneId } : {}), now }, provider, publisher);
  if (!started.created) return continueOrder(started.order, request, provider);
  await recordVisit(driver.driverId, started.session, 'payment', now);
  const payment = await prepay(started.order, provider);
  return { order: await requireOrder(orderId), payment, replayed: false };
};
