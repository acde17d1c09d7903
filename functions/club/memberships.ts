/**
 * Memberships, their points and the club's configuration as items (design: shared/club/index.ts,
 * ADAPTER; keys in docs/data-model.md):
 *   ClubConfig      pk=LOT#<lotId>                 sk=CLUB            config (clubConfigSchema)
 *   Membership      pk=LOT#<lotId>#PLATE#<plate>   sk=MEMBERSHIP      the plate's current membership
 *                   gsi1pk=DRIVER#<driverId>  gsi1sk=MEMBERSHIP#<lotId>#<plate>      (a driver's memberships)
 *                   gsi2pk=LOT#<lotId>#MEMBERS#<shard>  gsi2sk=<plate>              (live members only)
 *   EndedMembership pk=LOT#<lotId>#PLATE#<plate>   sk=MEMBERSHIP#ENDED#<membershipId>  (replaced by a new join)
 *   MembershipRef   pk=MEMBERSHIP#<membershipId>   sk=REF             lotId, plate
 *   PointsEntry     pk=MEMBERSHIP#<membershipId>   sk=POINTS#<entryId>
 *   DriverClubPlates pk=DRIVER#<driverId>          sk=CLUB#<lotId>    livePlates
 * Every membership write is conditional on the version read; its points entry (if any) is
 * created in the same transaction on `attribute_not_exists`, so the balance is always the sum.
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  clubConfigSchema,
  isLive,
  membershipSchema,
  pointsEntrySchema,
  type ClubConfig,
  type Membership,
  type MembershipChange,
  type PointsEntry,
} from '../../shared/club/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';

/** The lot's members are spread over this many index partitions, like its open sessions. */
const memberShards = 8;

const memberShardOf = (plate: string): number => createHash('sha256').update(plate).digest()[0]! % memberShards;
const membersPartitionKey = (lotId: string, shard: number): string => `LOT#${lotId}#MEMBERS#${shard}`;
export const membershipKey = (lotId: string, plate: string) => ({ pk: platePartitionKey(lotId, plate), sk: 'MEMBERSHIP' });
export const membershipPartitionKey = (membershipId: string): string => `MEMBERSHIP#${membershipId}`;
const refKey = (membershipId: string) => ({ pk: membershipPartitionKey(membershipId), sk: 'REF' });
const clubConfigKey = (lotId: string) => ({ pk: `LOT#${lotId}`, sk: 'CLUB' });
const driverClubKey = (driverId: string, lotId: string) => ({ pk: `DRIVER#${driverId}`, sk: `CLUB#${lotId}` });

/** One item, read consistently (the club decides on what it reads). */
export const readItem = async (Key: Record<string, string>): Promise<Record<string, unknown> | undefined> =>
  (await documentClient.send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))).Item;

/** The lot's club; null when the lot has none. */
export const loadClubConfig = async (lotId: string): Promise<ClubConfig | null> => {
  const item = await readItem(clubConfigKey(lotId));
  return item === undefined ? null : parseOrThrow(clubConfigSchema, item.config, `club config of ${lotId}`);
};

export const requireClubConfig = async (lotId: string): Promise<ClubConfig> => {
  const config = await loadClubConfig(lotId);
  if (config === null) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no club`, { lotId });
  return config;
};

/** The lot's club configuration (already validated by the core), replacing the one before. */
export const clubConfigPut = (config: ClubConfig, by: string, at: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...clubConfigKey(config.lotId), entity: 'ClubConfig', lotId: config.lotId, config, updatedBy: by, updatedAt: at },
  },
});

const membershipOf = (item: Record<string, unknown>): Membership => parseOrThrow(membershipSchema, item, `membership ${String(item.membershipId)}`);

/** The plate's current membership in the lot (live or ended), read consistently. */
export const loadMembership = async (lotId: string, plate: string): Promise<Membership | null> => {
  const item = await readItem(membershipKey(lotId, plate));
  return item === undefined ? null : membershipOf(item);
};

/** A membership by id; NOT_FOUND when there is none (or its plate has joined again since). */
export const membershipById = async (membershipId: string): Promise<Membership> => {
  const ref = await readItem(refKey(membershipId));
  const membership = ref === undefined ? null : await loadMembership(String(ref.lotId), String(ref.plate));
  if (membership === null || membership.membershipId !== membershipId) {
    throw new DomainError('NOT_FOUND', `No membership ${membershipId}`, { membershipId });
  }
  return membership;
};

/** A driver's memberships in every lot (the index is eventually consistent). */
export const driverMemberships = async (driverId: string): Promise<Membership[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `DRIVER#${driverId}`, ':prefix': 'MEMBERSHIP#' },
    })
  )
    .filter((item) => item.entity === 'Membership')
    .map(membershipOf);

/** The lot's live memberships (PENDING, ACTIVE, SUSPENDED), from the sharded index. */
export const lotMembers = async (lotId: string): Promise<Membership[]> => {
  const shards = await Promise.all(
    Array.from({ length: memberShards }, (_, shard) =>
      queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': membersPartitionKey(lotId, shard) } }),
    ),
  );
  return shards.flat().map(membershipOf);
};

/** How many live memberships the driver holds in the lot. */
export const livePlatesOf = async (driverId: string, lotId: string): Promise<number> =>
  Number((await readItem(driverClubKey(driverId, lotId)))?.livePlates ?? 0);

const membershipItem = (membership: Membership, at: string): Record<string, unknown> => ({
  ...membershipKey(membership.lotId, membership.plate),
  entity: 'Membership',
  ...membership,
  gsi1pk: `DRIVER#${membership.driverId}`,
  gsi1sk: `MEMBERSHIP#${membership.lotId}#${membership.plate}`,
  ...(isLive(membership) ? { gsi2pk: membersPartitionKey(membership.lotId, memberShardOf(membership.plate)), gsi2sk: membership.plate } : {}),
  updatedAt: at,
});

/** The membership, on the version it was read at (`previous`; null for a new plate). */
export const membershipPut = (membership: Membership, previous: Membership | null, at: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: membershipItem(membership, at),
    ...(previous === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': previous.version } }),
  },
});

export const pointsEntryPut = (entry: PointsEntry, lotId: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: { pk: membershipPartitionKey(entry.membershipId), sk: `POINTS#${entry.entryId}`, entity: 'PointsEntry', lotId, ...entry },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The driver's live-plate counter moves by `delta`; a +1 only below `max`. */
export const livePlatesUpdate = (driverId: string, lotId: string, delta: 1 | -1, max?: number): TransactionItem => ({
  Update: {
    TableName: tableName(),
    Key: driverClubKey(driverId, lotId),
    UpdateExpression: 'SET entity = :entity, lotId = :lotId ADD livePlates :delta',
    ...(delta > 0 ? { ConditionExpression: 'attribute_not_exists(livePlates) OR livePlates < :max' } : {}),
    ExpressionAttributeValues: { ':entity': 'DriverClubPlates', ':lotId': lotId, ':delta': delta, ...(delta > 0 ? { ':max': max } : {}) },
  },
});

/** A new membership's items: the item (over an ended one, archived), its ref and the driver's count. */
export const joinItems = (membership: Membership, replaces: Membership | null, maxPlates: number, at: string): TransactionItem[] => [
  membershipPut(membership, replaces, at),
  livePlatesUpdate(membership.driverId, membership.lotId, 1, maxPlates),
  { Put: { TableName: tableName(), Item: { ...refKey(membership.membershipId), entity: 'MembershipRef', membershipId: membership.membershipId, lotId: membership.lotId, plate: membership.plate } } },
  ...(replaces === null
    ? []
    : [
        {
          Put: {
            TableName: tableName(),
            Item: { ...membershipItem(replaces, at), sk: `MEMBERSHIP#ENDED#${replaces.membershipId}`, entity: 'EndedMembership', gsi1pk: undefined, gsi1sk: undefined },
          },
        },
      ]),
];

/**
 * The items of a status change or schedule result (one transaction): the membership on the
 * version read, its points entry, and the driver's count down by one when the change ended it.
 */
export const changeItems = (previous: Membership, change: MembershipChange, at: string): TransactionItem[] => [
  membershipPut(change.membership, previous, at),
  ...(change.points === null ? [] : [pointsEntryPut(change.points, previous.lotId)]),
  ...(isLive(previous) && !isLive(change.membership) ? [livePlatesUpdate(previous.driverId, previous.lotId, -1)] : []),
];

/** The membership's points entries (any order). */
export const pointsEntriesOf = async (membershipId: string): Promise<PointsEntry[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': membershipPartitionKey(membershipId), ':prefix': 'POINTS#' },
      ConsistentRead: true,
    })
  ).map((item) => parseOrThrow(pointsEntrySchema, item, `points entry ${String(item.sk)}`));
