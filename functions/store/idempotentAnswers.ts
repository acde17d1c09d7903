/**
 * The answer to a request sent with an `Idempotency-Key`, kept so that a retry of the same request
 * gets the same answer and changes nothing, while the same key with another request is refused:
 *   IdempotentAnswer  pk=IDEMPOTENCY#<scope>#<key>  sk=ANSWER  (requestHash, answer, answeredAt, expiresAt)
 * The caller puts the answer in the transaction of the change it answers, on `attribute_not_exists`,
 * so an answer is stored exactly when its change is made. `scope` keeps one route's keys apart
 * from another's (e.g. `admin/devices/<lotId>`).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { DomainError } from '../../shared/errors/index.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { documentClient, tableName } from './client.js';
import { parkadeTable } from './table.js';

/** Retries come within minutes; a month covers a retry by hand the next day, and TTL clears the rest. */
const keptSeconds = 30 * 24 * 3600;

export interface IdempotentRequest {
  scope: string;
  key: string;
  /** SHA-256 of the request's canonical JSON: which request the key was first used for. */
  requestHash: string;
}

/** JSON with object keys sorted, so the same request hashes the same whatever its field order. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export const idempotentRequest = (scope: string, key: string, request: unknown): IdempotentRequest => ({
  scope,
  key,
  requestHash: createHash('sha256').update(canonicalJson(request)).digest('hex'),
});

const answerKey = ({ scope, key }: IdempotentRequest) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'ANSWER' });

const keyReused = (request: IdempotentRequest): DomainError =>
  new DomainError('CONFLICT', 'This Idempotency-Key was used for a different request', { reason: 'keyReused', idempotencyKey: request.key });

/** The answer stored under the key, or undefined when the key is new; the key used for another request is refused. */
export const previousAnswer = async <T>(request: IdempotentRequest): Promise<T | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: answerKey(request), ConsistentRead: true }));
  if (Item === undefined) return undefined;
  if (Item.requestHash !== request.requestHash) throw keyReused(request);
  return Item.answer as T;
};

/** Stores `answer` under the key, failing its condition when the key has an answer already. */
export const answerPut = (request: IdempotentRequest, answer: unknown, answeredAt: string): TransactionItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...answerKey(request),
      entity: 'IdempotentAnswer',
      scope: request.scope,
      idempotencyKey: request.key,
      requestHash: request.requestHash,
      answer,
      answeredAt,
      [parkadeTable.timeToLiveAttribute]: Math.floor(Date.parse(answeredAt) / 1000) + keptSeconds,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** What a request whose answer was stored meanwhile (a concurrent retry) is told; its own retry gets the stored answer. */
export const answeredMeanwhile = (request: IdempotentRequest): DomainError =>
  new DomainError('CONFLICT', 'A request with this Idempotency-Key was answered meanwhile; retry it for that answer', {
    reason: 'keyAnsweredMeanwhile',
    idempotencyKey: request.key,
  });
