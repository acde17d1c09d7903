/**
 * Sessions as readable items, written from the plate stream's projection:
 *   Session  pk=SESSION#<sessionId>  sk=SESSION
 *            gsi1pk=LOT#<lotId>#PLATE#<plate>  gsi1sk=SESSION#<enteredAt UTC>   (a plate's sessions)
 *            gsi2pk=LOT#<lotId>#OPEN#<shard>   gsi2sk=<plate>                   (open sessions only)
 * The item holds the projected session (shared/sessions `sessionSchema`, so readers parse it with
 * that schema) plus what the adapter learnt when it closed: `owingFen`, `exemption`. Writes are
 * UpdateItem SETs of those attributes, so attributes other issues add to a session survive.
 */
import { createHash } from 'node:crypto';
import type { Session } from '../../shared/sessions/index.js';
import { tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { platePartitionKey } from './plateStreams.js';
import type { TransactionItem } from './transactWrite.js';

/** The open-sessions index is spread over this many partitions so no lot has a hot key. */
const openSessionShards = 8;

export const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' });

const openShardOf = (plate: string): number => createHash('sha256').update(plate).digest()[0]! % openSessionShards;
const openPartitionKey = (lotId: string, shard: number): string => `LOT#${lotId}#OPEN#${shard}`;
const utc = (instant: string): string => new Date(instant).toISOString();

/** What the adapter adds to a closed session. */
export interface SessionClosing {
  /** Fen the car still owed when the session closed (0 when paid, free or exempt). */
  owingFen: number;
  /** Why the stay was free, e.g. `specialVehicle:police`, `allowListed:mallStaff`. */
  exemption?: string;
}

/**
 * Writes one projected session. For a closed session, `closing` is what it owes; null keeps what
 * was stored (its closure did not change, e.g. only a duplicate read joined it).
 */
export const sessionUpdate = (session: Session, closing: SessionClosing | null, updatedAt: string): TransactionItem => {
  const set: Record<string, unknown> = {
    entity: 'Session',
    sessionId: session.sessionId,
    lotId: session.lotId,
    plate: session.plate,
    status: session.status,
    enteredAt: session.enteredAt,
    entry: session.entry,
    duplicateReads: session.duplicateReads,
    gsi1pk: platePartitionKey(session.lotId, session.plate),
    gsi1sk: `SESSION#${utc(session.enteredAt)}`,
    updatedAt,
  };
  const closedAttributes = ['closedAt', 'closedBy', 'closedByEvent', 'owingFen', 'exemption'];
  let remove: string[];
  if (session.status === 'open') {
    Object.assign(set, { gsi2pk: openPartitionKey(session.lotId, openShardOf(session.plate)), gsi2sk: session.plate });
    remove = closedAttributes;
  } else {
    Object.assign(set, {
      closedAt: session.closedAt,
      closedBy: session.closedBy,
      closedByEvent: session.closedByEvent,
      ...(closing === null ? {} : { owingFen: closing.owingFen }),
      ...(closing?.exemption ? { exemption: closing.exemption } : {}),
    });
    remove = ['gsi2pk', 'gsi2sk', ...(closing !== null && !closing.exemption ? ['exemption'] : [])];
  }
  return { Update: { TableName: tableName(), Key: sessionKey(session.sessionId), ...updateExpression(set, remove) } };
};

/** SET and REMOVE with every attribute name escaped (several of ours are DynamoDB reserved words). */
const updateExpression = (set: Record<string, unknown>, remove: string[]) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set).map(([name, value], index) => {
    names[`#s${index}`] = name;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  const removals = remove.map((name, index) => {
    names[`#r${index}`] = name;
    return `#r${index}`;
  });
  return {
    UpdateExpression: `SET ${assignments.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};

/** A session the projection no longer has (a late, earlier read of its entry took its place). */
export const sessionDelete = (sessionId: string): TransactionItem => ({
  Delete: { TableName: tableName(), Key: sessionKey(sessionId) },
});

/** Every item of a lot's sparse sharded open-sessions index, the 8 shards read in parallel. */
const openSessionItems = async (lotId: string, projection: string): Promise<Record<string, unknown>[]> =>
  (
    await Promise.all(
      Array.from({ length: openSessionShards }, (_, shard) =>
        queryAll({
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': openPartitionKey(lotId, shard) },
          ProjectionExpression: projection,
        }),
      ),
    )
  ).flat();

/**
 * The plates with an open session in a lot, from the sparse sharded index (eventually
 * consistent: a session opened a moment ago may be missing, one closed a moment ago present).
 */
export const openSessionPlates = async (lotId: string): Promise<string[]> => [
  ...new Set((await openSessionItems(lotId, 'gsi2sk')).map((item) => String(item.gsi2sk))),
];

/**
 * A lot's open sessions that entered at or after `since`, from the same sharded index
 * (eventually consistent, like openSessionPlates). Entry times carry the camera's offset, so
 * they are compared as instants here, not as strings in a filter.
 */
export const openSessionsEnteredSince = async (lotId: string, since: Date): Promise<Pick<Session, 'sessionId' | 'plate' | 'enteredAt'>[]> =>
  (await openSessionItems(lotId, 'sessionId, plate, enteredAt'))
    .map((item) => ({ sessionId: String(item.sessionId), plate: String(item.plate), enteredAt: String(item.enteredAt) }))
    .filter((session) => Date.parse(session.enteredAt) >= since.getTime());
