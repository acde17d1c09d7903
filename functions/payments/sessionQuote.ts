/**
 * A session's fee as it stands, for a driver's quote and for checking an order against it:
 * the tariff in effect, the lot's allow-list, the session's coupons and payments (and any
 * payment the caller adds), through shared/sessions `assessStay` like the exit camera.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { driverQuoteOf, type DriverQuote } from '../../shared/drivers/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { formatInstant, type Payment, type StayExplanation } from '../../shared/fees/index.js';
import { assessStay, sessionSchema, type Exemption, type MemberBenefits, type Session } from '../../shared/sessions/index.js';
import { tariffVersionAt } from '../sessions/lotTariffs.js';
import { plateListEntriesFor } from '../sessions/plateLists.js';
import { loadSessionCharges } from '../sessions/sessionCharges.js';
import { sessionKey } from '../sessions/sessions.js';
import { documentClient, tableName } from '../store/client.js';

/** The session, read consistently; NOT_FOUND when there is none. */
export const loadSession = async (sessionId: string): Promise<Session> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: sessionKey(sessionId), ConsistentRead: true }));
  if (Item === undefined) throw new DomainError('NOT_FOUND', `No session ${sessionId}`, { sessionId });
  return parseOrThrow(sessionSchema, Item, `session ${sessionId}`);
};

export const requireOpenSession = (session: Session): Session => {
  if (session.status !== 'open') {
    throw new DomainError('CONFLICT', 'This car has already left; nothing to pay here', { reason: 'sessionClosed', sessionId: session.sessionId });
  }
  return session;
};

/**
 * What the stay costs if the car leaves at `at` (whole seconds), with `extraPayments` counted as
 * paid (and why it is free, if it is exempt); `settleBenefits` when an order fixes this amount (the
 * member grant is recorded).
 */
export const explainSessionAt = async (
  session: Session,
  at: Date,
  extraPayments: readonly Payment[] = [],
  { settleBenefits = false }: { settleBenefits?: boolean } = {},
): Promise<StayExplanation & { memberBenefits: MemberBenefits; exemption: Exemption | null }> => {
  const leftAt = at.toISOString();
  const [{ tariff }, allowList, charges] = await Promise.all([
    tariffVersionAt(session.lotId, leftAt),
    plateListEntriesFor(session.lotId, 'allow', session.plate),
    loadSessionCharges(session.sessionId, { at: leftAt, settle: settleBenefits }),
  ]);
  const { exemption, quote } = assessStay(
    { plate: session.plate, enteredAt: session.enteredAt, leftAt },
    { tariff, allowList, coupons: charges.coupons, payments: [...charges.payments, ...extraPayments], benefits: charges.benefits },
  );
  return { ...quote, memberBenefits: charges.benefits, exemption };
};

/** The driver's quote for leaving now, in the lot's time zone. */
export const quoteSession = async (session: Session, now: Date): Promise<DriverQuote> => {
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const [explanation, { tariff }] = await Promise.all([explainSessionAt(session, at), tariffVersionAt(session.lotId, at.toISOString())]);
  const quote = driverQuoteOf(session, explanation, formatInstant(at.getTime(), tariff.timezone), tariff.exitGraceMinutes);
  const { freeMinutes = 0, amountOff = 0 } = explanation.memberBenefits;
  return freeMinutes > 0 || amountOff > 0 ? { ...quote, memberBenefits: { freeMinutes, amountOff } } : quote;
};
