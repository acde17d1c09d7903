/**
 * Proves the table answers: one eventually consistent GetItem of a key no item uses. It costs
 * half a read unit and needs no data, so it works on an empty table too.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailable } from '../http/index.js';
import { documentClient, tableName } from '../store/client.js';

const probeKey = { pk: 'HEALTH', sk: 'HEALTH' };
/** Well inside the function's timeout, so a hung connection still gets a 503, not a timeout. */
const probeTimeoutMs = 2_000;

export const probeStorage = async (): Promise<void> => {
  try {
    await documentClient.send(
      new GetCommand({ TableName: tableName(), Key: probeKey, ProjectionExpression: 'pk' }),
      { abortSignal: AbortSignal.timeout(probeTimeoutMs) },
    );
  } catch (error) {
    throw new DependencyUnavailable('storage', 'Storage is unreachable; try again shortly', error);
  }
};
