/**
 * Car-park staff's actions as they are carried out: read what the rule needs, let the core
 * (shared/sessions operatorActions, plateNotice.ts) decide, and write the effect together with
 * its audit entry in one transaction (auditLog.ts). A concurrent change to the plate's stream
 * fails the transaction's condition; the action then reads again and decides again. With an
 * Idempotency-Key the same request again returns the first answer and acts once.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/errors/index.js';
import { closeAbandonedSession, openBarrierByHand, projectSessions } from '../../shared/sessions/index.js';
import { laneCommandPublisher, type LaneCommand, type LaneCommandPublisher } from '../commands/publisher.js';
import { issueLaneCommand } from '../devices/issueLaneCommand.js';
import { DependencyUnavailable } from '../http/index.js';
import { currentLanePresence } from '../sessions/lanePresence.js';
import { loadPlateStream, platePartitionKey } from '../sessions/plateStreams.js';
import { recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { sessionKey } from '../sessions/sessions.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { auditItems, storedActionAnswer, type OperatorAuditEntry } from './auditLog.js';
import { noticePlate, notifyDriverOfPlate, type PlateNotice, type PlateNoticeRequest } from './plateNotice.js';

export interface OperatorRequest {
  lotId: string;
  /** The operator's id, as the audit entry names them. */
  who: string;
  at: Date;
  idempotencyKey?: string;
}

export interface ActionOutcome<T> {
  answer: T;
  /** True when this was a retry of an action already carried out. */
  replayed: boolean;
}

/** The same operator and key always name the same action; without a key every request is new. */
export const actionIdOf = (who: string, idempotencyKey: string | undefined): string =>
  idempotencyKey === undefined
    ? `act-${randomUUID()}`
    : `act-${createHash('sha256').update(`${who}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;

const maxAttempts = 4;

interface Attempt<T> {
  audit: OperatorAuditEntry;
  answer: T;
  effect: TransactionItem[];
}

const runAction = async <T>(lotId: string, actionId: string, attempt: () => Promise<Attempt<T>>): Promise<ActionOutcome<T>> => {
  const stored = await storedActionAnswer(lotId, actionId);
  if (stored !== null) return { answer: stored as T, replayed: true };
  for (let attemptNumber = 1; attemptNumber <= maxAttempts; attemptNumber += 1) {
    const { audit, answer, effect } = await attempt();
    const outcome = await transactWrite([...auditItems(audit, answer), ...effect]);
    if (outcome.committed) return { answer, replayed: false };
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return { answer: (await storedActionAnswer(lotId, actionId)) as T, replayed: true };
    if (!outcome.reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict')) {
      throw new DependencyUnavailable('storage', `Storage refused the action (${outcome.reasons.join(', ')}); try again`);
    }
  }
  throw new DomainError('CONFLICT', 'Cars kept moving while this was being recorded; try again', { actionId });
};

const requireLane = async (lotId: string, laneId: string): Promise<void> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk: `LOT#${lotId}`, sk: `LANE#${laneId}` } }));
  if (Item === undefined) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no lane ${laneId}`, { lotId, laneId });
};

export interface OpenBarrierAnswer {
  actionId: string;
  command: LaneCommand;
  /** The session of the car that was waiting at the lane, which leaves through it; null when none. */
  sessionId: string | null;
}

/**
 * Opens a lane's barrier by hand. A car waiting at the lane leaves: its exit is recorded as
 * closed by an operator, what it owes stays on the session. The command is stored for polling
 * and pushed; a retry pushes the same command again (devices act on a command id once).
 */
export const openBarrier = async (
  request: OperatorRequest & { laneId: string; reason: string },
  publisher: LaneCommandPublisher = laneCommandPublisher(),
): Promise<ActionOutcome<OpenBarrierAnswer>> => {
  const { lotId, laneId, who, reason } = request;
  const at = request.at.toISOString();
  const actionId = actionIdOf(who, request.idempotencyKey);
  await requireLane(lotId, laneId);
  const outcome = await runAction(lotId, actionId, async () => {
    const presence = await currentLanePresence(lotId, laneId, request.at);
    const { audit, record } = openBarrierByHand({ actionId, lotId, who, at, reason, laneId, presence });
    const command: LaneCommand = {
      commandId: actionId,
      lotId,
      laneId,
      kind: 'open',
      reason: audit.reason,
      ...(audit.sessionId === undefined ? {} : { sessionId: audit.sessionId }),
      issuedAt: at,
    };
    const effect = record === null ? [] : await recordPlateEventItems({ stream: await loadPlateStream(lotId, record.plate), record, now: at });
    return { audit, answer: { actionId, command, sessionId: audit.sessionId ?? null }, effect };
  });
  await issueLaneCommand(outcome.answer.command, publisher);
  return outcome;
};

export interface CloseSessionAnswer {
  actionId: string;
  sessionId: string;
  plate: string;
  closedAt: string;
}

/** Closes a session whose car is long gone; what it owes is assessed and kept on the session. */
export const closeSession = async (
  request: OperatorRequest & { sessionId: string; reason: string },
): Promise<ActionOutcome<CloseSessionAnswer>> => {
  const { lotId, sessionId, who, reason } = request;
  const at = request.at.toISOString();
  const actionId = actionIdOf(who, request.idempotencyKey);
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: sessionKey(sessionId), ConsistentRead: true }));
  // A session of another lot is as unknown to this lot's staff as one that does not exist.
  if (Item === undefined || Item.lotId !== lotId || typeof Item.plate !== 'string') {
    throw new DomainError('NOT_FOUND', `Lot ${lotId} has no session ${sessionId}`, { sessionId });
  }
  const plate = Item.plate;
  return runAction(lotId, actionId, async () => {
    const stream = await loadPlateStream(lotId, plate);
    const session = projectSessions(lotId, plate, stream.events).sessions.find((candidate) => candidate.sessionId === sessionId);
    if (session === undefined) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no session ${sessionId}`, { sessionId });
    const { audit, record } = closeAbandonedSession({ actionId, lotId, who, at, reason, session });
    return {
      audit,
      answer: { actionId, sessionId, plate, closedAt: at },
      effect: await recordPlateEventItems({ stream, record, now: at }),
    };
  });
};

export interface NotifyDriverAnswer {
  noticeId: string;
  plate: string;
  sessionId: string;
  text: string;
  /** Where the driver sees it: the mini-program's notices for the plates they bound. */
  delivery: 'inbox';
}

const noticePut = (notice: PlateNotice): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: platePartitionKey(notice.lotId, notice.plate),
      sk: `NOTICE#${new Date(notice.sentAt).toISOString()}#${notice.noticeId}`,
      entity: 'PlateNotice',
      ...notice,
    },
  },
});

/** Tells the driver of a car in the lot about it (window open, lights on, …). */
export const notifyDriver = async (request: OperatorRequest & { notice: PlateNoticeRequest }): Promise<ActionOutcome<NotifyDriverAnswer>> => {
  const { lotId, who } = request;
  const at = request.at.toISOString();
  const plate = noticePlate(request.notice.plate);
  const actionId = actionIdOf(who, request.idempotencyKey);
  return runAction(lotId, actionId, async () => {
    const { openSessionId } = await loadPlateStream(lotId, plate);
    const { notice, audit } = notifyDriverOfPlate({ actionId, lotId, who, at, request: request.notice, plate, openSessionId });
    return {
      audit,
      answer: { noticeId: notice.noticeId, plate, sessionId: notice.sessionId, text: notice.text, delivery: 'inbox' as const },
      effect: [noticePut(notice)],
    };
  });
};
