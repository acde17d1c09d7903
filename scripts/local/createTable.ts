/**
 * Creates the local table from the same definition the CDK data stack deploys
 * (functions/store/table.ts), so a laptop and the cloud have the same keys, indexes and TTL.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableDefinition } from '../../functions/store/table.js';

/** The CreateTable request for a definition: on-demand, every index projecting all attributes. */
export const createTableInput = (definition: TableDefinition, tableName: string): CreateTableCommandInput => {
  const keyAttributes = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const attributeDefinitions = new Map<string, AttributeDefinition>(
    keyAttributes.map((key: KeyAttribute) => [key.name, { AttributeName: key.name, AttributeType: key.type }]),
  );
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributeDefinitions.values()],
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
};

/** Creates the table unless it exists, and makes sure its TTL is on. Says which it did. */
export const ensureTable = async (
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<'created' | 'existed'> => {
  const outcome = (await tableExists(client, tableName)) ? 'existed' : await createTable(client, definition, tableName);
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
};

const tableExists = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

const createTable = async (
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<'created' | 'existed'> => {
  try {
    await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
    return 'created';
  } catch (error) {
    // Another process created it between our look and our create.
    if (error instanceof ResourceInUseException) return 'existed';
    throw error;
  }
};
