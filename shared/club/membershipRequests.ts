import { z } from 'zod';
import { clubIdSchema } from './clubConfig.js';

/*
 * What the mini-program and the admin CLI send to the club's routes (functions/club/handler.ts);
 * the answers are memberCard.ts' schemas.
 */

/** `POST /driver/memberships`: join the lot's club with one of the driver's bound plates. */
export const joinClubRequestSchema = z.object({ lotId: clubIdSchema, plate: z.string().min(1).max(32) });
export type JoinClubRequest = z.infer<typeof joinClubRequestSchema>;

/** `PUT /driver/memberships/{membershipId}/auto-redeem`. */
export const autoRedeemRequestSchema = z.object({ on: z.boolean() });
export type AutoRedeemRequest = z.infer<typeof autoRedeemRequestSchema>;

/** What a club admin decides on a membership (`POST /admin/lots/{lotId}/memberships/{membershipId}/{action}`). */
export const clubAdminDecisions = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type ClubAdminDecision = (typeof clubAdminDecisions)[number];

/** The decision's reason, kept on the membership and in the lot's audit trail. */
export const clubAdminDecisionRequestSchema = z.object({ reason: z.string().trim().min(1).max(200) });
