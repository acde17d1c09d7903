/**
 * A driver's coupons (`GET /driver/coupons`): those of the plates the driver has bound and of
 * their temporary plates, in every lot, read from gsi1 (the plate's coupons by deadline), with
 * the merchant's name and whether each counts at the exit of the visit going on now. A driver
 * sees coupons of their own plates only, and never what the merchant pays.
 */
import { driverCouponOf, newestGrantFirst, type DriverCoupon } from '../../shared/coupons/index.js';
import { allLotIds } from '../schedules/runLotJob.js';
import { boundPlates, driverPartitionKey } from '../drivers/driverAccounts.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { queryAll } from '../store/queryAll.js';
import { couponOfItem, isCouponItem } from './couponRecords.js';
import { getItem, loadMerchant } from './merchantRecords.js';

/** The driver's temporary plates, by lot (newest first within a lot). */
const temporaryPlates = async (driverId: string): Promise<{ lotId: string; plate: string }[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': 'TEMPPLATE#' },
      ConsistentRead: true,
    })
  ).map((item) => ({ lotId: String(item.lotId), plate: String(item.plate) }));

const platesOfDriver = async (driverId: string): Promise<{ lotId: string; plate: string }[]> => {
  const [bound, temporary, lotIds] = await Promise.all([boundPlates(driverId), temporaryPlates(driverId), allLotIds()]);
  const pairs = [...bound.flatMap(({ plate }) => lotIds.map((lotId) => ({ lotId, plate }))), ...temporary];
  return [...new Map(pairs.map((pair) => [platePartitionKey(pair.lotId, pair.plate), pair])).values()];
};

export const driverCoupons = async (driverId: string, now: Date): Promise<DriverCoupon[]> => {
  const plates = await platesOfDriver(driverId);
  const perPlate = await Promise.all(
    plates.map(async ({ lotId, plate }) => {
      const pk = platePartitionKey(lotId, plate);
      const [coupons, head] = await Promise.all([
        queryAll({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :coupon)',
          ExpressionAttributeValues: { ':pk': pk, ':coupon': 'COUPON#' },
        }),
        getItem({ pk, sk: 'HEAD' }),
      ]);
      return { coupons: coupons.filter(isCouponItem).map(couponOfItem), openSessionId: typeof head?.openSessionId === 'string' ? head.openSessionId : null };
    }),
  );
  const openSessionIds = new Set(perPlate.flatMap(({ openSessionId }) => (openSessionId === null ? [] : [openSessionId])));
  const coupons = perPlate.flatMap(({ coupons: found }) => found);
  const names = new Map(
    await Promise.all([...new Set(coupons.map((coupon) => coupon.merchantId))].map(async (merchantId) => [merchantId, (await loadMerchant(merchantId)).name] as const)),
  );
  return coupons.sort(newestGrantFirst).map((coupon) => driverCouponOf(coupon, names.get(coupon.merchantId) ?? coupon.merchantId, { openSessionIds, now }));
};
