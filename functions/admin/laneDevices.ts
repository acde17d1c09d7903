/**
 * Lane devices as administrators manage them: issue one for a lane, rotate its secret, disable or
 * enable it, list a lot's. The Device item is the one the signature check reads
 * (functions/devices/devices.ts), with gsi1 for "the devices of a lot":
 *   Device  pk=DEVICE#<deviceId>  sk=DEVICE  gsi1pk=DEVICES#<lotId>  gsi1sk=<deviceId>
 * The secret is never stored: it is derived from the master key and `secretVersion`
 * (docs/decisions/0005) and shown to the administrator only in the answer that made it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AdminPrincipal } from '../../shared/access/index.js';
import { deriveDeviceSecret } from '../../shared/devices/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { adminAuditEntry, laneDeviceSchema, registerDevice, rotateDeviceSecret, type RegisteredDevice } from '../../shared/lots/index.js';
import { deviceMasterKey } from '../devices/deviceMasterKey.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { answeredMeanwhile, answerPut, previousAnswer, type IdempotentRequest } from '../store/idempotentAnswers.js';
import { queryAll } from '../store/queryAll.js';
import { adminAct, writeAudited } from './auditedWrite.js';
import { findLane } from './lots.js';

const deviceKey = (deviceId: string) => ({ pk: `DEVICE#${deviceId}`, sk: 'DEVICE' });
export const lotDevicesKey = (lotId: string): string => `DEVICES#${lotId}`;

/** A device with the secret it signs with, as shown once to the administrator who issued or rotated it. */
export interface DeviceCredentials {
  device: RegisteredDevice;
  secret: string;
}

const deviceOfItem = (item: Record<string, unknown>): RegisteredDevice => {
  const { deviceId, lotId, laneId, direction, secretVersion, status, createdAt } = item;
  return parseOrThrow(laneDeviceSchema, { deviceId, lotId, laneId, direction, secretVersion, status, createdAt }, `device ${String(deviceId)}`);
};

const credentialsOf = async (device: RegisteredDevice): Promise<DeviceCredentials> => ({
  device,
  secret: deriveDeviceSecret(await deviceMasterKey(), device.deviceId, device.secretVersion),
});

const deviceNotFound = (deviceId: string): DomainError => new DomainError('NOT_FOUND', `No device ${deviceId}`, { deviceId });

export const findRegisteredDevice = async (deviceId: string): Promise<RegisteredDevice> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: deviceKey(deviceId), ConsistentRead: true }));
  if (Item === undefined) throw deviceNotFound(deviceId);
  return deviceOfItem(Item);
};

export const devicesOf = async (lotId: string): Promise<RegisteredDevice[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :devices',
      ExpressionAttributeValues: { ':devices': lotDevicesKey(lotId) },
    })
  ).map(deviceOfItem);

/** 12 random hex digits: ids are public (every request names its device), so they need only be unique. */
const newDeviceId = (): string => `dev-${randomBytes(6).toString('hex')}`;

/**
 * With an Idempotency-Key, a retry answers the device the first request issued (its secret derived
 * again: the stored answer holds the device, never the secret) instead of issuing another.
 */
export const issueDevice = async (
  admin: AdminPrincipal,
  lotId: string,
  request: { laneId: string; deviceId?: string | undefined; reason: string },
  idempotency?: IdempotentRequest,
): Promise<{ credentials: DeviceCredentials; replayed: boolean }> => {
  const issued = idempotency === undefined ? undefined : await previousAnswer<RegisteredDevice>(idempotency);
  if (issued !== undefined) return { credentials: await credentialsOf(laneDeviceSchema.parse(issued)), replayed: true };
  const lane = await findLane(lotId, request.laneId);
  const act = adminAct(admin, lotId, request.reason);
  const device = registerDevice(lane, request.deviceId ?? newDeviceId(), act.at);
  const put: TransactionItem = {
    Put: {
      TableName: tableName(),
      Item: { ...deviceKey(device.deviceId), entity: 'Device', gsi1pk: lotDevicesKey(lotId), gsi1sk: device.deviceId, ...device },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const effect = idempotency === undefined ? [put] : [put, answerPut(idempotency, device, act.at)];
  await writeAudited(adminAuditEntry(act, 'issueDevice', { laneId: lane.laneId, details: { deviceId: device.deviceId } }), effect, (failed) =>
    failed === 1 && idempotency !== undefined
      ? answeredMeanwhile(idempotency)
      : new DomainError('CONFLICT', `Device ${device.deviceId} exists already`, { deviceId: device.deviceId }),
  );
  return { credentials: await credentialsOf(device), replayed: false };
};

/** The next secret version, conditional on the version read: of two rotations at once, one wins and the other is told. */
export const rotateDevice = async (admin: AdminPrincipal, deviceId: string, reason: string): Promise<DeviceCredentials> => {
  const current = await findRegisteredDevice(deviceId);
  const rotated = rotateDeviceSecret(current);
  const act = adminAct(admin, current.lotId, reason);
  const update: TransactionItem = {
    Update: {
      TableName: tableName(),
      Key: deviceKey(deviceId),
      UpdateExpression: 'SET secretVersion = :next, rotatedAt = :at',
      ConditionExpression: 'secretVersion = :current',
      ExpressionAttributeValues: { ':next': rotated.secretVersion, ':current': current.secretVersion, ':at': act.at },
    },
  };
  const audit = adminAuditEntry(act, 'rotateDeviceSecret', {
    laneId: current.laneId,
    details: { deviceId, secretVersion: rotated.secretVersion },
  });
  await writeAudited(audit, [update], () => new DomainError('CONFLICT', `Device ${deviceId} was rotated meanwhile; look at it again`, { deviceId }));
  return credentialsOf(rotated);
};

export const setDeviceStatus = async (
  admin: AdminPrincipal,
  deviceId: string,
  status: RegisteredDevice['status'],
  reason: string,
): Promise<RegisteredDevice> => {
  const current = await findRegisteredDevice(deviceId);
  const act = adminAct(admin, current.lotId, reason);
  const update: TransactionItem = {
    Update: {
      TableName: tableName(),
      Key: deviceKey(deviceId),
      UpdateExpression: 'SET #status = :status, statusChangedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':at': act.at },
    },
  };
  const action = status === 'disabled' ? 'disableDevice' : 'enableDevice';
  await writeAudited(adminAuditEntry(act, action, { laneId: current.laneId, details: { deviceId } }), [update], () => deviceNotFound(deviceId));
  return { ...current, status };
};
