/**
 * The local stack's DynamoDB for a one-off command: the DynamoDB Local `npm start` runs, when it
 * runs (found through its pid file in the data directory and the port on its command line), or
 * else one started on the same data directory for as long as the command needs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../local/dynamoDbLocal.js';

export interface LocalDynamoDbEndpoint {
  endpoint: string;
  /** Stops the DynamoDB Local this command started; nothing when it used the running stack's. */
  release(): Promise<void>;
}

/** The port of the running stack's DynamoDB Local, or undefined when none runs on this data directory. */
const runningPort = (databaseDir: string): number | undefined => {
  try {
    const pid = Number(readFileSync(join(databaseDir, 'dynamodb-local.pid'), 'utf8').trim());
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!commandLine.some((argument) => argument.includes('DynamoDBLocal'))) return undefined;
    const port = Number(commandLine[commandLine.indexOf('-port') + 1]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
};

export const localDynamoDb = async (dataDir: string): Promise<LocalDynamoDbEndpoint> => {
  const databaseDir = join(dataDir, 'dynamodb');
  const port = runningPort(databaseDir);
  if (port !== undefined) return { endpoint: `http://127.0.0.1:${port}`, release: async () => undefined };
  const started = await startDynamoDbLocal({ dataDir: databaseDir });
  return { endpoint: started.endpoint, release: () => started.stop() };
};
