/**
 * `npm start`: the whole product on one machine, no AWS account. DynamoDB Local with its data in
 * .data/dynamodb, the table from the CDK definition, the demo lot, the handlers behind the local
 * API server, the embedded MQTT broker for lane commands, the H5 app under /app/. Writes
 * .data/local.json once it serves, and stops cleanly on Ctrl-C; the next start finds the data
 * where it was left.
 *
 * Environment: PORT (default 8787; 0 picks a free one), HOST (default 127.0.0.1),
 * PARKADE_MQTT_PORT (the embedded MQTT broker; default: its port last time, else a free one),
 * PARKADE_DATA_DIR (default <repo>/.data; the WeChat simulators keep keys and orders in its wechat/),
 * PARKADE_SKIP_H5_BUILD=1 (serve whatever is built),
 * LOG_LEVEL (handlers' Powertools log level, default INFO).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paymentNotificationPath, weChatPayNotifyUrlVariable } from '../../functions/payments/weChatEnvironment.js';
import { parkadeTable } from '../../functions/store/table.js';
import { startApiServer, type RunningApiServer } from './apiServer.js';
import { ensureTable } from './createTable.js';
import { loadDemoLot, type DemoLot } from './demoLot.js';
import { localCredentials, startDynamoDbLocal, type DynamoDbLocal } from './dynamoDbLocal.js';
import { buildH5, h5OutputDir, h5State } from './h5Build.js';
import { applyHandlerEnvironment, handlerEnvironment, localRegion, localTableName } from './handlerEnvironment.js';
import { demoOperatorToken, loadTokenKey } from './localAccess.js';
import { localJsonFileName, localJsonOf, writeLocalJson } from './localJson.js';
import { rememberedMqttPort, rememberMqttPort, startMqttBroker, type LocalMqttBroker } from './mqttBroker.js';
import { seedDemoLot } from './seedDemoLot.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = resolve(process.env.PARKADE_DATA_DIR ?? join(repoRoot, '.data'));
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const startedAt = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
const say = (line: string) => console.log(line);

let database: DynamoDbLocal | undefined;
let api: RunningApiServer | undefined;
let mqtt: LocalMqttBroker | undefined;
let stopping = false;
const stopBuild = new AbortController();

const stop = async (exitCode: number): Promise<void> => {
  if (stopping) return;
  stopping = true;
  say('\nStopping…');
  rmSync(join(dataDir, localJsonFileName), { force: true });
  stopBuild.abort();
  await api?.close();
  await mqtt?.close();
  await database?.stop();
  say(`Stopped. Data kept in ${shown(dataDir)}/`);
  process.exit(exitCode);
};

// Ctrl-C reaches this process twice (from the terminal and relayed by tsx); stopping is
// bounded in time anyway (Java gets SIGKILL after 5 s), so a repeated signal changes nothing.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
const crash = (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  void stop(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const main = async () => {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  // A local.json from an earlier run would tell a waiting tool the stack is up before it is.
  rmSync(join(dataDir, localJsonFileName), { force: true });

  say('Starting DynamoDB Local…');
  const databaseStartedAt = Date.now();
  database = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  say(`  DynamoDB Local on ${database.endpoint} (${seconds(databaseStartedAt)})`);

  const client = new DynamoDBClient({ endpoint: database.endpoint, region: localRegion, credentials: localCredentials });
  const tableOutcome = await ensureTable(client, parkadeTable, localTableName);
  say(`  table "${localTableName}" ${tableOutcome}`);
  const lot = loadDemoLot(dataDir);
  const seeded = await seedDemoLot(DynamoDBDocumentClient.from(client), localTableName, lot);
  say(`  demo lot: ${seeded.written} items written, ${seeded.existing} already there`);
  client.destroy();

  mqtt = await startLocalBroker(lot);
  say(`  MQTT broker on ${mqtt.url}`);
  const tokenKey = loadTokenKey(dataDir);
  const weChatSimulatorDir = join(dataDir, 'wechat');

  applyHandlerEnvironment(
    handlerEnvironment({
      dynamoDbEndpoint: database.endpoint,
      logLevel: process.env.LOG_LEVEL ?? 'INFO',
      tokenKey,
      mqttUrl: mqtt.publisherUrl,
      deviceMasterKey: lot.deviceMasterKey,
      weChatSimulatorDir,
    }),
  );
  const appDir = h5OutputDir(repoRoot);
  try {
    api = await startApiServer({ repoRoot, appDir, port, host, region: localRegion, paymentSimulatorDir: weChatSimulatorDir, log: (line) => say(`  ${line}`) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is in use: stop what runs there or pick another with PORT=…`);
    }
    throw error;
  }
  const apiUrl = `http://localhost:${api.port}`;
  // The payment simulator notifies our own route, as WeChat Pay would.
  process.env[weChatPayNotifyUrlVariable] = `${apiUrl}${paymentNotificationPath}`;
  const operator = demoOperatorToken(dataDir, tokenKey, lot.lotId);
  // Extra keys beside the ones DESIGN.md pins: the broker, the database (for `npm run jobs`) and a demo operator's token.
  const content = { ...localJsonOf(lot, apiUrl), mqttUrl: mqtt.url, dynamoDbEndpoint: database.endpoint, operatorToken: operator.token };
  const localJson = writeLocalJson(dataDir, content);
  printBanner(lot, apiUrl, localJson, mqtt.url, operator.expiresAt);
  await refreshH5(`${apiUrl}/app/`);
};

/** The broker on PARKADE_MQTT_PORT, else on its port of last time (a free one if that is taken now). */
const startLocalBroker = async (lot: DemoLot): Promise<LocalMqttBroker> => {
  const configured = process.env.PARKADE_MQTT_PORT;
  const configuredPort = Number(configured);
  if (configured !== undefined && (!Number.isInteger(configuredPort) || configuredPort < 0 || configuredPort > 65_535)) {
    throw new Error(`PARKADE_MQTT_PORT must be a port number, not ${configured}`);
  }
  const devices = (deviceId: string) => {
    const device = lot.devices.find((candidate) => candidate.deviceId === deviceId);
    return device && { deviceId, lotId: lot.lotId, laneId: device.laneId, secret: device.secret };
  };
  const start = (port: number) => startMqttBroker({ port, host, devices });
  const remembered = configured === undefined ? rememberedMqttPort(dataDir) : undefined;
  const broker =
    remembered === undefined
      ? await start(configured === undefined ? 0 : configuredPort)
      : await start(remembered).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EADDRINUSE') throw error;
          say(`  MQTT port ${remembered} is taken now; the broker moves to a free one`);
          return start(0);
        });
  rememberMqttPort(dataDir, broker.port);
  return broker;
};

const printBanner = (lot: DemoLot, apiUrl: string, localJson: string, mqttUrl: string, operatorTokenExpiresAt: string) => {
  const lanes = lot.lanes
    .map((lane) => {
      const device = lot.devices.find((candidate) => candidate.laneId === lane.laneId);
      return `    ${lane.direction === 'entry' ? '→ in ' : '← out'}  ${lane.laneId.padEnd(14)} ${lane.name}  device ${device?.deviceId ?? '-'}`;
    })
    .join('\n');
  const merchants = lot.merchants
    .map((merchant) => `    ${merchant.name}  login ${merchant.login}  password ${merchant.password}`)
    .join('\n');
  say(`
Parkade is running locally (ready in ${seconds(startedAt)}).

  API        ${apiUrl}
  H5 app     ${apiUrl}/app/
  MQTT       ${mqttUrl}  (lane commands: parkade/<lotId>/lanes/<laneId>/commands)
  WeChat     simulated login and pay (keys in ${shown(join(dataDir, 'wechat'))}/); h5 payments confirm at ${apiUrl}/sim/pay/<prepayId>
  Details    ${shown(localJson)}  (device secrets, merchant passwords, tariff, operatorToken)
  Operator   token for ${lot.lotId} in local.json "operatorToken" (valid until ${operatorTokenExpiresAt}; a restart issues a new one)

  Demo lot   ${lot.name} (${lot.lotId}, ${lot.timezone})
${lanes}
  Merchants
${merchants}

  Try
    curl ${apiUrl}/health

  Ctrl-C stops; the data stays in ${shown(dataDir)}/ for the next start.
`);
};

const refreshH5 = async (appUrl: string) => {
  if (process.env.PARKADE_SKIP_H5_BUILD === '1') return;
  const state = h5State(repoRoot);
  if (state === 'no-source') {
    say('  (no mini-program source yet: serving the API only)');
    return;
  }
  if (state === 'current') return;
  say('Building the H5 app (npm run build:h5); the API already serves…');
  const buildStartedAt = Date.now();
  const built = await buildH5(repoRoot, (line) => say(`  [h5] ${line}`), stopBuild.signal);
  if (stopping) return;
  say(
    built
      ? `H5 app built in ${seconds(buildStartedAt)}: ${appUrl}`
      : 'Warning: the H5 build failed (output above); the API keeps serving, the app is not available.',
  );
};

main().catch(crash);
