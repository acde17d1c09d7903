/**
 * The `club` function group (issue 6): drivers join with a bound plate and a verified phone and
 * see their member cards and points; club admins (IAM) configure a lot's club and approve,
 * reject, suspend or reinstate memberships (audited); a lot's operators look up the member of a
 * plate. Benefits themselves are applied by the exit camera and the quote
 * (functions/club/visitBenefits.ts). Requests and answers are shared/club's schemas.
 */
import { z } from 'zod';
import { requireAdmin, requireDriver, requireOperator } from '../../shared/access/index.js';
import {
  autoRedeemRequestSchema,
  clubAdminDecisionRequestSchema,
  clubAdminDecisions,
  clubIdSchema,
  joinClubRequestSchema,
  memberCardSchema,
  memberCardsSchema,
  pointsHistorySchema,
} from '../../shared/club/index.js';
import { principalOf } from '../access/index.js';
import { created, httpApi, ok, route } from '../http/index.js';
import {
  applyAdminAction,
  cancelOwnMembership,
  configureClub,
  driverCards,
  driverPointsHistory,
  joinWithPlate,
  lookUpMember,
  setOwnAutoRedeem,
} from './memberActions.js';
import { requireClubConfig } from './memberships.js';

const lotPath = z.object({ lotId: clubIdSchema });
const membershipPath = z.object({ membershipId: clubIdSchema });
const platePath = lotPath.extend({ plate: z.string().min(1).max(32) });

export const handler = httpApi({
  'POST /driver/memberships': route({ body: joinClubRequestSchema }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    const { card, joined } = await joinWithPlate({ driverId: driver.driverId, ...request.body, now: new Date() });
    return (joined ? created : ok)(memberCardSchema.parse(card));
  }),

  'GET /driver/memberships': route(async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    return ok(memberCardsSchema.parse({ memberships: await driverCards(driver.driverId, new Date()) }));
  }),

  'GET /driver/memberships/{membershipId}/points': route({ path: membershipPath }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    return ok(pointsHistorySchema.parse(await driverPointsHistory(driver.driverId, request.path.membershipId)));
  }),

  'POST /driver/memberships/{membershipId}/cancel': route({ path: membershipPath }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    return ok(memberCardSchema.parse(await cancelOwnMembership(driver.driverId, request.path.membershipId, new Date())));
  }),

  'PUT /driver/memberships/{membershipId}/auto-redeem': route({ path: membershipPath, body: autoRedeemRequestSchema }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    return ok(memberCardSchema.parse(await setOwnAutoRedeem(driver.driverId, request.path.membershipId, request.body.on, new Date())));
  }),

  'PUT /admin/lots/{lotId}/club': route({ path: lotPath, body: z.record(z.string(), z.unknown()) }, async (request) => {
    const admin = requireAdmin(await principalOf(request.event, 'iam'));
    return ok(await configureClub({ lotId: request.path.lotId, config: request.body, adminArn: admin.arn, now: new Date() }));
  }),

  'GET /admin/lots/{lotId}/club': route({ path: lotPath }, async (request) => {
    requireAdmin(await principalOf(request.event, 'iam'));
    return ok(await requireClubConfig(request.path.lotId));
  }),

  'POST /admin/lots/{lotId}/memberships/{membershipId}/{action}': route(
    {
      path: lotPath.extend({ membershipId: clubIdSchema, action: z.enum(clubAdminDecisions) }),
      body: clubAdminDecisionRequestSchema,
    },
    async (request) => {
      const admin = requireAdmin(await principalOf(request.event, 'iam'));
      const { lotId, membershipId, action } = request.path;
      return ok(memberCardSchema.parse(await applyAdminAction({ lotId, membershipId, action, reason: request.body.reason, adminArn: admin.arn, now: new Date() })));
    },
  ),

  'GET /lots/{lotId}/members/{plate}': route({ path: platePath }, async (request) => {
    const operator = requireOperator(await principalOf(request.event, 'operator'), request.path.lotId);
    const actor = { role: 'lotOperator' as const, operatorId: operator.operatorId, lotId: operator.lotId };
    return ok(memberCardSchema.parse(await lookUpMember({ actor, lotId: request.path.lotId, plate: request.path.plate, now: new Date() })));
  }),
});
