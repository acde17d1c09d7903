/**
 * Each lane event with the answer the barrier got, so a repeated event gets the same answer and
 * changes nothing (eventIds are unique per lane, so the lane keys them, whichever device sent it):
 *   DeviceEvent  pk=LOT#<lotId>#LANE#<laneId>  sk=EVENT#<eventId>
 * Written in the same transaction as the event's effects, on `attribute_not_exists`: a second
 * copy of the event racing the first fails there and reads the first one's answer.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrThrow } from '../../shared/errors/index.js';
import { laneDecisionSchema, type DeviceEvent, type LaneDecision, type LaneMode } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';
import type { TransactionItem } from './transactWrite.js';

export const lanePartitionKey = (lotId: string, laneId: string): string => `LOT#${lotId}#LANE#${laneId}`;

const answerKey = (lotId: string, laneId: string, eventId: string) => ({ pk: lanePartitionKey(lotId, laneId), sk: `EVENT#${eventId}` });

export interface AnsweredEvent {
  lotId: string;
  deviceId: string;
  event: DeviceEvent;
  mode: LaneMode;
  answer: LaneDecision;
  answeredAt: string;
}

/** The stored answer to an event, if it was answered before. */
export const storedAnswer = async (lotId: string, laneId: string, eventId: string): Promise<LaneDecision | null> => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: answerKey(lotId, laneId, eventId), ConsistentRead: true }),
  );
  if (Item === undefined) return null;
  return parseOrThrow(
    laneDecisionSchema,
    { decision: Item.decision, sessionId: Item.sessionId, due: Item.dueFen, display: Item.display },
    `answer to ${eventId}`,
  );
};

export const answerPut = ({ lotId, deviceId, event, mode, answer, answeredAt }: AnsweredEvent): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...answerKey(lotId, event.laneId, event.eventId),
      entity: 'DeviceEvent',
      lotId,
      laneId: event.laneId,
      eventId: event.eventId,
      deviceId,
      type: event.type,
      readPlate: event.plate,
      plateColor: event.plateColor,
      confidence: event.confidence,
      phone: event.phone,
      at: event.at,
      mode,
      decision: answer.decision,
      sessionId: answer.sessionId,
      dueFen: answer.due,
      display: answer.display,
      answeredAt,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
