/**
 * What the lanes keep of the club for offline exits (`GET /device/config`): the snapshot of each
 * ACTIVE member of the lot, by plate. It holds no counters (quota, points), so it changes only
 * when a membership's status, tier or validity does, and the config's ETag stays put otherwise.
 */
import { memberSnapshot, tierById, type MemberSnapshot } from '../../shared/club/index.js';
import { loadClubConfig, lotMembers } from './memberships.js';

export const laneMemberSnapshots = async (lotId: string): Promise<MemberSnapshot[]> => {
  const config = await loadClubConfig(lotId);
  if (config === null) return [];
  return (await lotMembers(lotId))
    .filter((membership) => membership.status === 'ACTIVE')
    .map((membership) => memberSnapshot(membership, tierById(config, membership.tierId)))
    .sort((a, b) => (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : 0));
};
