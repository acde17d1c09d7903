/**
 * `npm run jobs -- <job> [--lot <lotId>] [--at <ISO instant>]`: a scheduled job run by hand
 * against the local stack's data (.data, or PARKADE_DATA_DIR), exactly as EventBridge runs it in
 * the cloud: every lot (or the one given), as of now (or `--at`). Reports go to .data/reports/.
 * Prints each lot's summary as JSON; exits 1 if any lot failed, 2 for a bad command line.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { paymentNotificationPath, weChatPayNotifyUrlVariable } from '../../functions/payments/weChatEnvironment.js';
import { reportsDirVariable } from '../../functions/reports/reportsEnvironment.js';
import { parkadeTable } from '../../functions/store/table.js';
import { ensureTable } from '../local/createTable.js';
import { localCredentials } from '../local/dynamoDbLocal.js';
import { applyHandlerEnvironment, handlerEnvironment, localRegion, localTableName } from '../local/handlerEnvironment.js';
import { localDynamoDb } from './localDynamoDb.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = resolve(process.env.PARKADE_DATA_DIR ?? join(repoRoot, '.data'));

const usage = 'Usage: npm run jobs -- <job> [--lot <lotId>] [--at <ISO instant>]';

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({ options: { lot: { type: 'string' }, at: { type: 'string' } }, allowPositionals: true });
  const [job, ...extra] = positionals;
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (job === undefined || extra.length > 0 || Number.isNaN(at.getTime())) {
    console.error(usage);
    return 2;
  }

  const database = await localDynamoDb(dataDir);
  try {
    const client = new DynamoDBClient({ endpoint: database.endpoint, region: localRegion, credentials: localCredentials });
    await ensureTable(client, parkadeTable, localTableName);
    client.destroy();
    applyHandlerEnvironment({
      ...handlerEnvironment({ dynamoDbEndpoint: database.endpoint, logLevel: process.env.LOG_LEVEL ?? 'WARN', weChatSimulatorDir: join(dataDir, 'wechat') }),
      [reportsDirVariable]: join(dataDir, 'reports'),
      // Jobs never take payments; the payment simulator wants an address for its notifications all the same.
      [weChatPayNotifyUrlVariable]: `http://localhost:${process.env.PORT ?? 8787}${paymentNotificationPath}`,
    });
    // Loaded once the environment is set: the functions' clients read it when they are created.
    const { lotJobNames } = await import('../../functions/schedules/lotJobs.js');
    const { allLotIds, failedLots, runLotJob } = await import('../../functions/schedules/runLotJob.js');
    const name = lotJobNames.find((candidate) => candidate === job);
    if (name === undefined) {
      console.error(`${usage}\nJobs: ${lotJobNames.join(', ')}`);
      return 2;
    }
    const outcomes = await runLotJob(name, values.lot === undefined ? await allLotIds() : [values.lot], at);
    console.log(JSON.stringify({ job, at: at.toISOString(), outcomes }, null, 2));
    return failedLots(outcomes).length > 0 ? 1 : 0;
  } finally {
    await database.release();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
