/**
 * A member plate's activity over an interval, as the club's rules count it (shared/club
 * clubSchedules.ts): visits = the plate's sessions in the lot closed in [from, until), fees =
 * what was paid on those sessions (less refunds). Read from the plate's sessions (gsi1
 * `LOT#<lotId>#PLATE#<plate>`) and each visit's payment orders.
 */
import type { ActivitySummary, Interval, Membership } from '../../shared/club/index.js';
import { loadSessionCharges } from '../sessions/sessionCharges.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { queryAll } from '../store/queryAll.js';

/** A stay longer than this is not looked for before the interval (the daily cap makes longer ones rare). */
const longestStayDays = 31;

const utc = (at: string | number): string => new Date(at).toISOString();

export const memberActivity = async (membership: Pick<Membership, 'lotId' | 'plate'>, interval: Interval): Promise<ActivitySummary> => {
  const from = Date.parse(interval.from);
  const until = Date.parse(interval.until);
  const sessions = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': platePartitionKey(membership.lotId, membership.plate),
      ':from': `SESSION#${utc(from - longestStayDays * 86_400_000)}`,
      ':to': `SESSION#${utc(until)}`,
    },
  });
  const visits = sessions.filter((item) => {
    if (item.entity !== 'Session' || item.status !== 'closed' || typeof item.closedAt !== 'string') return false;
    const closedAt = Date.parse(item.closedAt);
    return closedAt >= from && closedAt < until;
  });
  const fees = await Promise.all(
    visits.map(async (visit) =>
      (await loadSessionCharges(String(visit.sessionId), { at: String(visit.closedAt) })).payments.reduce((sum, payment) => sum + payment.amount, 0),
    ),
  );
  return { visits: visits.length, feesPaidFen: fees.reduce((sum, fen) => sum + fen, 0) };
};
