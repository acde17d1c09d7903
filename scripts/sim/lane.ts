/**
 * The lane simulator: `npm run sim -- enter 粤B12345`, `exit 粤B12345`, `enter --no-plate`,
 * `--offline` + `flush`, `config`, `commands` (usage: laneCommand.ts). It reads the running local
 * stack's .data/local.json for the API and the demo lot's devices and signs every request
 * exactly as a device does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatInstant } from '../../shared/fees/index.js';
import { laneDecisionSchema, type DeviceEvent } from '../../shared/sessions/index.js';
import { localJsonFileName, type LocalJson } from '../local/localJson.js';
import { queueEvent, readBacklog, writeBacklog } from './backlog.js';
import { deviceFetch, type DeviceCredentials } from './deviceClient.js';
import { describeDecision, parseLaneCommand, usage, UsageError, type LaneAction } from './laneCommand.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const timezone = 'Asia/Shanghai';
const say = (line = '') => console.log(line);

class SimFailure extends Error {}

const readLocalJson = (dataDir: string): LocalJson => {
  const file = join(dataDir, localJsonFileName);
  if (!existsSync(file)) throw new SimFailure(`${file} not found: start the local stack first (npm start)`);
  return JSON.parse(readFileSync(file, 'utf8')) as LocalJson;
};

const deviceFor = (local: LocalJson, lane: string | undefined, direction: 'entry' | 'exit' | undefined): DeviceCredentials => {
  const device = local.devices.find((candidate) => (lane ? candidate.laneId === lane : candidate.direction === (direction ?? 'entry')));
  if (!device) throw new SimFailure(`No device for lane ${lane ?? direction}; lanes: ${local.devices.map((d) => `${d.laneId} (${d.direction})`).join(', ')}`);
  return device;
};

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (!response.ok) throw new SimFailure(`HTTP ${response.status}: ${text}`);
  return text === '' ? null : JSON.parse(text);
};

const shownTime = (at: string): string => formatInstant(Date.parse(at), timezone).slice(0, 19).replace('T', ' ');

const sendEvent = async (local: LocalJson, action: Extract<LaneAction, { kind: 'event' }>, backlogFile: string) => {
  const device = deviceFor(local, action.lane, action.type);
  if (device.direction !== action.type) throw new SimFailure(`${device.laneId} is an ${device.direction} lane; use --lane to pick an ${action.type} lane`);
  const event: DeviceEvent = {
    eventId: action.eventId,
    laneId: device.laneId,
    type: action.type,
    plate: action.plate,
    at: formatInstant(Math.floor(action.at.getTime() / 1000) * 1000, timezone),
    ...(action.plateColor ? { plateColor: action.plateColor } : {}),
    ...(action.confidence !== undefined ? { confidence: action.confidence } : {}),
    ...(action.phone ? { phone: action.phone } : {}),
  };
  say(`${action.type === 'entry' ? '→' : '←'} ${action.type} ${event.plate ?? '(no plate)'} at ${device.laneId}, ${shownTime(event.at)}  [event ${event.eventId}]`);
  if (action.offline) {
    const queued = queueEvent(backlogFile, device.deviceId, event);
    say(`  offline: the device lets the car through and keeps the event (${queued} in ${device.laneId}'s backlog; \`flush\` uploads it)`);
    return;
  }
  const startedAt = Date.now();
  const answer = laneDecisionSchema.parse(await readJson(await deviceFetch(local.apiUrl, device, { method: 'POST', path: '/device/events', body: event })));
  for (const line of describeDecision(answer)) say(line);
  say(`  (${Date.now() - startedAt} ms)`);
};

const flush = async (local: LocalJson, backlogFile: string) => {
  const backlog = readBacklog(backlogFile);
  const pending = Object.entries(backlog).filter(([, events]) => events.length > 0);
  if (pending.length === 0) say('The backlog is empty.');
  for (const [deviceId, events] of pending) {
    const device = local.devices.find((candidate) => candidate.deviceId === deviceId);
    if (!device) throw new SimFailure(`Backlog names unknown device ${deviceId}`);
    say(`⇪ ${device.laneId}: uploading ${events.length} offline event(s)`);
    const { answers } = (await readJson(
      await deviceFetch(local.apiUrl, device, { method: 'POST', path: '/device/events/batch', body: events }),
    )) as { answers: unknown[] };
    events.forEach((event, index) => {
      say(`  ${event.type} ${event.plate ?? '(no plate)'} ${shownTime(event.at)}`);
      const parsed = laneDecisionSchema.safeParse(answers[index]);
      if (parsed.success) for (const line of describeDecision(parsed.data)) say(`  ${line}`);
      else say(`    refused: ${JSON.stringify(answers[index])}`);
    });
    delete backlog[deviceId];
    writeBacklog(backlogFile, backlog);
  }
};

const main = async () => {
  const now = new Date();
  const { action, api, dataDir: dataDirOption } = parseLaneCommand(process.argv.slice(2), now);
  const dataDir = resolve(dataDirOption ?? process.env.PARKADE_DATA_DIR ?? join(repoRoot, '.data'));
  const local = { ...readLocalJson(dataDir), ...(api ? { apiUrl: api.replace(/\/$/, '') } : {}) };
  const backlogFile = join(dataDir, 'sim-backlog.json');
  if (action.kind === 'event') await sendEvent(local, action, backlogFile);
  else if (action.kind === 'flush') await flush(local, backlogFile);
  else {
    const device = deviceFor(local, action.lane, action.kind === 'commands' ? 'exit' : 'entry');
    const path = action.kind === 'config' ? '/device/config' : '/device/commands';
    say(JSON.stringify(await readJson(await deviceFetch(local.apiUrl, device, { method: 'GET', path })), null, 2));
  }
};

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    if (error.message) console.error(`${error.message}\n`);
    console.error(usage);
    process.exit(2);
  }
  console.error(error instanceof SimFailure ? error.message : error);
  process.exit(1);
});
