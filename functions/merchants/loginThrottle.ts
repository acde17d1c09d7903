/**
 * Counters of failed staff logins (shared/merchants loginThrottle.ts), one item per window:
 *   LoginFailures  pk=LOGIN#<login>      sk=FAILURES#<window start, epoch s>   failures, TTL
 *   LoginFailures  pk=SOURCEIP#<address> sk=LOGINFAILURES#<window start>       failures, TTL
 * A failure adds 1 on the condition that the counter is below its limit (ADD is atomic, so
 * parallel guesses are all counted). A successful login forgets its own login's failures, and
 * only those it read: a failure counted meanwhile, or the address's counter (which other logins
 * from that address share), stays.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { checkLoginAllowed, failureWindowStart, staffLoginLimits, type LoginCounterKind } from '../../shared/merchants/index.js';
import { documentClient, tableName } from '../store/client.js';
import { getItem } from './merchantRecords.js';

interface FailureCounter {
  kind: LoginCounterKind;
  key: { pk: string; sk: string };
  windowStart: number;
  failures: number;
}

export interface LoginAttempt {
  counters: FailureCounter[];
}

const counterKey = (kind: LoginCounterKind, name: string, windowStart: number) =>
  kind === 'perLogin' ? { pk: `LOGIN#${name}`, sk: `FAILURES#${windowStart}` } : { pk: `SOURCEIP#${name}`, sk: `LOGINFAILURES#${windowStart}` };

const ignoringFailedCondition = async (write: Promise<unknown>): Promise<void> => {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** The failures of this login name and this address in the current windows; RATE_LIMITED when either is locked. */
export const loginFailures = async (login: string, sourceIp: string, now: Date): Promise<LoginAttempt> => {
  const counters = await Promise.all(
    ([['perLogin', login], ['perSourceIp', sourceIp]] as const).map(async ([kind, name]): Promise<FailureCounter> => {
      const windowStart = failureWindowStart(now.getTime(), staffLoginLimits[kind]);
      const key = counterKey(kind, name, windowStart);
      const item = await getItem(key);
      return { kind, key, windowStart, failures: Number(item?.failures ?? 0) };
    }),
  );
  checkLoginAllowed(counters, now.getTime());
  return { counters };
};

export const countFailedLogin = async ({ counters }: LoginAttempt): Promise<void> => {
  await Promise.all(
    counters.map(({ kind, key, windowStart }) =>
      ignoringFailedCondition(
        documentClient.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD failures :one',
            ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
            ExpressionAttributeValues: {
              ':entity': 'LoginFailures',
              // Kept a window longer than it counts, then DynamoDB's TTL removes it.
              ':expiresAt': windowStart + 2 * staffLoginLimits[kind].windowSeconds,
              ':one': 1,
              ':limit': staffLoginLimits[kind].failures,
            },
          }),
        ),
      ),
    ),
  );
};

export const forgetLoginFailures = async ({ counters }: LoginAttempt): Promise<void> => {
  const mine = counters.find((counter) => counter.kind === 'perLogin');
  if (mine === undefined || mine.failures === 0) return;
  await ignoringFailedCondition(
    documentClient.send(
      new DeleteCommand({ TableName: tableName(), Key: mine.key, ConditionExpression: 'failures = :read', ExpressionAttributeValues: { ':read': mine.failures } }),
    ),
  );
};
