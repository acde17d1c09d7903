/**
 * Driver accounts and what hangs off them, in the driver's partition:
 *   DriverAccount   pk=DRIVER#<driverId>  sk=ACCOUNT    openId, unionId, phone, plateCount, createdAt, lastLoginAt
 *                   gsi1pk=PHONE#<phone>  gsi1sk=DRIVER#<driverId>   (once a phone is verified)
 *   DriverPlate     pk=DRIVER#<driverId>  sk=PLATE#<plate>           gsi1pk=PLATE#<plate> gsi1sk=DRIVER#<driverId>
 *   LookupCounter   pk=DRIVER#<driverId>  sk=LOOKUPS#<windowStart>   hits, expiresAt (TTL)
 * `driverId` is derived from the openid (shared/drivers driverIdOf), so the account is keyed by
 * the WeChat identity without a lookup item. Binding a plate and counting it are one
 * transaction, so the maximum holds under concurrent requests.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../shared/errors/index.js';
import type { LookupLimit } from '../../shared/drivers/index.js';
import { lookupWindowOf } from '../../shared/drivers/index.js';
import { DependencyUnavailable } from '../http/index.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';

export const driverPartitionKey = (driverId: string): string => `DRIVER#${driverId}`;
const accountKey = (driverId: string) => ({ pk: driverPartitionKey(driverId), sk: 'ACCOUNT' });
const plateKey = (driverId: string, plate: string) => ({ pk: driverPartitionKey(driverId), sk: `PLATE#${plate}` });

export interface DriverAccount {
  driverId: string;
  openId: string;
  phone?: string;
  plateCount: number;
  createdAt: string;
}

/** Creates the account on first login, or notes the login; one conditional-free upsert, safe to race. */
export const recordLogin = async (login: { driverId: string; openId: string; unionId?: string }, at: Date): Promise<DriverAccount> => {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: accountKey(login.driverId),
      UpdateExpression:
        'SET entity = :entity, driverId = :driverId, openId = :openId, lastLoginAt = :at, createdAt = if_not_exists(createdAt, :at), plateCount = if_not_exists(plateCount, :zero)' +
        (login.unionId ? ', unionId = :unionId' : ''),
      ExpressionAttributeValues: {
        ':entity': 'DriverAccount',
        ':driverId': login.driverId,
        ':openId': login.openId,
        ':at': at.toISOString(),
        ':zero': 0,
        ...(login.unionId ? { ':unionId': login.unionId } : {}),
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return accountOf(Attributes ?? {});
};

const accountOf = (item: Record<string, unknown>): DriverAccount => ({
  driverId: String(item.driverId),
  openId: String(item.openId),
  ...(typeof item.phone === 'string' ? { phone: item.phone } : {}),
  plateCount: Number(item.plateCount ?? 0),
  createdAt: String(item.createdAt),
});

/** Stores the driver's verified phone number (replacing an earlier one). */
export const bindPhone = async (driverId: string, phone: string, at: Date): Promise<void> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: accountKey(driverId),
        UpdateExpression: 'SET phone = :phone, phoneVerifiedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':phone': phone, ':at': at.toISOString(), ':gsi1pk': `PHONE#${phone}`, ':gsi1sk': `DRIVER#${driverId}` },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new DomainError('UNAUTHORIZED', 'Log in again', { reason: 'noAccount' });
    throw error;
  }
};

/** The drivers who verified this phone number (usually one). */
export const driversWithPhone = async (phone: string): Promise<string[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `PHONE#${phone}`, ':prefix': 'DRIVER#' },
    }),
  );
  return (Items ?? []).filter((item) => item.entity === 'DriverAccount').map((item) => String(item.driverId));
};

export interface BoundPlate {
  plate: string;
  boundAt: string;
}

export const boundPlates = async (driverId: string): Promise<BoundPlate[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': 'PLATE#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => ({ plate: String(item.plate), boundAt: String(item.boundAt) }));
};

/** Binds a plate (binding it again changes nothing); CONFLICT past `maxPlates`. */
export const bindPlate = async (driverId: string, plate: string, maxPlates: number, at: Date): Promise<void> => {
  const outcome = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...plateKey(driverId, plate),
          entity: 'DriverPlate',
          driverId,
          plate,
          boundAt: at.toISOString(),
          gsi1pk: `PLATE#${plate}`,
          gsi1sk: `DRIVER#${driverId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: accountKey(driverId),
        UpdateExpression: 'ADD plateCount :one',
        ConditionExpression: 'attribute_exists(pk) AND plateCount < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': maxPlates },
      },
    },
  ]);
  if (outcome.committed || outcome.reasons[0] === 'ConditionalCheckFailed') return;
  if (outcome.reasons[1] === 'ConditionalCheckFailed') {
    throw new DomainError('CONFLICT', `An account can bind at most ${maxPlates} plates; remove one first`, { reason: 'tooManyPlates', maxPlates });
  }
  throw new DependencyUnavailable('storage', 'The plate could not be bound right now; try again');
};

export const unbindPlate = async (driverId: string, plate: string): Promise<void> => {
  const outcome = await transactWrite([
    { Delete: { TableName: tableName(), Key: plateKey(driverId, plate), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: tableName(),
        Key: accountKey(driverId),
        UpdateExpression: 'ADD plateCount :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    },
  ]);
  if (outcome.committed) return;
  if (outcome.reasons[0] === 'ConditionalCheckFailed') throw new DomainError('NOT_FOUND', `Plate ${plate} is not bound to this account`, { plate });
  throw new DependencyUnavailable('storage', 'The plate could not be removed right now; try again');
};

/** Counts one plate lookup; RATE_LIMITED once the driver has used this window's allowance. */
export const countPlateLookup = async (driverId: string, limit: LookupLimit, at: Date): Promise<void> => {
  const windowStart = lookupWindowOf(at, limit);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: driverPartitionKey(driverId), sk: `LOOKUPS#${windowStart}` },
        UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD hits :one',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: { ':entity': 'LookupCounter', ':expiresAt': windowStart + 2 * limit.windowSeconds, ':one': 1, ':limit': limit.limit },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('RATE_LIMITED', 'Too many plate lookups; try again in a few minutes', {
        retryAfterSeconds: windowStart + limit.windowSeconds - Math.floor(at.getTime() / 1000),
      });
    }
    throw error;
  }
};
