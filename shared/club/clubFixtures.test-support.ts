/** Members and stays for the club tests, on the demo club (silver 30 min, gold 60 + 2 h/month, platinum 120 + 5 h/month). */
import { designTariff } from '../fees/designTariff.test-support.js';
import { demoClubConfig, type ClubConfig } from './clubConfig.js';
import { joinClub, type Membership } from './membership.js';

export const config = demoClubConfig;
export const zone = 'Asia/Shanghai';
export const owner = { driverId: 'drv-owner', verifiedPhone: '13800138000' };
export const clubAdmin = { role: 'clubAdmin', actorId: 'arn:aws:iam::123456789012:user/club' } as const;

/** A new ACTIVE member who joined at `at`, with any fields changed. */
export const member = (at = '2026-01-10T12:00:00+08:00', changes: Partial<Membership> = {}, clubConfig: ClubConfig = config): Membership => {
  const outcome = joinClub({ membershipId: 'mem-1', driver: owner, plate: '粤B12345', existing: null, driverPlates: 0, config: clubConfig, at });
  if (outcome.kind !== 'joined') throw new Error('fixture join failed');
  return { ...outcome.membership, ...changes };
};

/** A `parkade quote` request on DESIGN.md's tariff (free 15 min, first hour ¥5, then ¥2 per 30 min by day). */
export const stay = (enteredAt: string, exitAt: string, extra: { coupons?: unknown[]; payments?: unknown[]; exempt?: boolean } = {}) => ({
  tariff: designTariff,
  vehicleClass: 'default',
  enteredAt,
  exitAt,
  ...extra,
});
