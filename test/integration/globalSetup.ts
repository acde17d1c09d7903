/**
 * One DynamoDB Local for the whole integration run: in memory, on a free port, with the table
 * built from functions/store/table.ts. Test workers learn where it is through `inject` (env
 * vars set here would not reach them); test/integration/localStack.ts turns that into the
 * handlers' environment. The Java process ends with the run.
 */
import type { TestProject } from 'vitest/node';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parkadeTable } from '../../functions/store/table.js';
import { ensureTable } from '../../scripts/local/createTable.js';
import { localCredentials, startDynamoDbLocal } from '../../scripts/local/dynamoDbLocal.js';
import { localRegion, localTableName } from '../../scripts/local/handlerEnvironment.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    tableName: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: database.endpoint, region: localRegion, credentials: localCredentials });
  try {
    await ensureTable(client, parkadeTable, localTableName);
  } catch (error) {
    await database.stop();
    throw error;
  } finally {
    client.destroy();
  }
  project.provide('dynamoDbEndpoint', database.endpoint);
  project.provide('tableName', localTableName);
  return () => database.stop();
}
