/**
 * Commands for a lane's barrier (open after a payment, open by staff), kept for polling devices:
 *   LaneCommand  pk=LOT#<lotId>#LANE#<laneId>  sk=COMMAND#<issuedAt UTC>#<commandId>  expiresAt (TTL)
 * A command is only worth carrying out shortly after it was issued (a barrier opening minutes
 * late lets the wrong car through), so it expires after `laneCommandLifetimeSeconds`.
 *
 * Polling protocol (`GET /device/commands?after=<cursor>`): the answer lists the lane's live
 * commands after the cursor, oldest first, and the cursor of the last one. A device passes the
 * cursor of the last command it carried out; if an answer is lost it asks again with the same
 * cursor and gets the same commands (retries are idempotent). Without a cursor (first poll after
 * a start) it gets every live command and skips the commandIds it already carried out. Fetched
 * commands are marked `deliveredAt` (first fetch) for the console.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { instantSchema, laneIdSchema } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';
import { lanePartitionKey } from './deviceEventAnswers.js';

export const laneCommandSchema = z.object({
  commandId: laneIdSchema,
  lotId: laneIdSchema,
  laneId: laneIdSchema,
  kind: z.literal('open'),
  reason: z.string().min(1).max(200),
  sessionId: z.string().optional(),
  issuedAt: instantSchema,
});

export type LaneCommand = z.infer<typeof laneCommandSchema>;

export const laneCommandLifetimeSeconds = 120;

const prefix = 'COMMAND#';
const commandSortKey = (command: LaneCommand): string => `${prefix}${new Date(command.issuedAt).toISOString()}#${command.commandId}`;

export interface PolledCommand {
  command: LaneCommand;
  /** Pass back as `after` to get only later commands. */
  cursor: string;
  delivered: boolean;
}

/** Stores a command once (the same command again changes nothing). */
export const saveLaneCommand = async (command: LaneCommand): Promise<void> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: lanePartitionKey(command.lotId, command.laneId),
          sk: commandSortKey(command),
          entity: 'LaneCommand',
          ...command,
          expiresAt: Math.floor(Date.parse(command.issuedAt) / 1000) + laneCommandLifetimeSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** Live commands of a lane after `cursor` (without one: all live commands), oldest first. */
export const laneCommandsAfter = async (lotId: string, laneId: string, cursor: string | null, now: Date): Promise<PolledCommand[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      // '$' follows '#': the upper bound of every COMMAND# key.
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: {
        ':pk': lanePartitionKey(lotId, laneId),
        ':from': cursor ?? prefix,
        ':to': 'COMMAND$',
        ':now': Math.floor(now.getTime() / 1000),
      },
      ConsistentRead: true,
    }),
  );
  return (Items ?? [])
    .filter((item) => item.sk !== cursor)
    .map((item) => ({ command: laneCommandSchema.parse(item), cursor: String(item.sk), delivered: item.deliveredAt !== undefined }));
};

/** Marks fetched commands delivered (the first fetch wins; later fetches leave it as it was). */
export const markLaneCommandsDelivered = async (commands: readonly PolledCommand[], deviceId: string, at: Date): Promise<void> => {
  await Promise.all(
    commands
      .filter((polled) => !polled.delivered)
      .map(async ({ command, cursor }) => {
        try {
          await documentClient.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk: lanePartitionKey(command.lotId, command.laneId), sk: cursor },
              UpdateExpression: 'SET deliveredAt = :at, deliveredTo = :device',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deliveredAt)',
              ExpressionAttributeValues: { ':at': at.toISOString(), ':device': deviceId },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }),
  );
};
