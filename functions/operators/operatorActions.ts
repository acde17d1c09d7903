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
import { normalizePlate } from '../../shared/plates/index.js';
import {
  closeAbandonedSession,
  correctSessionPlate,
  diffProjections,
  openBarrierByHand,
  projectSessions,
  type PlateEvent,
} from '../../shared/sessions/index.js';
import { laneCommandPublisher, type LaneCommand, type LaneCommandPublisher } from '../commands/publisher.js';
import { issueLaneCommand } from '../devices/issueLaneCommand.js';
import { DependencyUnavailable } from '../http/index.js';
import { currentLanePresence } from '../sessions/lanePresence.js';
import { loadPlateStream, plateEventPut, plateEventSortKey, plateHeadPut, platePartitionKey, type PlateStream } from '../sessions/plateStreams.js';
import { recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { sessionDelete, sessionKey, sessionUpdate } from '../sessions/sessions.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { auditItems, storedActionAnswer, type OperatorAuditEntry } from './auditLog.js';
import { noticePlate, notifyDriverOfPlate, plateNoticesKey, type PlateNotice, type PlateNoticeRequest } from './plateNotice.js';

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

/** The session of this lot with this id, read from its plate's stream; NOT_FOUND otherwise. */
const sessionLocation = async (lotId: string, sessionId: string): Promise<{ plate: string }> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: sessionKey(sessionId), ConsistentRead: true }));
  // A session of another lot is as unknown to this lot's staff as one that does not exist.
  if (Item === undefined || Item.lotId !== lotId || typeof Item.plate !== 'string') {
    throw new DomainError('NOT_FOUND', `Lot ${lotId} has no session ${sessionId}`, { sessionId });
  }
  return { plate: Item.plate };
};

const projectedSession = (stream: PlateStream, sessionId: string) => {
  const session = projectSessions(stream.lotId, stream.plate, stream.events).sessions.find((candidate) => candidate.sessionId === sessionId);
  if (session === undefined) throw new DomainError('NOT_FOUND', `Lot ${stream.lotId} has no session ${sessionId}`, { sessionId });
  return session;
};

/** Closes a session whose car is long gone; what it owes is assessed and kept on the session. */
export const closeSession = async (
  request: OperatorRequest & { sessionId: string; reason: string },
): Promise<ActionOutcome<CloseSessionAnswer>> => {
  const { lotId, sessionId, who, reason } = request;
  const at = request.at.toISOString();
  const actionId = actionIdOf(who, request.idempotencyKey);
  const { plate } = await sessionLocation(lotId, sessionId);
  return runAction(lotId, actionId, async () => {
    const stream = await loadPlateStream(lotId, plate);
    const session = projectedSession(stream, sessionId);
    const { audit, record } = closeAbandonedSession({ actionId, lotId, who, at, reason, session });
    return {
      audit,
      answer: { actionId, sessionId, plate, closedAt: at },
      effect: await recordPlateEventItems({ stream, record, now: at }),
    };
  });
};

export interface CorrectPlateAnswer {
  actionId: string;
  sessionId: string;
  from: string;
  to: string;
}

/**
 * The writes of a plate correction: the session's events leave the old plate's stream and join
 * the new plate's, both heads move on (the transaction's conditions), and the session item
 * follows its events. It keeps its id, so its payments and coupons stay with it.
 */
const plateMoveItems = (from: PlateStream, to: PlateStream, remove: PlateEvent[], add: PlateEvent[], sessionId: string, now: string): TransactionItem[] => {
  const removedKeys = new Set(remove.map(plateEventSortKey));
  const fromAfter = projectSessions(from.lotId, from.plate, from.events.filter((event) => !removedKeys.has(plateEventSortKey(event))));
  const toAfter = projectSessions(to.lotId, to.plate, [...to.events, ...add]);
  const fromChanges = diffProjections(projectSessions(from.lotId, from.plate, from.events), fromAfter);
  const toChanges = diffProjections(projectSessions(to.lotId, to.plate, to.events), toAfter);
  return [
    ...remove.map((event): TransactionItem => ({
      Delete: { TableName: tableName(), Key: { pk: platePartitionKey(from.lotId, from.plate), sk: plateEventSortKey(event) } },
    })),
    ...add.map((event) => plateEventPut(to.lotId, event, now)),
    plateHeadPut(from, fromAfter.open?.sessionId ?? null, now),
    plateHeadPut(to, toAfter.open?.sessionId ?? null, now),
    // The moved session is rewritten under its new plate below, never deleted.
    ...fromChanges.removed.filter((removed) => removed.sessionId !== sessionId).map((removed) => sessionDelete(removed.sessionId)),
    ...[...fromChanges.upserts, ...toChanges.upserts].map((session) => sessionUpdate(session, null, now)),
  ];
};

/** Moves a session to the plate the camera should have read; its fees and payments stay with it. */
export const correctPlate = async (
  request: OperatorRequest & { sessionId: string; plate: string; reason: string },
): Promise<ActionOutcome<CorrectPlateAnswer>> => {
  const { lotId, sessionId, who, reason } = request;
  const at = request.at.toISOString();
  const actionId = actionIdOf(who, request.idempotencyKey);
  const { plate: oldPlate } = await sessionLocation(lotId, sessionId);
  return runAction(lotId, actionId, async () => {
    const history = await loadPlateStream(lotId, oldPlate);
    const session = projectedSession(history, sessionId);
    const newPlateHistory = await loadPlateStream(lotId, normalizePlate(request.plate));
    const { audit, remove, add } = correctSessionPlate({
      actionId,
      lotId,
      who,
      at,
      reason,
      session,
      history: history.events,
      newPlate: request.plate,
      newPlateHistory: newPlateHistory.events,
    });
    return {
      audit,
      answer: { actionId, sessionId, from: oldPlate, to: newPlateHistory.plate },
      effect: plateMoveItems(history, newPlateHistory, remove, add, sessionId, at),
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

/** In the plate's stream partition, and on gsi1 under the plate in any lot, where its drivers read it (functions/drivers/driverNotices.ts). */
const noticePut = (notice: PlateNotice): TransactionItem => {
  const sortKey = `NOTICE#${new Date(notice.sentAt).toISOString()}#${notice.noticeId}`;
  return {
    Put: {
      TableName: tableName(),
      Item: { pk: platePartitionKey(notice.lotId, notice.plate), sk: sortKey, entity: 'PlateNotice', ...notice, gsi1pk: plateNoticesKey(notice.plate), gsi1sk: sortKey },
    },
  };
};

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
