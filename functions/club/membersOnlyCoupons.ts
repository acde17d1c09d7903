/**
 * Whether a plate may get a members-only coupon template: its membership is entitled now and
 * its tier lists the template (the club admin decides which tiers get which templates).
 */
import { membersOnlyCouponAllowed } from '../../shared/club/index.js';
import { loadClubConfig, loadMembership } from './memberships.js';

export const mayGetMembersOnlyCoupon = async ({ lotId, plate, templateId, at }: { lotId: string; plate: string; templateId: string; at: string }): Promise<boolean> => {
  const [config, membership] = await Promise.all([loadClubConfig(lotId), loadMembership(lotId, plate)]);
  return config !== null && membersOnlyCouponAllowed({ membership, config, templateId, at });
};
