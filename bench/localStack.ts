/**
 * The local stack for the benchmarks that go through the real HTTP API: DynamoDB Local in memory
 * on a free port, the table, a demo lot seeded with as many lanes as asked, the WeChat simulators
 * and the local API server in this process — all from scripts/local, as `npm start` builds it.
 * `stop()` ends the server and the Java process; call it in a `finally`.
 *
 * Handler modules stay loaded for the whole process and read their environment (endpoint, keys,
 * URLs) once, so a second stack in the same run reuses the first one's ports, keys and WeChat
 * directory: it starts empty but where the loaded handlers expect it.
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

/** What the first stack of this process fixed for the handlers. */
let processStack: { databasePort: number; apiPort: number; deviceMasterKey: string; weChatDir: string } | undefined;

export const startBenchStack = async ({ lanesPerDirection = 2 } = {}): Promise<BenchStack> => {
  const database = await startDynamoDbLocal({ port: processStack?.databasePort });
  const deviceMasterKey = processStack?.deviceMasterKey ?? `bench-master-key-${Date.now()}`;
  const weChatDir = processStack?.weChatDir ?? mkdtempSync(join(tmpdir(), 'parkade-bench-wechat-'));
  if (processStack === undefined) process.once('exit', () => rmSync(weChatDir, { recursive: true, force: true }));
  let api: RunningApiServer | undefined;
  const client = new DynamoDBClient({ endpoint: database.endpoint, region: localRegion, credentials: localCredentials });
  const stop = async () => {
    await api?.close();
    client.destroy();
    await database.stop();
  };
  try {
    if (processStack === undefined) {
      // Handler modules read their environment when first loaded, which is after this.
      applyHandlerEnvironment(
        handlerEnvironment({ dynamoDbEndpoint: database.endpoint, logLevel: 'ERROR', tokenKey: generateTokenKey(), deviceMasterKey, weChatSimulatorDir: weChatDir }),
      );
    }
    await ensureTable(client, parkadeTable, localTableName);
    const documents = DynamoDBDocumentClient.from(client);
    const lot = benchLot(lanesPerDirection, deviceMasterKey);
    await seedDemoLot(documents, localTableName, lot);
    api = await startApiServer({ repoRoot, port: processStack?.apiPort });
    processStack ??= { databasePort: database.port, apiPort: api.port, deviceMasterKey, weChatDir };
    const notifyUrl = `${api.url}${paymentNotificationPath}`;
    process.env[weChatPayNotifyUrlVariable] = notifyUrl;
    return { api, lot, documents, tableName: localTableName, weChatDir, notifyUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
