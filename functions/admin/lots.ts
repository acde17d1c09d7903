/**
 * Lots and their lanes, as items a person can read in the console (docs/data-model.md):
 *   Lot   pk=LOT#<lotId>  sk=LOT             gsi1pk=LOTS  gsi1sk=<lotId>  (every lot: schedules, the admin API)
 *   Lane  pk=LOT#<lotId>  sk=LANE#<laneId>
 * Created once each (`attribute_not_exists`), with the audit entry. A lot's settings (name,
 * capacity, coupon policy, holidays) change conditional on its `version`; lanes are never rewritten.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminPrincipal } from '../../shared/access/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import {
  adminAuditEntry,
  changeLotSettings,
  laneSchema,
  lotSchema,
  type Lane,
  type Lot,
  type LotSettingsChange,
  type NewLane,
  type NewLot,
} from '../../shared/lots/index.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { adminAct, writeAudited } from './auditedWrite.js';

export const lotKey = (lotId: string) => ({ pk: `LOT#${lotId}`, sk: 'LOT' });
export const laneKey = (lotId: string, laneId: string) => ({ pk: `LOT#${lotId}`, sk: `LANE#${laneId}` });

const lotItemFields = ({ lotId, name, timezone, capacity, couponPolicy, holidays, createdAt, version }: Record<string, unknown>) => ({
  lotId,
  name,
  timezone,
  capacity,
  // A lot from before these settings reads with the defaults its readers apply (loadMerchantLot).
  couponPolicy: couponPolicy ?? {},
  holidays: holidays ?? [],
  createdAt,
  version,
});

const lotOfItem = (item: Record<string, unknown>): Lot => parseOrThrow(lotSchema, lotItemFields(item), `lot ${String(item.lotId)}`);

const laneOfItem = (item: Record<string, unknown>): Lane =>
  parseOrThrow(laneSchema, { lotId: item.lotId, laneId: item.laneId, name: item.name, direction: item.direction, createdAt: item.createdAt }, `lane ${String(item.sk)}`);

export const lotNotFound = (lotId: string): DomainError => new DomainError('NOT_FOUND', `No lot ${lotId}`, { lotId });

/** A condition that the lot exists, for a change that belongs to it. */
export const lotExists = (lotId: string): TransactionItem => ({
  ConditionCheck: { TableName: tableName(), Key: lotKey(lotId), ConditionExpression: 'attribute_exists(pk)' },
});

export const findLot = async (lotId: string): Promise<Lot> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: lotKey(lotId), ConsistentRead: true }));
  if (Item === undefined) throw lotNotFound(lotId);
  return lotOfItem(Item);
};

export const listLots = async (): Promise<Lot[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :lots',
      ExpressionAttributeValues: { ':lots': 'LOTS' },
    })
  ).map(lotOfItem);

export const createLot = async (admin: AdminPrincipal, request: NewLot & { reason: string }): Promise<Lot> => {
  const { reason, ...settings } = request;
  const act = adminAct(admin, settings.lotId, reason);
  const lot: Lot = { ...settings, createdAt: act.at, version: 0 };
  const put: TransactionItem = {
    Put: {
      TableName: tableName(),
      Item: { ...lotKey(lot.lotId), entity: 'Lot', gsi1pk: 'LOTS', gsi1sk: lot.lotId, ...lot },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  await writeAudited(adminAuditEntry(act, 'createLot', { details: { name: lot.name, capacity: lot.capacity } }), [put], () =>
    new DomainError('CONFLICT', `Lot ${lot.lotId} exists already`, { lotId: lot.lotId }),
  );
  return lot;
};

const lotChangedMeanwhile = (lotId: string, version: number): DomainError =>
  new DomainError('CONFLICT', `Lot ${lotId} was changed meanwhile (now version ${version}); look at it again`, { reason: 'lotChanged', lotId, version });

/** Name, capacity, coupon policy and holidays, from the version read (or the one the administrator saw), audited. */
export const changeLot = async (admin: AdminPrincipal, lotId: string, request: LotSettingsChange & { reason: string }): Promise<Lot> => {
  const { reason, ...change } = request;
  const current = await findLot(lotId);
  if (change.version !== undefined && change.version !== current.version) throw lotChangedMeanwhile(lotId, current.version);
  const lot = changeLotSettings(current, change);
  const act = adminAct(admin, lotId, reason);
  const update: TransactionItem = {
    Update: {
      TableName: tableName(),
      Key: lotKey(lotId),
      UpdateExpression: 'SET #name = :name, #capacity = :capacity, couponPolicy = :couponPolicy, holidays = :holidays, #version = :next, settingsChangedAt = :at',
      // Lots from before versions have none: version 0.
      ConditionExpression: current.version === 0 ? 'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :read)' : '#version = :read',
      ExpressionAttributeNames: { '#name': 'name', '#capacity': 'capacity', '#version': 'version' },
      ExpressionAttributeValues: {
        ':name': lot.name,
        ':capacity': lot.capacity,
        ':couponPolicy': lot.couponPolicy,
        ':holidays': lot.holidays,
        ':next': lot.version,
        ':read': current.version,
        ':at': act.at,
      },
    },
  };
  const changed = Object.keys(change).filter((field) => field !== 'version');
  await writeAudited(adminAuditEntry(act, 'changeLotSettings', { details: { changed, change, version: lot.version } }), [update], () => lotChangedMeanwhile(lotId, current.version + 1));
  return lot;
};

export const lanesOf = async (lotId: string): Promise<Lane[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lane)',
      ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':lane': 'LANE#' },
      ConsistentRead: true,
    })
  ).map(laneOfItem);

export const findLane = async (lotId: string, laneId: string): Promise<Lane> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: laneKey(lotId, laneId), ConsistentRead: true }));
  if (Item === undefined) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no lane ${laneId}`, { lotId, laneId });
  return laneOfItem(Item);
};

export const createLane = async (admin: AdminPrincipal, lotId: string, request: NewLane & { reason: string }): Promise<Lane> => {
  const { reason, ...settings } = request;
  const act = adminAct(admin, lotId, reason);
  const lane: Lane = { ...settings, lotId, createdAt: act.at };
  const put: TransactionItem = {
    Put: {
      TableName: tableName(),
      Item: { ...laneKey(lotId, lane.laneId), entity: 'Lane', ...lane },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  await writeAudited(adminAuditEntry(act, 'createLane', { laneId: lane.laneId, details: { name: lane.name, direction: lane.direction } }), [lotExists(lotId), put], (failed) =>
    failed === 0 ? lotNotFound(lotId) : new DomainError('CONFLICT', `Lot ${lotId} has a lane ${lane.laneId} already`, { lotId, laneId: lane.laneId }),
  );
  return lane;
};
