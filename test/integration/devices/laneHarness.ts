/**
 * What the device tests share: a demo lot of their own (fresh ids, so test files sharing the
 * run's table never see each other's items), the real local API server in front of the real
 * handlers, signed calls as a lane device, and readers of what ended up in the table.
 */
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { generateDemoLot, withDeviceSecrets, type DemoLot } from '../../../scripts/local/demoLot.js';
import { seedDemoLot } from '../../../scripts/local/seedDemoLot.js';
import { startApiServer, type RunningApiServer } from '../../../scripts/local/apiServer.js';
import { deviceFetch, type DeviceCall, type DeviceCredentials } from '../../../scripts/sim/deviceClient.js';
import { masterKeyVariable } from '../../../functions/devices/deviceEnvironment.js';
import { laneDecisionSchema, type LaneDecision } from '../../../shared/sessions/index.js';
import { repoRoot, useLocalDynamoDb } from '../localStack.js';

/** One master key for the whole run: handler modules read it once per container. */
const testMasterKey = 'parkade-integration-test-master-key';

// Modules under functions/ read their environment when first loaded: tests import them
// dynamically (`await import(…)`) after this has run.
export const local = useLocalDynamoDb();
process.env[masterKeyVariable] = testMasterKey;

export const startApi = (): Promise<RunningApiServer> => startApiServer({ repoRoot });

/** A demo lot under its own id, seeded. */
export const seedLot = async (name: string): Promise<DemoLot> => {
  const generated = generateDemoLot();
  const lotId = `lot-${name}-${randomBytes(3).toString('hex')}`;
  const lot = withDeviceSecrets(
    {
      ...generated,
      lotId,
      merchants: generated.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })),
    },
    testMasterKey,
  );
  await seedDemoLot(local.documents, local.tableName, lot);
  return lot;
};

export const deviceOf = (lot: DemoLot, laneId: string): DeviceCredentials => {
  const device = lot.devices.find((candidate) => candidate.laneId === laneId);
  if (!device) throw new Error(`no device on ${laneId}`);
  return device;
};

export const entryLane = 'lane-east-in';
export const exitLane = 'lane-east-out';

let sequence = 0;
export const newEventId = (prefix = 'e'): string => `${prefix}-${Date.now().toString(36)}-${(sequence += 1)}`;

/** `2026-03-01T09:00:00+08:00` from `09:00` (1 March 2026 in Shanghai) or a full instant. */
export const at = (time: string): string => (time.includes('T') ? time : `2026-03-01T${time.length === 5 ? `${time}:00` : time}+08:00`);

export interface LaneEventInput {
  plate: string | null;
  at: string;
  eventId?: string;
  laneId?: string;
  type?: 'entry' | 'exit';
  plateColor?: string;
  /** The phone number a driver typed at the lane (no-plate fallback). */
  phone?: string;
}

export const laneEvent = (device: DeviceCredentials, input: LaneEventInput) => ({
  eventId: input.eventId ?? newEventId(),
  laneId: input.laneId ?? device.laneId,
  type: input.type ?? device.direction,
  plate: input.plate,
  at: input.at,
  ...(input.plateColor ? { plateColor: input.plateColor } : {}),
  ...(input.phone ? { phone: input.phone } : {}),
});

export const call = (api: RunningApiServer, device: DeviceCredentials, request: DeviceCall) => deviceFetch(api.url, device, request);

/** Posts one event and returns the barrier's decision (failing the test on anything but 200). */
export const post = async (api: RunningApiServer, device: DeviceCredentials, input: LaneEventInput): Promise<LaneDecision> => {
  const response = await call(api, device, { method: 'POST', path: '/device/events', body: laneEvent(device, input) });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`POST /device/events answered ${response.status}: ${JSON.stringify(body)}`);
  return laneDecisionSchema.parse(body);
};

type Item = Record<string, unknown>;

/** Every item that belongs to the lot or to one of its devices (the run's table is shared). */
export const itemsOf = async (lot: DemoLot, documents: DynamoDBDocumentClient = local.documents): Promise<Item[]> => {
  const deviceKeys = new Set(lot.devices.map((device) => `DEVICE#${device.deviceId}`));
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: local.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []).filter((item) => String(item.pk).includes(lot.lotId) || deviceKeys.has(String(item.pk))));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
};

export const sessionsOf = async (lot: DemoLot): Promise<Item[]> =>
  (await itemsOf(lot)).filter((item) => item.entity === 'Session').sort((a, b) => String(a.sessionId).localeCompare(String(b.sessionId)));

export const getItem = async (pk: string, sk: string): Promise<Item | undefined> =>
  (await local.documents.send(new GetCommand({ TableName: local.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

export const sessionItem = (sessionId: string) => getItem(`SESSION#${sessionId}`, 'SESSION');
