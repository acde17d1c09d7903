/**
 * A plate's event stream in a lot and its head item, in the plate's own partition:
 *   PlateHead   pk=LOT#<lotId>#PLATE#<plate>  sk=HEAD                 version, openSessionId
 *   PlateEvent  pk=LOT#<lotId>#PLATE#<plate>  sk=EVENT#<kind>#<laneId>#<eventId>
 * Sessions are a projection of the stream (shared/sessions). Every change to a plate's stream is
 * one transaction conditional on the head's `version`, so two events for one plate can never
 * both build on the same history: the loser sees a failed condition, reloads and decides again.
 */
import { parseOrThrow } from '../../shared/errors/index.js';
import { plateEventSchema, type PlateEvent } from '../../shared/sessions/index.js';
import { tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import type { TransactionItem } from './transactWrite.js';

export const platePartitionKey = (lotId: string, plate: string): string => `LOT#${lotId}#PLATE#${plate}`;

const headSortKey = 'HEAD';
const eventSortKeyPrefix = 'EVENT#';

/** The sort key of one record; the same record again has the same key, so it is stored once. */
export const plateEventSortKey = (event: PlateEvent): string =>
  event.kind === 'operatorClose'
    ? `${eventSortKeyPrefix}operatorClose#${event.eventId}`
    : `${eventSortKeyPrefix}${event.kind}#${event.laneId}#${event.eventId}`;

export interface PlateStream {
  lotId: string;
  plate: string;
  /** 0 when the plate has never been seen in this lot. */
  version: number;
  openSessionId: string | null;
  events: PlateEvent[];
}

/** The head and every recorded event of a plate, read consistently (the stream decides sessions). */
export const loadPlateStream = async (lotId: string, plate: string): Promise<PlateStream> => {
  const stream: PlateStream = { lotId, plate, version: 0, openSessionId: null, events: [] };
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': platePartitionKey(lotId, plate), ':from': eventSortKeyPrefix, ':to': headSortKey },
    ConsistentRead: true,
  });
  for (const item of items) {
    if (item.sk === headSortKey) {
      stream.version = Number(item.version);
      stream.openSessionId = typeof item.openSessionId === 'string' ? item.openSessionId : null;
    } else if (String(item.sk).startsWith(eventSortKeyPrefix)) {
      stream.events.push(parseOrThrow(plateEventSchema, item, `stored event ${String(item.sk)}`));
    }
  }
  return stream;
};

/** Appends a record to its plate's stream (never overwriting one already there). */
export const plateEventPut = (lotId: string, event: PlateEvent, recordedAt: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: { pk: platePartitionKey(lotId, event.plate), sk: plateEventSortKey(event), entity: 'PlateEvent', lotId, ...event, recordedAt },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Moves the head to `stream.version + 1`, on the condition that nobody moved it since `stream` was read. */
export const plateHeadPut = (stream: PlateStream, openSessionId: string | null, updatedAt: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: platePartitionKey(stream.lotId, stream.plate),
      sk: headSortKey,
      entity: 'PlateHead',
      lotId: stream.lotId,
      plate: stream.plate,
      version: stream.version + 1,
      ...(openSessionId === null ? {} : { openSessionId }),
      updatedAt,
    },
    ...(stream.version === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': stream.version } }),
  },
});
