import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { useLocalDynamoDb } from '../localStack.js';

const { documents, tableName } = useLocalDynamoDb();

describe('getMany', () => {
  it('reads more keys than one batch takes, each repeated key once, and leaves out missing ones', async () => {
    const { getMany } = await import('../../../functions/store/getMany.js');
    const keys = Array.from({ length: 130 }, (_, index) => ({ pk: `TEST#getMany#${index}`, sk: 'TEST' }));
    for (let start = 0; start < keys.length; start += 25) {
      const Items = keys.slice(start, start + 25).map((key, offset) => ({ ...key, entity: 'Test', n: start + offset }));
      await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: Items.map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const asked = [...keys, keys[0]!, keys[129]!, { pk: 'TEST#getMany#missing', sk: 'TEST' }];
    const items = await getMany(asked);
    expect(items.map((item) => item.n).sort((a, b) => Number(a) - Number(b))).toEqual(keys.map((_, index) => index));
  });
});
