import { performance } from 'node:perf_hooks';
import { deviceFetch, type DeviceCredentials } from '../scripts/sim/deviceClient.js';
import { laneDecisionSchema } from '../shared/sessions/index.js';
import type { Benchmark } from './benchmark.js';
import { startBenchStack, type BenchStack } from './localStack.js';

const levels = [1, 4, 8] as const;
const exitsPerLevel = 300;

/** Percentile by nearest rank of sorted milliseconds. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface LatencyRow {
  label: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

const summarise = (label: string, latencies: number[], wallMs: number): LatencyRow => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    perSecond: (sorted.length / wallMs) * 1000,
  };
};

let eventSequence = 0;

/** One signed lane event; answers its round-trip time in ms and the decision. */
const postEvent = async (stack: BenchStack, device: DeviceCredentials, plate: string, at: string) => {
  const body = { eventId: `bench-${process.pid}-${(eventSequence += 1)}`, laneId: device.laneId, type: device.direction, plate, at };
  const start = performance.now();
  const response = await deviceFetch(stack.api.url, device, { method: 'POST', path: '/device/events', body });
  const answer = await response.json();
  const elapsed = performance.now() - start;
  if (response.status !== 200) throw new Error(`POST /device/events (${device.direction}) answered ${response.status}: ${JSON.stringify(answer)}`);
  return { elapsed, decision: laneDecisionSchema.parse(answer).decision };
};

/** `count` plates split over `lanes` lanes, each lane sending its events one after another. */
const driveLanes = async (
  devices: DeviceCredentials[],
  plates: string[],
  send: (device: DeviceCredentials, plate: string) => Promise<{ elapsed: number; decision: string }>,
) => {
  const latencies: number[] = [];
  const decisions = new Map<string, number>();
  const start = performance.now();
  await Promise.all(
    devices.map(async (device, lane) => {
      for (let index = lane; index < plates.length; index += devices.length) {
        const { elapsed, decision } = await send(device, plates[index]!);
        latencies.push(elapsed);
        decisions.set(decision, (decisions.get(decision) ?? 0) + 1);
      }
    }),
  );
  return { latencies, decisions, wallMs: performance.now() - start };
};

const ms = (value: number) => value.toFixed(1);
const row = ({ label, count, p50, p95, p99, max, perSecond }: LatencyRow) =>
  `| ${label} | ${count} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${ms(max)} | ${perSecond.toFixed(0)} |`;

export const gateLatency: Benchmark = {
  name: 'gate-latency',
  title: 'Gate decision latency on the local stack',
  async run() {
    const stack = await startBenchStack({ lanesPerDirection: Math.max(...levels) });
    try {
      const entryDevices = stack.lot.devices.filter((device) => device.direction === 'entry');
      const exitDevices = stack.lot.devices.filter((device) => device.direction === 'exit');
      // Warm-up: the first call of each function group loads its modules (a cold start).
      const warm = await postEvent(stack, entryDevices[0]!, '粤Z00000', new Date(Date.now() - 60_000).toISOString());
      await postEvent(stack, exitDevices[0]!, '粤Z00000', new Date().toISOString());
      const entryRows: LatencyRow[] = [];
      const exitRows: LatencyRow[] = [];
      const decisionNotes: string[] = [];
      for (const lanes of levels) {
        const plates = Array.from({ length: exitsPerLevel }, (_, index) => `粤${'ACDE'[levels.indexOf(lanes)]}${String(index).padStart(5, '0')}`);
        // Entered ten minutes ago: inside the free minutes, so each exit decides "open" from the fee.
        const enteredAt = new Date(Date.now() - 10 * 60_000).toISOString();
        const entries = await driveLanes(entryDevices.slice(0, lanes), plates, (device, plate) => postEvent(stack, device, plate, enteredAt));
        entryRows.push(summarise(`${lanes} lane${lanes > 1 ? 's' : ''}`, entries.latencies, entries.wallMs));
        const exits = await driveLanes(exitDevices.slice(0, lanes), plates, (device, plate) => postEvent(stack, device, plate, new Date().toISOString()));
        exitRows.push(summarise(`${lanes} lane${lanes > 1 ? 's' : ''}`, exits.latencies, exits.wallMs));
        decisionNotes.push(`${lanes} lanes: ${[...exits.decisions].map(([decision, count]) => `${count} ${decision}`).join(', ')}`);
      }
      const header = ['| Concurrent lanes | Events | p50 ms | p95 ms | p99 ms | max ms | events/s |', '|---|--:|--:|--:|--:|--:|--:|'];
      const markdown = [
        '## What was measured',
        '',
        `DynamoDB Local (in memory, -sharedDb) with the table and a demo lot of ${Math.max(...levels)} entry and ${Math.max(...levels)} exit lanes (one device each),`,
        'the local API server (scripts/local/apiServer.ts) calling the real handler modules, and signed device requests',
        '(scripts/sim/deviceClient.ts) over real HTTP on 127.0.0.1. For each level, N lanes each send their share of',
        `${exitsPerLevel} entry events one after another (N in flight at a time), then the ${exitsPerLevel} matching exit events the same way.`,
        'Latency is from sending the request to having parsed the decision. The cars stayed 10 minutes (inside the free',
        'minutes), so every exit decision is computed from the session and the fee and opens the barrier.',
        '',
        'The client, the API server and the handlers share one Node.js process, and DynamoDB Local is a JVM on the same machine;',
        'these figures are the code path\'s cost on this machine, not a prediction of Lambda + DynamoDB latency in the cloud.',
        `The first call of each function group (loading its modules) is excluded: the cold entry took ${ms(warm.elapsed)} ms.`,
        '',
        '## Exit decisions',
        '',
        ...header,
        ...exitRows.map(row),
        '',
        `Decisions: ${decisionNotes.join('; ')}.`,
        '',
        '## Entry decisions',
        '',
        ...header,
        ...entryRows.map(row),
      ].join('\n');
      return {
        markdown,
        summary: exitRows.map((r) => `exit, ${r.label}: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms`),
      };
    } finally {
      await stack.stop();
    }
  },
};
