/**
 * An offline lane's backlog, replayed later, ends where the same day online ends: the same
 * events sent one by one as they happened at lot X's lanes, and uploaded by lot Y's devices as
 * backlogs (exits before entries, duplicated), leave the same sessions. The one designed
 * difference: online, a car that owes is held at the barrier (`pay`, its session stays open);
 * offline, the device already let it out, so its session closes owing exactly what the online
 * lane asked. (The proof world's tariff charges from the first minute, so three of the day's
 * exits owe; the allow-listed staff car, a missed exit and an unknown plate are the others.) (Orders and duplicates among offline uploads: test/integration/devices/offlineBacklog.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DeviceCredentials } from '../../../scripts/sim/deviceClient.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { dropProofTable, invoke, itemsOfEntity } from './proofStack.js';
import { buildWorld, freshId, randomPlate, type ProofWorld } from './proofWorld.js';

let world: ProofWorld;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(() => dropProofTable());

const deviceOf = (lot: DemoLot, laneId: string): DeviceCredentials => lot.devices.find((device) => device.laneId === laneId)!;

it('a backlog replayed after the link came back leaves the sessions the online lanes left', async () => {
  const start = Date.now() - 20 * 60 * 60 * 1000;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const [shortStay, owing, readTwice, missedExit, staff, unknown] = [randomPlate(), randomPlate(), randomPlate(), randomPlate(), '粤B9M527', randomPlate()];
  // [lane direction, plate, minutes after the start]
  const day: ['entry' | 'exit', string, number][] = [
    ['entry', shortStay, 0],
    ['entry', owing, 5],
    ['entry', readTwice, 10],
    ['entry', readTwice, 11],
    ['entry', missedExit, 15],
    ['entry', staff, 20],
    ['exit', shortStay, 10],
    ['exit', readTwice, 20],
    ['exit', owing, 185],
    ['entry', missedExit, 400],
    ['exit', staff, 500],
    ['exit', unknown, 510],
  ];
  const events = day.map(([direction, plate, minutes]) => ({ direction, plate, at: at(minutes), eventId: freshId(direction) }));
  const body = (lot: DemoLot, event: (typeof events)[number]) => {
    const device = deviceOf(lot, event.direction === 'entry' ? 'lane-east-in' : 'lane-east-out');
    return { device, body: { eventId: event.eventId, laneId: device.laneId, type: device.direction, plate: event.plate, at: event.at } };
  };

  const onlineAnswers = new Map<string, { decision: string; due?: number }>();
  for (const event of events) {
    const { device, body: sent } = body(world.lotX, event);
    const answer = await invoke('POST /device/events', { kind: 'device', device }, { body: sent });
    expect(answer.status, answer.text).toBe(200);
    onlineAnswers.set(event.eventId, answer.json);
  }

  const offline = events.map((event) => body(world.lotY, event));
  const exits = offline.filter(({ device }) => device.direction === 'exit').map(({ body: sent }) => sent);
  const entries = offline.filter(({ device }) => device.direction === 'entry').map(({ body: sent }) => sent);
  const upload = async (laneId: string, batch: unknown[]) => {
    const answer = await invoke('POST /device/events/batch', { kind: 'device', device: deviceOf(world.lotY, laneId) }, { body: batch });
    expect(answer.status, answer.text).toBe(200);
  };
  await upload('lane-east-out', [...exits].reverse());
  await upload('lane-east-in', [...entries].reverse());
  await upload('lane-east-in', entries.slice(0, 3));

  const dayPlates = new Set(day.map(([, plate]) => plate));
  const sessionsOf = async (lot: DemoLot) =>
    (await itemsOfEntity('Session'))
      .filter((session) => session.lotId === lot.lotId && dayPlates.has(String(session.plate)))
      .map((session) => ({
        plate: session.plate,
        status: session.status,
        enteredAt: session.enteredAt,
        closedAt: session.closedAt ?? null,
        owingFen: session.owingFen ?? 0,
        exemption: session.exemption ?? null,
        duplicateReads: session.duplicateReads ?? [],
      }))
      .sort((a, b) => `${a.plate}${a.enteredAt}`.localeCompare(`${b.plate}${b.enteredAt}`));
  const online = await sessionsOf(world.lotX);
  const replayed = await sessionsOf(world.lotY);

  // Where the online lane asked to pay (this tariff charges from the first minute), the car was
  // held; offline it left, owing what the lane asked.
  const asked = new Map(
    events
      .filter((event) => event.direction === 'exit' && onlineAnswers.get(event.eventId)?.decision === 'pay')
      .map((event) => [event.plate, { at: event.at, due: onlineAnswers.get(event.eventId)!.due }]),
  );
  expect([...asked.keys()].sort()).toEqual([shortStay, owing, readTwice].sort());
  const expected = online.map((session) => {
    const pay = asked.get(String(session.plate));
    if (pay === undefined || session.status !== 'open') return session;
    return { ...session, status: 'closed', closedAt: pay.at, owingFen: pay.due };
  });
  expect(replayed).toEqual(expected);
  expect(online.filter((session) => session.plate === missedExit)).toHaveLength(2);
  expect(online.find((session) => session.plate === staff)).toMatchObject({ status: 'closed', owingFen: 0 });
  expect(online).toHaveLength(6);
});
