/**
 * A lot's tariff versions (`pk=LOT#<lotId>` `sk=TARIFF#<effectiveFrom, ISO UTC>`): the version in
 * effect at an instant is the newest one effective at or before it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { TariffSchema, type Tariff } from '../../shared/fees/index.js';
import { documentClient, tableName } from '../store/client.js';

export interface TariffVersion {
  effectiveFrom: string;
  tariff: Tariff;
}

const prefix = 'TARIFF#';

const versionOf = (item: Record<string, unknown>): TariffVersion => ({
  effectiveFrom: String(item.effectiveFrom),
  tariff: parseOrThrow(TariffSchema, item.tariff, `tariff ${String(item.sk)}`),
});

/** The version in effect at `at`; NOT_FOUND when the lot has none yet. */
export const tariffVersionAt = async (lotId: string, at: string): Promise<TariffVersion> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':from': prefix, ':to': `${prefix}${new Date(at).toISOString()}` },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const [item] = Items ?? [];
  if (item === undefined) throw new DomainError('NOT_FOUND', `Lot ${lotId} has no tariff in effect at ${at}`, { lotId, at });
  return versionOf(item);
};

/** The version in effect at `at` and every later one already published, oldest first. */
export const tariffVersionsFrom = async (lotId: string, at: string): Promise<TariffVersion[]> => {
  const current = await tariffVersionAt(lotId, at);
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      // '$' follows '#': the upper bound of every TARIFF# key.
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `LOT#${lotId}`, ':from': `${prefix}${new Date(at).toISOString()}`, ':to': 'TARIFF$' },
    }),
  );
  const later = (Items ?? []).map(versionOf).filter((version) => version.effectiveFrom !== current.effectiveFrom);
  return [current, ...later];
};
