/**
 * Coupon items (docs/data-model.md), in the core's own shape (`couponSchema`, status `attached`
 * while on a visit):
 *   Coupon     pk=SESSION#<sessionId>         sk=COUPON#<couponId>   attached or used
 *              pk=LOT#<lotId>#PLATE#<plate>   sk=COUPON#<couponId>   waiting, or ended while waiting
 *              gsi1 LOT#<lotId>#PLATE#<plate> / COUPON#<expiresAt UTC>           a plate's coupons
 *              gsi2 LOT#<lotId>#COUPONS#<shard> / WAITING#<expiresAt UTC>#<id>    a lot's open coupons,
 *                                                 / ATTACHED#<sessionId>#<id>      sparse, 8 shards
 *   CouponRef  pk=COUPON#<couponId>           sk=REF                 couponPk: where it is now
 * The gsi2 set holds only coupons whose hold is open, so the expiry job and the lane snapshot read
 * the working set without a hot key; a coupon leaves it when it is used, expired or revoked.
 */
import { createHash } from 'node:crypto';
import { couponSchema, isCouponOpen, laneCouponsOf, type Coupon, type LaneCoupon } from '../../shared/coupons/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { sessionKey } from '../sessions/sessions.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { getMany } from '../store/getMany.js';
import { queryAll } from '../store/queryAll.js';
import { getItem } from './merchantRecords.js';

const openCouponShards = 8;

const shardOf = (couponId: string): number => createHash('sha256').update(couponId).digest()[0]! % openCouponShards;
const openCouponsPartition = (lotId: string, shard: number): string => `LOT#${lotId}#COUPONS#${shard}`;
const utc = (instant: string): string => new Date(instant).toISOString();

export const couponSortKey = (couponId: string): string => `COUPON#${couponId}`;

/** Where a coupon lives: under its visit once attached, under its plate before. */
export const couponPartition = (coupon: Pick<Coupon, 'sessionId' | 'lotId' | 'plate'>): string =>
  coupon.sessionId === null ? platePartitionKey(coupon.lotId, coupon.plate) : sessionKey(coupon.sessionId).pk;

export const couponItem = (coupon: Coupon): Record<string, unknown> => ({
  pk: couponPartition(coupon),
  sk: couponSortKey(coupon.couponId),
  entity: 'Coupon',
  ...coupon,
  gsi1pk: platePartitionKey(coupon.lotId, coupon.plate),
  gsi1sk: `COUPON#${utc(coupon.expiresAt)}`,
  ...(isCouponOpen(coupon)
    ? {
        gsi2pk: openCouponsPartition(coupon.lotId, shardOf(coupon.couponId)),
        gsi2sk: coupon.status === 'waiting' ? `WAITING#${utc(coupon.expiresAt)}#${coupon.couponId}` : `ATTACHED#${coupon.sessionId}#${coupon.couponId}`,
      }
    : {}),
});

export const couponOfItem = (item: Record<string, unknown>): Coupon => {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...fields } = item;
  return parseOrThrow(couponSchema, fields, `coupon ${String(item.couponId)}`);
};

export const isCouponItem = (item: Record<string, unknown>): boolean => item.entity === 'Coupon';

export const couponRefKey = (couponId: string) => ({ pk: `COUPON#${couponId}`, sk: 'REF' });

/** The coupon's ref, pointing at where it is (a new coupon's, or one that moved). */
export const couponRefPut = (coupon: Coupon, condition?: 'new'): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...couponRefKey(coupon.couponId), entity: 'CouponRef', couponPk: couponPartition(coupon), merchantId: coupon.merchantId },
    ...(condition === 'new' ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
  },
});

/**
 * The coupon in its new state, written only if it is still as read (`from`): the condition that
 * makes a capture, release, attachment or revocation happen once, whoever races it. A coupon
 * that changes partition (attached at entry) is deleted where it was and put where it goes.
 */
export const couponTransition = (from: Coupon, to: Coupon): TransactionItem[] => {
  const condition = { ConditionExpression: '#status = :read', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':read': from.status } };
  const item = couponItem(to);
  if (couponPartition(from) === item.pk) return [{ Put: { TableName: tableName(), Item: item, ...condition } }];
  return [
    { Delete: { TableName: tableName(), Key: { pk: couponPartition(from), sk: couponSortKey(from.couponId) }, ...condition } },
    { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    couponRefPut(to),
  ];
};

/** A coupon by id, wherever it is now (visit or plate). */
export const loadCoupon = async (couponId: string): Promise<Coupon | undefined> => {
  const ref = await getItem(couponRefKey(couponId));
  if (ref === undefined) return undefined;
  const item = await getItem({ pk: String(ref.couponPk), sk: couponSortKey(couponId) });
  return item === undefined ? undefined : couponOfItem(item);
};

/** These coupons as they are now (attached, used, revoked, …); one that cannot be found stays as given. */
export const currentCoupons = async (coupons: readonly Coupon[]): Promise<Coupon[]> => {
  const refs = await getMany(coupons.map((coupon) => couponRefKey(coupon.couponId)));
  const places = refs.map((ref) => ({ pk: String(ref.couponPk), sk: couponSortKey(String(ref.pk).slice('COUPON#'.length)) }));
  const now = new Map((await getMany(places)).map((item) => couponOfItem(item)).map((coupon) => [coupon.couponId, coupon]));
  return coupons.map((coupon) => now.get(coupon.couponId) ?? coupon);
};

/** The coupons under a partition (a visit's or a plate's), read consistently. */
export const couponsUnder = async (pk: string): Promise<Coupon[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :coupon)',
      ExpressionAttributeValues: { ':pk': pk, ':coupon': 'COUPON#' },
      ConsistentRead: true,
    })
  )
    .filter(isCouponItem)
    .map(couponOfItem);

/**
 * A lot's open coupons from the sparse index (eventually consistent): `waiting` ones, optionally
 * only those whose deadline is at or before `deadlineBy`, or `attached` ones.
 */
export const openCouponsOfLot = async (lotId: string, status: 'waiting' | 'attached', deadlineBy?: Date): Promise<Coupon[]> => {
  const prefix = status === 'waiting' ? 'WAITING#' : 'ATTACHED#';
  const range =
    deadlineBy === undefined
      ? { condition: 'begins_with(gsi2sk, :from)', values: { ':from': prefix } }
      : { condition: 'gsi2sk BETWEEN :from AND :to', values: { ':from': prefix, ':to': `${prefix}${deadlineBy.toISOString()}#~` } };
  const shards = await Promise.all(
    Array.from({ length: openCouponShards }, (_, shard) =>
      queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: `gsi2pk = :pk AND ${range.condition}`,
        ExpressionAttributeValues: { ':pk': openCouponsPartition(lotId, shard), ...range.values },
      }),
    ),
  );
  return shards.flat().map(couponOfItem);
};

/** The coupons a lot's lane devices cache for offline exits (`GET /device/config`). */
export const laneCoupons = async (lotId: string, now: Date): Promise<LaneCoupon[]> => {
  const [attached, waiting] = await Promise.all([openCouponsOfLot(lotId, 'attached'), openCouponsOfLot(lotId, 'waiting')]);
  return laneCouponsOf([...attached, ...waiting], now);
};
