import type { MemberCard, PointsHistory } from '@shared/club/memberCard.js';
import { driverRequest } from '../auth/driverLogin.js';

export type { MemberCard, PointsHistory };

/** The driver's member cards (shared/club memberCardsSchema). */
export const fetchMemberCards = (): Promise<{ memberships: MemberCard[] }> => driverRequest<{ memberships: MemberCard[] }>('GET', '/driver/memberships');

/** Joins the lot's club with a bound plate; needs the driver's verified phone. Joining again answers the card. */
export const joinClub = (lotId: string, plate: string): Promise<MemberCard> => driverRequest<MemberCard>('POST', '/driver/memberships', { body: { lotId, plate } });

export const fetchPointsHistory = (membershipId: string): Promise<PointsHistory> =>
  driverRequest<PointsHistory>('GET', `/driver/memberships/${encodeURIComponent(membershipId)}/points`);
