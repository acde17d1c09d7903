/**
 * Cars without a plate (journey 3). The driver scans the entry-lane code: the car gets a
 * temporary plate bound to the driver, its entry is recorded in that plate's stream exactly as a
 * camera's entry would be (shared/sessions decideEntry → functions/sessions recordPlateEventItems,
 * one transaction conditional on the new plate's head not existing, so two drivers can never get
 * one plate), and the barrier opens through the command path. At the exit the driver's open
 * temporary-plate session is found from their identity, or from their verified phone number.
 *   TemporaryPlate  pk=DRIVER#<driverId>  sk=TEMPPLATE#<lotId>#<issuedAt UTC>#<plate>   sessionId, laneId
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newTemporaryPlate } from '../../shared/drivers/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { decideEntry, duplicateReadWindowSeconds, type DeviceEvent, type Session } from '../../shared/sessions/index.js';
import { laneCommandPublisher, type LaneCommand, type LaneCommandPublisher } from '../commands/publisher.js';
import { issueLaneCommand } from '../devices/issueLaneCommand.js';
import { DependencyUnavailable } from '../http/index.js';
import { loadPlateStream } from '../sessions/plateStreams.js';
import { recordPlateEventItems } from '../sessions/recordPlateEvent.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { loadSession } from '../payments/sessionQuote.js';
import { driverPartitionKey, driversWithPhone } from './driverAccounts.js';
import { recordVisit } from './driverHistory.js';

const maxAttempts = 5;

export const requireLane = async (lotId: string, laneId: string, direction: 'entry' | 'exit'): Promise<void> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk: `LOT#${lotId}`, sk: `LANE#${laneId}` } }));
  if (Item === undefined) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no lane ${laneId}`, { lotId, laneId });
  if (Item.direction !== direction) throw new DomainError('VALIDATION_FAILED', `Lane ${laneId} is not an ${direction} lane`, { laneId, direction: Item.direction });
};

/** The driver's open temporary-plate session in this lot (their newest), or null. */
export const openTemporarySession = async (driverId: string, lotId: string): Promise<Session | null> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': `TEMPPLATE#${lotId}#` },
      ScanIndexForward: false,
      Limit: 5,
      ConsistentRead: true,
    }),
  );
  for (const item of Items ?? []) {
    const { openSessionId } = await loadPlateStream(lotId, String(item.plate));
    if (openSessionId !== null) return loadSession(openSessionId);
  }
  return null;
};

/** Phone fallback at the exit lane: the open temporary-plate session of the driver(s) who verified this number. */
export const openTemporarySessionOfPhone = async (lotId: string, phone: string): Promise<Session | null> => {
  for (const driverId of await driversWithPhone(phone)) {
    const session = await openTemporarySession(driverId, lotId);
    if (session !== null) return session;
  }
  return null;
};

export interface NoPlateEntry {
  sessionId: string;
  plate: string;
  enteredAt: string;
  command: LaneCommand;
  /** The driver already had an open no-plate session here: that one is answered. */
  existing: boolean;
}

const openCommand = (lotId: string, laneId: string, eventId: string, sessionId: string, issuedAt: string): LaneCommand => ({
  commandId: eventId,
  lotId,
  laneId,
  kind: 'open',
  reason: 'noPlateEntry',
  sessionId,
  issuedAt,
});

/**
 * Lets a car without a plate in. A driver who scans again (the barrier was slow, the page was
 * reloaded) gets their open session back, and the barrier opens again only while they could
 * still be at the lane.
 */
export const enterWithoutPlate = async (
  request: { driverId: string; lotId: string; laneId: string; now: Date },
  publisher: LaneCommandPublisher = laneCommandPublisher(),
  random: (size: number) => Uint8Array = randomBytes,
): Promise<NoPlateEntry> => {
  const { driverId, lotId, laneId, now } = request;
  await requireLane(lotId, laneId, 'entry');
  const current = await openTemporarySession(driverId, lotId);
  if (current !== null) {
    const command = openCommand(lotId, current.entry.laneId, current.entry.eventId, current.sessionId, current.enteredAt);
    const stillAtLane = current.entry.laneId === laneId && now.getTime() - Date.parse(current.enteredAt) <= duplicateReadWindowSeconds * 1000;
    if (stillAtLane) await issueLaneCommand(command, publisher);
    return { sessionId: current.sessionId, plate: current.plate, enteredAt: current.enteredAt, command, existing: true };
  }
  const at = now.toISOString();
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const plate = newTemporaryPlate(random);
    const eventId = `np-${Buffer.from(random(9)).toString('hex')}`;
    const event: DeviceEvent = { eventId, laneId, type: 'entry', plate, at };
    const stream = await loadPlateStream(lotId, plate);
    if (stream.version !== 0) continue;
    const { record, session } = decideEntry({ lotId, event, mode: 'online', history: [] });
    if (record === null || session === null) throw new Error('a temporary plate entry is always recorded');
    const items = await recordPlateEventItems({ stream, record, now: at });
    const outcome = await transactWrite([
      ...items,
      {
        Put: {
          TableName: tableName(),
          Item: {
            pk: driverPartitionKey(driverId),
            sk: `TEMPPLATE#${lotId}#${at}#${plate}`,
            entity: 'TemporaryPlate',
            driverId,
            lotId,
            laneId,
            plate,
            sessionId: session.sessionId,
            issuedAt: at,
          },
        },
      },
    ]);
    if (!outcome.committed) continue;
    await recordVisit(driverId, session, 'noPlateEntry', now);
    const command = openCommand(lotId, laneId, eventId, session.sessionId, at);
    await issueLaneCommand(command, publisher);
    return { sessionId: session.sessionId, plate, enteredAt: session.enteredAt, command, existing: false };
  }
  throw new DependencyUnavailable('storage', 'Could not issue a temporary plate right now; scan again');
};

