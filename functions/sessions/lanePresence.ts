/**
 * The vehicle waiting at an exit lane (shared/sessions `LanePresence`), one item per lane that
 * the next car overwrites:
 *   LanePresence  pk=LOT#<lotId>#LANE#<laneId>  sk=PRESENT   expiresAt (TTL)
 * DynamoDB deletes expired items late, so readers also compare `expiresAt` with the clock.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrThrow } from '../../shared/errors/index.js';
import { lanePresenceSchema, type LanePresence } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';
import { lanePartitionKey } from './deviceEventAnswers.js';
import type { TransactionItem } from './transactWrite.js';

const presenceKey = (lotId: string, laneId: string) => ({ pk: lanePartitionKey(lotId, laneId), sk: 'PRESENT' });

export const lanePresencePut = (presence: LanePresence, recordedAt: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...presenceKey(presence.lotId, presence.laneId), entity: 'LanePresence', ...presence, recordedAt },
  },
});

/** The car at the lane now, or null when the lane is empty (or its presence has expired). */
export const currentLanePresence = async (lotId: string, laneId: string, now: Date): Promise<LanePresence | null> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: presenceKey(lotId, laneId), ConsistentRead: true }));
  if (Item === undefined) return null;
  const presence = parseOrThrow(lanePresenceSchema, Item, `presence at ${laneId}`);
  return presence.expiresAt * 1000 > now.getTime() ? presence : null;
};
