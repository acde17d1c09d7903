/**
 * The integration tests' way into the local stack. `useLocalDynamoDb()` points this worker's
 * handlers (and the SDK) at the run's DynamoDB Local; call it before importing a handler module,
 * since modules may read their environment when first loaded.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localCredentials } from '../../scripts/local/dynamoDbLocal.js';
import { applyHandlerEnvironment, handlerEnvironment, localRegion } from '../../scripts/local/handlerEnvironment.js';

export interface LocalDynamoDb {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
}

export const useLocalDynamoDb = (): LocalDynamoDb => {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = inject('tableName');
  applyHandlerEnvironment(handlerEnvironment({ dynamoDbEndpoint: endpoint, tableName, logLevel: 'ERROR' }));
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  return { endpoint, tableName, client, documents: DynamoDBDocumentClient.from(client) };
};

/** The repository root, where function group entries are resolved. */
export const repoRoot = new URL('../..', import.meta.url).pathname;
