import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { parkadeTable } from '../../functions/store/table.js';
import { ensureTable } from '../../scripts/local/createTable.js';
import { useLocalDynamoDb } from './localStack.js';

const { client, tableName } = useLocalDynamoDb();

describe('the local table', () => {
  it('has the keys and indexes of functions/store/table.ts', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: parkadeTable.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: parkadeTable.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.IndexName,
      keys: index.KeySchema?.map((key) => key.AttributeName),
      projection: index.Projection?.ProjectionType,
    }));
    expect(indexes.sort((a, b) => String(a.indexName).localeCompare(String(b.indexName)))).toEqual(
      parkadeTable.globalIndexes.map((index) => ({
        indexName: index.indexName,
        keys: [index.partitionKey.name, index.sortKey.name],
        projection: 'ALL',
      })),
    );
  });

  it('expires items through the TTL attribute of the definition', async () => {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: parkadeTable.timeToLiveAttribute,
    });
  });

  it('is left as it is when created again', async () => {
    await expect(ensureTable(client, parkadeTable, tableName)).resolves.toBe('existed');
  });
});
