import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailable } from '../http/dependencyUnavailable.js';
import { documentClient, tableName } from './client.js';

type Key = { pk: string; sk: string };

/** BatchGetItem's limit per request. */
const keysPerRequest = 100;
const maxRounds = 8;

/**
 * The items of these keys, in any order (missing ones are simply absent): each key asked once
 * (BatchGetItem refuses a batch that repeats one), batches of 100, and the keys DynamoDB leaves
 * unprocessed under load asked again with a growing pause.
 */
export const getMany = async (keys: readonly Key[]): Promise<Record<string, unknown>[]> => {
  const distinct = [...new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < distinct.length; start += keysPerRequest) {
    let pending: Record<string, unknown>[] = distinct.slice(start, start + keysPerRequest);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === maxRounds) throw new DependencyUnavailable('storage', 'The table kept leaving keys of a batch read unprocessed');
      if (round > 0) await sleep(2 ** round * 10);
      const { Responses, UnprocessedKeys } = await documentClient.send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      items.push(...(Responses?.[tableName()] ?? []));
      pending = UnprocessedKeys?.[tableName()]?.Keys ?? [];
    }
  }
  return items;
};
