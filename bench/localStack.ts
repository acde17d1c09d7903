/**
 * The local stack for the benchmarks that go through the real HTTP API: DynamoDB Local in memory
 * on a free port, the table, a demo lot seeded with as many lanes as asked, the WeChat simulators
 * and the local API server in this process — all from scripts/local, as `npm start` builds it.
 * `stop()` ends the server and the Java process; call it in a `finally`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parkadeTable } from '../functions/store/table.js';
import { generateTokenKey } from '../functions/access/tokenKey.js';
import { paymentNotificationPath, weChatPayNotifyUrlVariable } from '../functions/payments/weChatEnvironment.js';
import { startApiServer, type RunningApiServer } from '../scripts/local/apiServer.js';
import { ensureTable } from '../scripts/local/createTable.js';
import { generateDemoLot, withDeviceSecrets, type DemoLane, type DemoLot } from '../scripts/local/demoLot.js';
import { localCredentials, startDynamoDbLocal } from '../scripts/local/dynamoDbLocal.js';
import { applyHandlerEnvironment, handlerEnvironment, localRegion, localTableName } from '../scripts/local/handlerEnvironment.js';
import { seedDemoLot } from '../scripts/local/seedDemoLot.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BenchStack {
  api: RunningApiServer;
  lot: DemoLot;
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** The WeChat simulators' directory (the payer's side of WeChat Pay uses it too). */
  weChatDir: string;
  notifyUrl: string;
  stop(): Promise<void>;
}

/** The demo lot with `lanesPerDirection` entry lanes and as many exit lanes, one device each. */
const benchLot = (lanesPerDirection: number, deviceMasterKey: string): DemoLot => {
  const generated = generateDemoLot();
  const lanes: DemoLane[] = (['entry', 'exit'] as const).flatMap((direction) =>
    Array.from({ length: lanesPerDirection }, (_, index) => ({
      laneId: `lane-${direction === 'entry' ? 'in' : 'out'}-${index + 1}`,
      name: `${direction} ${index + 1}`,
      direction,
    })),
  );
  return withDeviceSecrets(
    { ...generated, lanes, devices: lanes.map((lane) => ({ deviceId: `dev-${lane.laneId}`, laneId: lane.laneId, direction: lane.direction })) },
    deviceMasterKey,
  );
};

export const startBenchStack = async ({ lanesPerDirection = 2 } = {}): Promise<BenchStack> => {
  const database = await startDynamoDbLocal();
  const weChatDir = mkdtempSync(join(tmpdir(), 'parkade-bench-wechat-'));
  let api: RunningApiServer | undefined;
  const client = new DynamoDBClient({ endpoint: database.endpoint, region: localRegion, credentials: localCredentials });
  const stop = async () => {
    await api?.close();
    client.destroy();
    await database.stop();
    rmSync(weChatDir, { recursive: true, force: true });
  };
  try {
    const deviceMasterKey = `bench-master-key-${Date.now()}`;
    // Handler modules read their environment when first loaded, which is after this.
    applyHandlerEnvironment(
      handlerEnvironment({ dynamoDbEndpoint: database.endpoint, logLevel: 'ERROR', tokenKey: generateTokenKey(), deviceMasterKey, weChatSimulatorDir: weChatDir }),
    );
    await ensureTable(client, parkadeTable, localTableName);
    const documents = DynamoDBDocumentClient.from(client);
    const lot = benchLot(lanesPerDirection, deviceMasterKey);
    await seedDemoLot(documents, localTableName, lot);
    api = await startApiServer({ repoRoot });
    const notifyUrl = `${api.url}${paymentNotificationPath}`;
    process.env[weChatPayNotifyUrlVariable] = notifyUrl;
    return { api, lot, documents, tableName: localTableName, weChatDir, notifyUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
