import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { functionGroups } from '../functions/routes.js';
import { SimulatedPaymentProvider } from '../functions/wechat/pay/index.js';
import { deviceFetch, type DeviceCredentials } from '../scripts/sim/deviceClient.js';
import type { Benchmark } from './benchmark.js';
import { startBenchStack, type BenchStack } from './localStack.js';

type Step = 'login' | 'entry' | 'quote' | 'order' | 'notify' | 'exit';
type Group = keyof typeof functionGroups;

/** What one step cost: DynamoDB calls by command, capacity, and the Lambda invocations it took. */
interface StepUsage {
  commands: Map<string, number>;
  failed: Map<string, number>;
  readUnits: number;
  writeUnits: number;
  invocations: { group: Group; ms: number }[];
}

const emptyUsage = (): StepUsage => ({ commands: new Map(), failed: new Map(), readUnits: 0, writeUnits: 0, invocations: [] });

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Read and write units of one response: a single ConsumedCapacity or one per table (batches, transactions). */
const unitsOf = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) => {
  let read = 0;
  let write = 0;
  for (const part of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
    // DynamoDB Local may give only the total; a total without a split is counted by the command's kind below.
    read += part.ReadCapacityUnits ?? 0;
    write += part.WriteCapacityUnits ?? 0;
    if (part.ReadCapacityUnits === undefined && part.WriteCapacityUnits === undefined && part.CapacityUnits !== undefined) {
      return { read, write, total: part.CapacityUnits };
    }
  }
  return { read, write, total: undefined };
};

const readCommands = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/**
 * Every DynamoDB call the handlers make goes through the one document client of
 * functions/store/client.ts. This benchmark adds a middleware to that client, in its own
 * process only: it asks for ReturnConsumedCapacity TOTAL and records the command and the units
 * returned under the step being run. The function code is unchanged.
 */
const middlewareName = 'benchConsumedCapacity';

const recordCapacity = async (usageOf: () => StepUsage) => {
  const { documentClient } = await import('../functions/store/client.js');
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const usage = usageOf();
      const command = context.commandName ?? 'unknown';
      try {
        const result = await next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' } });
        count(usage.commands, command);
        const units = unitsOf((result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity);
        if (units.total !== undefined) {
          if (readCommands.has(command)) usage.readUnits += units.total;
          else usage.writeUnits += units.total;
        } else {
          usage.readUnits += units.read;
          usage.writeUnits += units.write;
        }
        return result;
      } catch (error) {
        count(usage.failed, `${command} (${error instanceof Error ? error.name : 'error'})`);
        throw error;
      }
    },
    { step: 'initialize', name: middlewareName, priority: 'high' },
  );
  return () => documentClient.middlewareStack.remove(middlewareName);
};

const json = async (response: Response, what: string) => {
  const body = (await response.json()) as any;
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
};

/** One complete session of a plated car whose driver pays in the lot and drives out in the grace window. */
const parkingSession = async (stack: BenchStack, run: (step: Step, group: Group, work: () => Promise<unknown>) => Promise<any>, plate: string) => {
  const device = (direction: 'entry' | 'exit'): DeviceCredentials => stack.lot.devices.find((candidate) => candidate.direction === direction)!;
  const laneEvent = (direction: 'entry' | 'exit', at: string) =>
    deviceFetch(stack.api.url, device(direction), {
      method: 'POST',
      path: '/device/events',
      body: { eventId: `bench-${randomBytes(6).toString('hex')}`, laneId: device(direction).laneId, type: direction, plate, at },
    }).then((response) => json(response, `${direction} event`));
  const asDriver = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((response) => json(response, `${method} ${path}`));

  const { token } = await run('login', 'drivers', () =>
    fetch(`${stack.api.url}/driver/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `bench-${randomBytes(4).toString('hex')}` }),
    }).then((response) => json(response, 'login')),
  );
  const entry = await run('entry', 'devices', () => laneEvent('entry', new Date(Date.now() - 130 * 60_000).toISOString()));
  const quote = await run('quote', 'drivers', () => asDriver(token, 'GET', `/lots/${stack.lot.lotId}/plates/${encodeURIComponent(plate)}/quote`));
  if (quote.due <= 0) throw new Error(`the quote should be payable: ${JSON.stringify(quote)}`);
  const placed = await run('order', 'payments', () =>
    asDriver(token, 'POST', `/sessions/${quote.sessionId}/orders`, { amountFen: quote.due, coversUntil: quote.coversUntil }, { 'idempotency-key': `bench-${randomBytes(6).toString('hex')}` }),
  );
  const payer = new SimulatedPaymentProvider({ dir: stack.weChatDir, notifyUrl: stack.notifyUrl });
  const delivery = await run('notify', 'payments', () => payer.pay(placed.order.orderId));
  if (!delivery.delivered) throw new Error(`the payment notification was refused: ${JSON.stringify(delivery)}`);
  const exit = await run('exit', 'devices', () => laneEvent('exit', new Date().toISOString()));
  if (exit.decision !== 'open' || exit.sessionId !== entry.sessionId) throw new Error(`the paid car should leave: ${JSON.stringify(exit)}`);
};

const steps: { step: Step; what: string }[] = [
  { step: 'entry', what: 'Entry camera event (devices)' },
  { step: 'quote', what: 'In-lot quote by plate (drivers)' },
  { step: 'order', what: 'Payment order (payments; the simulator stands in for WeChat Pay)' },
  { step: 'notify', what: 'WeChat Pay notification (payments)' },
  { step: 'exit', what: 'Exit camera event, paid → open (devices)' },
];

/**
 * Unit prices assumed for the cost model: AWS's public on-demand list prices for us-east-1 as
 * known when this was written. They are assumptions — check the current price pages.
 */
const prices = {
  region: 'us-east-1',
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  httpApiPerMillionRequests: 1.0,
};

const sessionsMeasured = 5;

export const capacityPerSession: Benchmark = {
  name: 'capacity-per-session',
  title: 'DynamoDB requests, consumed capacity and cost per parking session',
  async run() {
    const stack = await startBenchStack();
    let usages = new Map<Step, StepUsage>();
    let current: Step = 'login';
    const stopRecording = await recordCapacity(() => usages.get(current)!);
    try {
      const run = async (step: Step, group: Group, work: () => Promise<unknown>) => {
        current = step;
        if (!usages.has(step)) usages.set(step, emptyUsage());
        const start = performance.now();
        const result = await work();
        usages.get(step)!.invocations.push({ group, ms: performance.now() - start });
        return result;
      };
      // The first session loads every function group (cold starts); the others are measured.
      await parkingSession(stack, run, '粤B0S000');
      const measured: Map<Step, StepUsage>[] = [];
      for (let session = 1; session <= sessionsMeasured; session += 1) {
        usages = new Map();
        await parkingSession(stack, run, `粤B0S${String(session).padStart(3, '0')}`);
        measured.push(usages);
      }
      const signature = (map: Map<Step, StepUsage>) =>
        JSON.stringify([...map].map(([step, usage]) => [step, [...usage.commands], [...usage.failed], usage.readUnits, usage.writeUnits]));
      const stable = measured.every((map) => signature(map) === signature(measured[0]!));
      const usage = measured[measured.length - 1]!;
      // Local durations: the median over the measured sessions of each step's HTTP round trip.
      const medianMs = (step: Step) => {
        const times = measured.map((map) => map.get(step)!.invocations[0]!.ms).sort((a, b) => a - b);
        return times[Math.floor(times.length / 2)]!;
      };

      const commandList = (map: Map<string, number>) => [...map].map(([name, n]) => `${n}× ${name.replace(/Command$/, '')}`).join(', ') || '—';
      const total = (pick: (u: StepUsage) => number, which = steps) => which.reduce((sum, { step }) => sum + pick(usage.get(step)!), 0);
      const calls = (u: StepUsage) => [...u.commands.values(), ...u.failed.values()].reduce((a, b) => a + b, 0);
      const isWrite = (name: string) => !readCommands.has(name) && !name.startsWith('Transact');
      const tally = (u: StepUsage, test: (name: string) => boolean) => [...u.commands].filter(([name]) => test(name)).reduce((sum, [, n]) => sum + n, 0);
      const reads = (u: StepUsage) => tally(u, (name) => readCommands.has(name) && !name.startsWith('Transact'));
      const writes = (u: StepUsage) => tally(u, isWrite);
      const transactions = (u: StepUsage) => tally(u, (name) => name.startsWith('Transact'));
      const units = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

      const stepRows = steps.map(({ step, what }) => {
        const u = usage.get(step)!;
        return `| ${what} | ${calls(u)} | ${reads(u)} | ${writes(u)} | ${transactions(u)} | ${units(u.readUnits)} | ${units(u.writeUnits)} | ${commandList(u.commands)}${u.failed.size > 0 ? `; refused: ${commandList(u.failed)}` : ''} |`;
      });
      const login = usage.get('login')!;

      // Cost per 1,000 sessions. Each step is one HTTP API request and one Lambda invocation.
      const sessions = 1000;
      const readUnits = total((u) => u.readUnits);
      const writeUnits = total((u) => u.writeUnits);
      const dynamoDb = (sessions * (readUnits * prices.dynamoDbPerMillionReadUnits + writeUnits * prices.dynamoDbPerMillionWriteUnits)) / 1e6;
      const invocations = steps.length;
      const gbSeconds = steps.reduce((sum, { step }) => {
        const group = usage.get(step)!.invocations[0]!.group;
        // Lambda bills whole milliseconds; at least 1 ms.
        return sum + (Math.max(1, Math.ceil(medianMs(step))) / 1000) * (functionGroups[group].memorySize / 1024);
      }, 0);
      const lambdaRequests = (sessions * invocations * prices.lambdaPerMillionRequests) / 1e6;
      const lambdaCompute = sessions * gbSeconds * prices.lambdaArmPerGbSecond;
      const httpApi = (sessions * invocations * prices.httpApiPerMillionRequests) / 1e6;
      const dollars = (value: number) => `$${value.toFixed(4)}`;
      const costTotal = dynamoDb + lambdaRequests + lambdaCompute + httpApi;

      const markdown = [
        '## What was measured',
        '',
        'One complete session of a plated car, through the real local API (DynamoDB Local, the local API server, signed lane',
        'devices, the WeChat Pay simulator): the entry camera sees the car (130 minutes ago), the driver asks the in-lot quote',
        'by plate, places a payment order, WeChat Pay (simulated) notifies our route, and the exit camera sees the car, which',
        'leaves in the grace window. A driver login comes before it (once per driver, not per session: shown apart).',
        '',
        'How: the benchmark adds one AWS SDK middleware to the shared document client of functions/store/client.ts, in the',
        'benchmark process only. It sets `ReturnConsumedCapacity: TOTAL` on every request and records the command name and the',
        'ConsumedCapacity that DynamoDB Local returns; the function code does not ask for capacity and is not changed.',
        `A first session warms every function group; ${sessionsMeasured} more were measured and ${stable ? 'all had identical calls and units' : 'they DIFFERED (the last is shown)'}.`,
        '',
        '## Per step',
        '',
        '| Step | DynamoDB calls | reads | writes | transactions | RCU | WCU | commands |',
        '|---|--:|--:|--:|--:|--:|--:|---|',
        ...stepRows,
        `| **Session total** | ${total(calls)} | ${total(reads)} | ${total(writes)} | ${total(transactions)} | ${units(readUnits)} | ${units(writeUnits)} | |`,
        '',
        `Driver login (per login, not per session): ${calls(login)} calls, ${units(login.readUnits)} RCU, ${units(login.writeUnits)} WCU (${commandList(login.commands)}).`,
        '',
        'Reads and writes count single-item and query calls; transactions count TransactWriteItems/TransactGetItems calls.',
        'The units are DynamoDB\'s rules as DynamoDB Local applies them (checked: a put carrying gsi1 keys reports 2 units,',
        'table and index; a one-item transaction 2): writes include the gsi1/gsi2 copies, transactions cost double, eventually',
        'consistent reads half. Refused calls',
        '(a failed condition) are listed apart: DynamoDB still charges their write units but returns no ConsumedCapacity, so',
        'they are not in the WCU column.',
        '',
        `## Cost model per ${sessions.toLocaleString('en-US')} sessions (AWS, ${prices.region}, on-demand)`,
        '',
        'Assumed unit prices (public list prices as assumed here; check the current AWS pricing pages before relying on them):',
        '',
        `- DynamoDB on-demand: $${prices.dynamoDbPerMillionWriteUnits} per million write request units, $${prices.dynamoDbPerMillionReadUnits} per million read request units`,
        `- Lambda (arm64): $${prices.lambdaPerMillionRequests} per million requests, $${prices.lambdaArmPerGbSecond} per GB-second`,
        `- API Gateway HTTP API: $${prices.httpApiPerMillionRequests} per million requests`,
        '',
        'Assumptions: each step is one API request and one Lambda invocation (the payment notification included); request',
        'units equal the capacity units measured above; Lambda duration per invocation is the median warm round trip of that',
        'step on the local stack (a stand-in for the cloud duration, which adds network latency to DynamoDB), rounded up to',
        'the millisecond, at the function group\'s memory size from functions/routes.ts. Not counted: the driver\'s login,',
        'free tiers, storage, TTL deletes, streams, CloudWatch logs and metrics, X-Ray, Secrets Manager reads (cached per',
        'container), IoT Core messages for lane commands, cold starts, data transfer and WeChat Pay\'s fee.',
        '',
        '| Item | Quantity per 1,000 sessions | Cost |',
        '|---|--:|--:|',
        `| DynamoDB reads | ${units(readUnits * sessions)} RRU | ${dollars((sessions * readUnits * prices.dynamoDbPerMillionReadUnits) / 1e6)} |`,
        `| DynamoDB writes | ${units(writeUnits * sessions)} WRU | ${dollars((sessions * writeUnits * prices.dynamoDbPerMillionWriteUnits) / 1e6)} |`,
        `| Lambda requests | ${invocations * sessions} | ${dollars(lambdaRequests)} |`,
        `| Lambda compute | ${(gbSeconds * sessions).toFixed(1)} GB-s | ${dollars(lambdaCompute)} |`,
        `| HTTP API requests | ${invocations * sessions} | ${dollars(httpApi)} |`,
        `| **Total** | | **${dollars(costTotal)}** |`,
        '',
        'Local durations used (median ms): ' + steps.map(({ step }) => `${step} ${medianMs(step).toFixed(1)}`).join(', ') + '.',
      ].join('\n');
      return {
        markdown,
        summary: [
          `per session: ${total(calls)} DynamoDB calls (${total(transactions)} transactions), ${units(readUnits)} RCU, ${units(writeUnits)} WCU${stable ? '' : ' (sessions differed!)'}`,
          `per 1,000 sessions (${prices.region}): ${dollars(costTotal)}`,
        ],
      };
    } finally {
      stopRecording();
      await stack.stop();
    }
  },
};
