/**
 * A member's benefits for one visit (design: shared/club/index.ts, ADAPTER step 3), for the
 * exit camera, the driver's quote, orders and the sessions the projection closes:
 *   VisitGrant  pk=MEMBERSHIP#<membershipId>  sk=GRANT#<sessionId>   the grant as fixed
 *   QuotaUsage  pk=MEMBERSHIP#<membershipId>  sk=QUOTA#<yyyy-mm>     quotaMinutesUsed
 * A visit's benefits are fixed when its amount is first fixed (`settle`: an exit decision, an
 * order): ONE transaction puts the VisitGrant (`attribute_not_exists`), adds the minutes to the
 * month's counter on the condition that the quota is not exceeded, and redeems the points on the
 * membership's version. A cancelled transaction (another visit of the member took quota or
 * points meanwhile) reads again and asks `benefitsAt` again. From then on every quote, order and
 * exit of the session reuses the stored grant.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  benefitsAt,
  entitledAt,
  monthOf,
  postPoints,
  redeemPoints,
  revised,
  tierById,
  visitGrantOf,
  visitGrantSchema,
  type MonthKey,
  type MonthlyUsage,
  type VisitGrant,
} from '../../shared/club/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import type { Coupon, Payment } from '../../shared/fees/index.js';
import { sessionSchema, vehicleClassOf, type MemberBenefits } from '../../shared/sessions/index.js';
import { tariffVersionAt } from '../sessions/lotTariffs.js';
import { sessionKey } from '../sessions/sessions.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from '../store/client.js';
import { commitClubDecision } from './clubTransactions.js';
import { loadClubConfig, loadMembership, membershipPartitionKey, membershipPut, pointsEntryPut, readItem } from './memberships.js';

const grantKey = (membershipId: string, sessionId: string) => ({ pk: membershipPartitionKey(membershipId), sk: `GRANT#${sessionId}` });
const quotaKey = (membershipId: string, month: MonthKey) => ({ pk: membershipPartitionKey(membershipId), sk: `QUOTA#${month}` });

/** The member's free-hour use in a month; null when nothing was used. */
export const monthlyUsageOf = async (membershipId: string, month: MonthKey): Promise<MonthlyUsage | null> => {
  const item = await readItem(quotaKey(membershipId, month));
  return item === undefined ? null : { month, quotaMinutesUsed: Number(item.quotaMinutesUsed) };
};

/** The latest visits' grants of a membership, newest first. */
export const recentVisitGrants = async (membershipId: string, limit: number): Promise<VisitGrant[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': membershipPartitionKey(membershipId), ':prefix': 'GRANT#' },
    }),
  );
  return (Items ?? [])
    .map((item) => parseOrThrow(visitGrantSchema, item, `visit grant ${String(item.sk)}`))
    .sort((a, b) => Date.parse(b.grantedAt) - Date.parse(a.grantedAt))
    .slice(0, limit);
};

const benefitsOfGrant = (grant: Pick<VisitGrant, 'freeMinutes' | 'amountOff'>): MemberBenefits => ({
  freeMinutes: grant.freeMinutes,
  amountOff: grant.amountOff,
});

export interface VisitFee {
  /** The instant the fee is for (the exit, the quote, the order's `coversUntil`). */
  at: string;
  coupons: readonly Coupon[];
  payments: readonly Payment[];
  /** This amount is being fixed (an exit decision, an order): record the grant. */
  settle: boolean;
}

/** The member benefits of a session's visit; none for a plate that is no member of the lot's club. */
export const visitBenefits = async (sessionId: string, fee: VisitFee): Promise<MemberBenefits> => {
  const sessionItem = await readItem(sessionKey(sessionId));
  if (sessionItem === undefined) return {};
  const session = parseOrThrow(sessionSchema, sessionItem, `session ${sessionId}`);
  return commitClubDecision(`the member grant of ${sessionId}`, async () => {
    const nothing = { items: [], result: {} };
    const membership = await loadMembership(session.lotId, session.plate);
    if (membership === null) return nothing;
    const stored = await readItem(grantKey(membership.membershipId, sessionId));
    if (stored !== undefined) return { items: [], result: benefitsOfGrant(parseOrThrow(visitGrantSchema, stored, `visit grant of ${sessionId}`)) };
    if (!entitledAt(membership, fee.at)) return nothing;
    const config = await loadClubConfig(session.lotId);
    if (config === null) return nothing;

    const [{ tariff }, usage] = await Promise.all([
      tariffVersionAt(session.lotId, fee.at),
      monthlyUsageOf(membership.membershipId, monthOf(fee.at, config.timezone)),
    ]);
    const grant = benefitsAt({
      membership,
      config,
      at: fee.at,
      visitStay: { tariff, vehicleClass: vehicleClassOf(session.plate), enteredAt: session.enteredAt, exitAt: fee.at, coupons: fee.coupons, payments: fee.payments },
      monthlyUsage: usage,
    });
    const result = benefitsOfGrant(grant);
    const recorded = fee.settle ? visitGrantOf(membership, sessionId, grant, new Date().toISOString()) : null;
    if (recorded === null) return { items: [], result };

    const items: TransactionItem[] = [
      {
        Put: {
          TableName: tableName(),
          Item: { ...grantKey(membership.membershipId, sessionId), entity: 'VisitGrant', lotId: session.lotId, plate: session.plate, ...recorded },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (grant.quotaMinutesUsed > 0) {
      const quotaMinutes = tierById(config, grant.tierId ?? membership.tierId).benefits.monthlyFreeHours * 60;
      items.push({
        Update: {
          TableName: tableName(),
          Key: quotaKey(membership.membershipId, grant.month),
          UpdateExpression: 'SET entity = :entity, membershipId = :membershipId, #month = :month ADD quotaMinutesUsed :minutes',
          // Never past the quota, whatever visits of the member settle at the same time.
          ConditionExpression: 'attribute_not_exists(quotaMinutesUsed) OR quotaMinutesUsed <= :most',
          ExpressionAttributeNames: { '#month': 'month' },
          ExpressionAttributeValues: {
            ':entity': 'QuotaUsage',
            ':membershipId': membership.membershipId,
            ':month': grant.month,
            ':minutes': grant.quotaMinutesUsed,
            ':most': quotaMinutes - grant.quotaMinutesUsed,
          },
        },
      });
    }
    if (grant.pointsRedeemed > 0) {
      const entry = redeemPoints({ membership, points: grant.pointsRedeemed, sessionId, at: recorded.grantedAt });
      items.push(pointsEntryPut(entry, membership.lotId), membershipPut(revised(membership, { pointsBalance: postPoints(membership, entry) }), membership, recorded.grantedAt));
    }
    return { items, result };
  });
};
