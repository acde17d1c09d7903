/**
 * The local stack's DynamoDB for a one-off command: the DynamoDB Local `npm start` runs, when it
 * runs (its .data/local.json names it and is removed when the stack stops), or else one started
 * on the same data directory for as long as the command needs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../local/dynamoDbLocal.js';
import { localJsonFileName } from '../local/localJson.js';

export interface LocalDynamoDbEndpoint {
  endpoint: string;
  /** Stops the DynamoDB Local this command started; nothing when it used the running stack's. */
  release(): Promise<void>;
}

/** The running stack's DynamoDB Local, or undefined when no stack runs on this data directory. */
const runningEndpoint = (dataDir: string): string | undefined => {
  try {
    const { dynamoDbEndpoint } = JSON.parse(readFileSync(join(dataDir, localJsonFileName), 'utf8')) as { dynamoDbEndpoint?: unknown };
    return typeof dynamoDbEndpoint === 'string' ? dynamoDbEndpoint : undefined;
  } catch {
    return undefined;
  }
};

export const localDynamoDb = async (dataDir: string): Promise<LocalDynamoDbEndpoint> => {
  const running = runningEndpoint(dataDir);
  if (running !== undefined) return { endpoint: running, release: async () => undefined };
  const started = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  return { endpoint: started.endpoint, release: () => started.stop() };
};
