/**
 * The DynamoDB document client, one per container so connections are reused across
 * invocations. No endpoint here: locally the SDK reads AWS_ENDPOINT_URL_DYNAMODB, which the
 * local stack sets, so the same code talks to DynamoDB Local and to the cloud.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../http/observability.js';
import { tableNameVariable } from './table.js';

export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  // Optional attributes are left out of the item rather than failing the write.
  marshallOptions: { removeUndefinedValues: true },
});

/** The deployed table's name; read on use so a missing variable fails loudly, not at import. */
export const tableName = (): string => {
  const name = process.env[tableNameVariable];
  if (name === undefined || name === '') throw new Error(`${tableNameVariable} is not set`);
  return name;
};
