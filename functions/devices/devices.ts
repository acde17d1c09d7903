/**
 * The device registry and the nonces devices have used:
 *   Device  pk=DEVICE#<deviceId>  sk=DEVICE            lotId, laneId, direction, secretVersion, status
 *   Nonce   pk=DEVICE#<deviceId>  sk=NONCE#<nonce>     requestId, expiresAt (TTL)
 * No secret is stored: it is derived from the master key and `secretVersion` (rotation = + 1).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { laneIdSchema } from '../../shared/sessions/index.js';
import { documentClient, tableName } from '../store/client.js';

const deviceRecordSchema = z.object({
  deviceId: z.string().min(1),
  lotId: laneIdSchema,
  laneId: laneIdSchema,
  direction: z.enum(['entry', 'exit']),
  secretVersion: z.number().int().min(1),
  status: z.enum(['active', 'disabled']),
});

export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

const deviceKey = (deviceId: string) => ({ pk: `DEVICE#${deviceId}`, sk: 'DEVICE' });

/** The registered device, or null when there is none (or its item is not a usable device). */
export const findDevice = async (deviceId: string): Promise<DeviceRecord | null> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: deviceKey(deviceId) }));
  const parsed = deviceRecordSchema.safeParse(Item);
  return parsed.success ? parsed.data : null;
};

/**
 * Remembers a nonce until `expiresAt`; false when the device used it before. The nonce item
 * names the HTTP request that used it (API Gateway's request id), so the SDK retrying our own
 * put after DynamoDB applied it but the reply was lost finds its own request, not a replay.
 */
export const rememberNonce = async (
  { deviceId, nonce, requestId }: { deviceId: string; nonce: string; requestId: string },
  expiresAt: number,
  usedAt: Date,
): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: `DEVICE#${deviceId}`, sk: `NONCE#${nonce}`, entity: 'Nonce', deviceId, requestId, usedAt: usedAt.toISOString(), expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return error.Item?.requestId?.S === requestId;
    throw error;
  }
};
