import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SimulatedPaymentProvider } from '../functions/wechat/pay/index.js';
import { foldLedger } from '../shared/merchants/index.js';
import { deviceFetch, type DeviceCredentials } from '../scripts/sim/deviceClient.js';
import type { Benchmark } from './benchmark.js';
import { startBenchStack, type BenchStack } from './localStack.js';

/**
 * A simulated mall day through the real local HTTP API: thousands of cars (PARKADE_MALL_DAY_SESSIONS,
 * default 3,000) in twelve opening hours whose arrivals peak at opening and closing, at most
 * PARKADE_MALL_DAY_CONCURRENCY (default 16) cars in flight. The clock is real: a car's stay is
 * back-dated by its dwell time (its entry event's `at` is now − dwell, which devices may send),
 * so a day's load runs in minutes and every quote, order and exit is computed as in the lot.
 *
 * The mix: short free stays; stays of one to ten hours; a merchant's two-hour coupon for some
 * (granted by a clerk, by plate, while the car is parked); drivers paying in the mini-program
 * (WeChat Pay simulator, notification through our route) and some paying at the exit lane after
 * the barrier asked; club members (a verified phone, a bound plate, joined); cars without a
 * plate (temporary plate at the entry lane's code, the phone typed at the exit). At the end the
 * table is scanned and checked: every car's session closed exactly once, every payment credited
 * once, revenue equal to the paid orders and to what the simulator charged, every merchant's
 * account equal to its ledger, and no session closed owing that was paid.
 */

const sessions = Number(process.env.PARKADE_MALL_DAY_SESSIONS ?? 3000);
const concurrency = Number(process.env.PARKADE_MALL_DAY_CONCURRENCY ?? 16);
/** Arrivals per opening hour, 10:00 to 22:00: the opening rush and the evening peak. */
const hourWeights = [14, 8, 6, 6, 5, 5, 5, 6, 7, 9, 13, 16];

type Kind = 'plated' | 'noPlate';
interface Car {
  index: number;
  kind: Kind;
  plate: string;
  dwellMinutes: number;
  coupon: boolean;
  member: boolean;
  /** Pays after the exit lane asked (scans the exit lane's code) rather than before leaving. */
  paysAtBarrier: boolean;
}

/** A deterministic pseudo-random stream, so every run simulates the same day. */
const random = (() => {
  let state = 20261123;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
})();

const dwellOf = (): number => {
  const roll = random();
  if (roll < 0.25) return 3 + Math.floor(random() * 11);
  if (roll < 0.7) return 60 + Math.floor(random() * 120);
  if (roll < 0.9) return 180 + Math.floor(random() * 180);
  return 360 + Math.floor(random() * 240);
};

const carsOfDay = (): Car[][] => {
  const total = hourWeights.reduce((sum, weight) => sum + weight, 0);
  let index = 0;
  return hourWeights.map((weight, hour) => {
    const count = hour === hourWeights.length - 1 ? sessions - index : Math.round((sessions * weight) / total);
    return Array.from({ length: Math.max(0, count) }, () => {
      index += 1;
      const kind: Kind = random() < 0.05 ? 'noPlate' : 'plated';
      return {
        index,
        kind,
        plate: `粤B${String(10_000 + index)}`,
        dwellMinutes: dwellOf(),
        coupon: kind === 'plated' && random() < 0.3,
        member: kind === 'plated' && random() < 0.05,
        paysAtBarrier: kind === 'plated' && random() < 0.1,
      };
    });
  });
};

/** Latency samples per route key, in milliseconds. */
const latencies = new Map<string, number[]>();
/** 5xx answers sent again, per route: what a device, the mini-program or WeChat Pay would do. */
const retries = new Map<string, number>();
const failures: string[] = [];

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const maxRetries = 3;

/** One request, timed; a 5xx is sent again (the same request: same event id, same Idempotency-Key) up to three times. */
const timed = async (route: string, send: () => Promise<Response>): Promise<{ status: number; body: any }> => {
  for (let attempt = 0; ; attempt += 1) {
    const start = performance.now();
    const response = await send();
    const text = await response.text();
    const ms = performance.now() - start;
    if (!latencies.has(route)) latencies.set(route, []);
    latencies.get(route)!.push(ms);
    if (response.status < 500 || attempt === maxRetries) return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    retries.set(route, (retries.get(route) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
  }
};

const expectStatus = (what: string, answer: { status: number; body: any }, ...statuses: number[]) => {
  if (!statuses.includes(answer.status)) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer.body;
};

/** Runs `work` over `items` with at most `limit` in flight. */
const pool = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        await work(item);
      }
    }),
  );
};

/** One car at a time at a lane whose waiting car a driver looks up (the barrier-payers' lane). */
const laneLock = (() => {
  let tail: Promise<void> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
})();

const day = async (stack: BenchStack) => {
  const api = stack.api.url;
  const lotId = stack.lot.lotId;
  const entryDevices = stack.lot.devices.filter((device) => device.direction === 'entry');
  const exitDevices = stack.lot.devices.filter((device) => device.direction === 'exit');
  const barrierLane = exitDevices.at(-1)!;
  const leaveLanes = exitDevices.slice(0, -1);
  const payer = new SimulatedPaymentProvider({ dir: stack.weChatDir, notifyUrl: stack.notifyUrl });

  const json = (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const laneEvent = (device: DeviceCredentials, body: Record<string, unknown>) => {
    const event = { eventId: `md-${randomBytes(6).toString('hex')}`, laneId: device.laneId, type: device.direction, ...body };
    return timed('POST /device/events', () => deviceFetch(api, device, { method: 'POST', path: '/device/events', body: event }));
  };
  /** The simulator's WeChat user is the code's part before its first "-": one per `who`. */
  const login = async (who: string): Promise<string> =>
    expectStatus('login', await timed('POST /driver/login', () => json('POST', '/driver/login', undefined, { code: `${who}-${randomBytes(4).toString('hex')}` })), 200).token;

  const staff = await Promise.all(
    stack.lot.merchants.map(async (merchant) => ({
      merchantId: merchant.merchantId,
      token: expectStatus('merchant login', await timed('POST /merchant/login', () => json('POST', '/merchant/login', undefined, { login: merchant.login, password: merchant.password })), 200).token as string,
    })),
  );
  // A driver may look up 20 plates in 10 minutes: each driver of the pool pays for a few cars.
  const drivers: string[] = [];
  await pool(Array.from({ length: Math.max(20, Math.ceil(sessions / 8)) }, (_, index) => index), concurrency, async (index) => {
    drivers[index] = await login(`mallDriver${index}`);
  });
  const driverOf = (car: Car) => drivers[car.index % drivers.length]!;

  // Every function group answers once before the day, so no car waits for a module to load.
  const someToken = drivers[0]!;
  await timed('warm-up', () => json('GET', '/health', undefined));
  await timed('warm-up', () => deviceFetch(api, entryDevices[0]!, { method: 'GET', path: '/device/config' }));
  await timed('warm-up', () => json('GET', '/orders/warm-up-0', someToken));
  await timed('warm-up', () => json('GET', '/driver/memberships', someToken));
  latencies.clear();
  retries.clear();

  const counts = { cars: 0, entered: 0, noPlate: 0, coupons: 0, couponGrantsRefused: 0, members: 0, membersRefused: [] as string[], paidInApp: 0, paidAtBarrier: 0, leftFree: 0 };
  const paidSessions = new Set<string>();
  let quotesChanged = 0;

  const pay = async (token: string, quote: { sessionId: string; due: number; coversUntil: string }, laneId?: string) => {
    const idempotencyKey = `md-${randomBytes(8).toString('hex')}`;
    const place = (offer: { due: number; coversUntil: string }) =>
      timed('POST /sessions/{sessionId}/orders', () =>
        json('POST', `/sessions/${quote.sessionId}/orders`, token, { amountFen: offer.due, coversUntil: offer.coversUntil, ...(laneId ? { laneId } : {}) }, { 'idempotency-key': idempotencyKey }),
      );
    let answer = await place(quote);
    // A minute passed between the quote and the order: the driver confirms the new fee, as the mini-program asks.
    if (answer.status === 409 && answer.body?.error?.details?.reason === 'amountChanged') {
      quotesChanged += 1;
      answer = await place(answer.body.error.details.quote);
    }
    const placed = expectStatus('order', answer, 201);
    const start = performance.now();
    let delivery = await payer.pay(placed.order.orderId);
    // WeChat Pay sends a notification again until our route takes it (15 times over 24 h).
    for (let again = 0; !delivery.delivered && again < maxRetries; again += 1) {
      retries.set('POST /payments/wechat/notify (pay + notify)', (retries.get('POST /payments/wechat/notify (pay + notify)') ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 500 * (again + 1)));
      delivery = await payer.redeliverPaymentNotification(placed.order.orderId);
    }
    if (!latencies.has('POST /payments/wechat/notify (pay + notify)')) latencies.set('POST /payments/wechat/notify (pay + notify)', []);
    latencies.get('POST /payments/wechat/notify (pay + notify)')!.push(performance.now() - start);
    if (!delivery.delivered) throw new Error(`payment notification refused: ${JSON.stringify(delivery)}`);
    paidSessions.add(quote.sessionId);
  };

  const platedCar = async (car: Car) => {
    const token = driverOf(car);
    const entryDevice = entryDevices[car.index % entryDevices.length]!;
    const entered = expectStatus('entry', await laneEvent(entryDevice, { plate: car.plate, at: new Date(Date.now() - car.dwellMinutes * 60_000).toISOString() }), 200);
    if (entered.decision !== 'open') throw new Error(`entry of ${car.plate}: ${JSON.stringify(entered)}`);
    counts.entered += 1;
    if (car.member) {
      const memberToken = await login(`mallMember${car.index}`);
      expectStatus('bind plate', await timed('POST /driver/plates', () => json('POST', '/driver/plates', memberToken, { plate: car.plate })), 201);
      expectStatus('phone', await timed('POST /driver/phone', () => json('POST', '/driver/phone', memberToken, { code: `139${String(car.index).padStart(8, '0')}-m` })), 200);
      const joined = await timed('POST /driver/memberships', () => json('POST', '/driver/memberships', memberToken, { lotId, plate: car.plate }));
      if (joined.status < 300) counts.members += 1;
      else counts.membersRefused.push(`${joined.status} ${joined.body?.error?.message ?? ''}`);
    }
    if (car.coupon) {
      const clerk = staff[car.index % staff.length]!;
      const grant = await timed('POST /merchant/coupons', () => json('POST', '/merchant/coupons', clerk.token, { templateId: 'two-hours', plate: car.plate }, { 'idempotency-key': `md-grant-${car.index}` }));
      if (grant.status === 201) counts.coupons += 1;
      else counts.couponGrantsRefused += 1;
    }
    if (car.paysAtBarrier) {
      await laneLock(async () => {
        const exit = expectStatus('exit', await laneEvent(barrierLane, { plate: car.plate, at: new Date().toISOString() }), 200);
        if (exit.decision === 'open') {
          counts.leftFree += 1;
          return;
        }
        if (exit.decision !== 'pay') throw new Error(`exit of ${car.plate}: ${JSON.stringify(exit)}`);
        const atLane = expectStatus('vehicle', await timed('GET /lots/{lotId}/lanes/{laneId}/vehicle', () => json('GET', `/lots/${lotId}/lanes/${barrierLane.laneId}/vehicle`, token)), 200);
        if (atLane.plate !== car.plate) throw new Error(`the lane shows ${atLane.plate}, not ${car.plate}`);
        await pay(token, atLane, barrierLane.laneId);
        counts.paidAtBarrier += 1;
      });
      return;
    }
    const quote = expectStatus('quote', await timed('GET /lots/{lotId}/plates/{plate}/quote', () => json('GET', `/lots/${lotId}/plates/${encodeURIComponent(car.plate)}/quote`, token)), 200);
    if (quote.due > 0) {
      await pay(token, quote);
      counts.paidInApp += 1;
    } else counts.leftFree += 1;
    const exitDevice = leaveLanes[car.index % leaveLanes.length]!;
    const exit = expectStatus('exit', await laneEvent(exitDevice, { plate: car.plate, at: new Date().toISOString() }), 200);
    if (exit.decision !== 'open') throw new Error(`exit of ${car.plate} after paying: ${JSON.stringify(exit)}`);
  };

  const noPlateCar = async (car: Car) => {
    const token = await login(`mallNoPlate${car.index}`);
    const entryDevice = entryDevices[car.index % entryDevices.length]!;
    expectStatus('entry read', await laneEvent(entryDevice, { plate: null, at: new Date().toISOString() }), 200);
    const entered = expectStatus('no-plate entry', await timed('POST /lots/{lotId}/lanes/{laneId}/no-plate-entry', () => json('POST', `/lots/${lotId}/lanes/${entryDevice.laneId}/no-plate-entry`, token)), 201, 200);
    counts.entered += 1;
    const phone = `137${String(car.index).padStart(8, '0')}`;
    expectStatus('phone', await timed('POST /driver/phone', () => json('POST', '/driver/phone', token, { code: `${phone}-x` })), 200);
    await laneLock(async () => {
      const exit = expectStatus('exit', await laneEvent(barrierLane, { plate: null, phone, at: new Date().toISOString() }), 200);
      if (exit.decision === 'open') {
        counts.leftFree += 1;
        return;
      }
      if (exit.decision !== 'pay' || exit.sessionId !== entered.sessionId) throw new Error(`no-plate exit: ${JSON.stringify(exit)}`);
      const atLane = expectStatus('vehicle', await timed('GET /lots/{lotId}/lanes/{laneId}/vehicle', () => json('GET', `/lots/${lotId}/lanes/${barrierLane.laneId}/vehicle`, token)), 200);
      await pay(token, atLane, barrierLane.laneId);
      counts.paidAtBarrier += 1;
    });
    counts.noPlate += 1;
  };

  const hours = carsOfDay();
  const hourly: { hour: string; cars: number; seconds: number }[] = [];
  const started = performance.now();
  for (const [hour, cars] of hours.entries()) {
    const hourStart = performance.now();
    await pool(cars, concurrency, async (car) => {
      try {
        await (car.kind === 'plated' ? platedCar(car) : noPlateCar(car));
        counts.cars += 1;
      } catch (error) {
        failures.push(`car ${car.index} (${car.kind}, ${car.dwellMinutes} min): ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    hourly.push({ hour: `${10 + hour}:00`, cars: cars.length, seconds: (performance.now() - hourStart) / 1000 });
  }
  const seconds = (performance.now() - started) / 1000;
  return { counts: { ...counts, quotesChanged }, hourly, seconds, paidSessions, payer };
};

const scanAll = async (stack: BenchStack): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.documents.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
};

const checksOf = async (stack: BenchStack, expectedCars: number, simulatorCharged: number) => {
  const items = await scanAll(stack);
  const of = (entity: string) => items.filter((item) => item.entity === entity);
  const sessionItems = of('Session').filter((session) => session.lotId === stack.lot.lotId);
  const payments = of('Payment');
  const paidOrders = of('PaymentOrder').filter((order) => order.state === 'paid');
  const paymentsPerOrder = new Map<string, number>();
  for (const payment of payments) paymentsPerOrder.set(payment.orderId, (paymentsPerOrder.get(payment.orderId) ?? 0) + 1);
  const paidSessionIds = new Set(payments.map((payment) => payment.sessionId));
  const sessionsPerPlate = new Map<string, number>();
  for (const session of sessionItems) sessionsPerPlate.set(session.plate, (sessionsPerPlate.get(session.plate) ?? 0) + 1);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const revenue = sum(payments.map((payment) => Number(payment.amountFen)));
  const ordered = sum(paidOrders.map((order) => Number(order.amountFen)));
  const merchants = stack.lot.merchants.map((merchant) => {
    const entries = of('LedgerEntry').filter((entry) => entry.merchantId === merchant.merchantId);
    const account = of('MerchantAccount').find((item) => item.merchantId === merchant.merchantId);
    const folded = foldLedger(entries as { amountFen: number; heldDeltaFen: number }[]);
    return { name: merchant.name, entries: entries.length, folded, account: { balanceFen: account?.balanceFen ?? 0, heldFen: account?.heldFen ?? 0 } };
  });
  const check = (what: string, ok: boolean, detail: string) => ({ what, ok, detail });
  return {
    revenue,
    checks: [
      check('every car that came in has exactly one session', sessionItems.length === expectedCars && [...sessionsPerPlate.values()].every((n) => n === 1), `${sessionItems.length} sessions for ${expectedCars} cars that came in`),
      check('every session is closed, once', sessionItems.every((session) => session.status === 'closed' && typeof session.closedAt === 'string'), `${sessionItems.filter((session) => session.status === 'closed').length} closed, ${sessionItems.filter((session) => session.status !== 'closed').length} open`),
      check('every payment credited once', [...paymentsPerOrder.values()].every((n) => n === 1) && payments.length === paidOrders.length, `${payments.length} payments for ${paidOrders.length} paid orders`),
      check('revenue = Σ paid orders = what WeChat Pay charged', revenue === ordered && ordered === simulatorCharged, `¥${(revenue / 100).toFixed(2)} credited, ¥${(ordered / 100).toFixed(2)} in paid orders, ¥${(simulatorCharged / 100).toFixed(2)} charged by the simulator`),
      check(
        "each merchant's account = Σ its ledger entries",
        merchants.every((merchant) => merchant.account.balanceFen === merchant.folded.balanceFen && merchant.account.heldFen === merchant.folded.heldFen),
        merchants.map((merchant) => `${merchant.name}: ${merchant.entries} entries, balance ${merchant.account.balanceFen} = ${merchant.folded.balanceFen}, held ${merchant.account.heldFen} = ${merchant.folded.heldFen}`).join('; '),
      ),
      check('nothing owed that was paid', sessionItems.every((session) => !(Number(session.owingFen ?? 0) > 0 && paidSessionIds.has(session.sessionId))), `${sessionItems.filter((session) => Number(session.owingFen ?? 0) > 0).length} sessions closed owing`),
    ],
  };
};

export const mallDay: Benchmark = {
  name: 'mall-day',
  title: 'A simulated mall day through the local HTTP API',
  async run() {
    latencies.clear();
    retries.clear();
    failures.length = 0;
    const stack = await startBenchStack({ lanesPerDirection: 4 });
    try {
      const { counts, hourly, seconds, payer } = await day(stack);
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: stack.lot.timezone });
      const bill = await payer.downloadTradeBill(today);
      const charged = bill.records.filter((record) => record.tradeState === 'SUCCESS').reduce((sum, record) => sum + record.orderFen, 0);
      const { revenue, checks } = await checksOf(stack, counts.entered, charged);
      const requests = [...latencies.values()].reduce((sum, samples) => sum + samples.length, 0);
      const rows = [...latencies].sort(([a], [b]) => a.localeCompare(b)).map(([route, samples]) => {
        const sorted = [...samples].sort((a, b) => a - b);
        return `| \`${route}\` | ${samples.length} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 95).toFixed(0)} | ${percentile(sorted, 99).toFixed(0)} | ${sorted.at(-1)!.toFixed(0)} |`;
      });
      const allPassed = checks.every((check) => check.ok) && failures.length === 0;
      const markdown = [
        `${sessions} cars, at most ${concurrency} in flight, through the local API server (scripts/local/apiServer.ts) on DynamoDB Local, four entry and four exit lanes; \`PARKADE_MALL_DAY_SESSIONS\` and \`PARKADE_MALL_DAY_CONCURRENCY\` change the size. The clock is real: each car's entry is back-dated by its dwell time, so a day's load runs in minutes.`,
        '',
        '## The day',
        '',
        `- Cars completed: ${counts.cars} of ${sessions} (${failures.length} failed), ${counts.noPlate} without a plate (temporary plate at the entry code, phone typed at the exit)`,
        `- Paid in the mini-program before leaving: ${counts.paidInApp}; paid after the exit lane asked (exit-lane code): ${counts.paidAtBarrier}; left free (free minutes or a coupon covering the stay): ${counts.leftFree}`,
        `- Coupons granted by merchant clerks: ${counts.coupons} (${counts.couponGrantsRefused} refused)`,
        `- Club members joined: ${counts.members}${counts.membersRefused.length > 0 ? `; ${counts.membersRefused.length} joins refused, e.g. ${counts.membersRefused[0]}` : ''}`,
        `- Revenue: ¥${(revenue / 100).toFixed(2)}`,
        `- Sent again after a 5xx (as devices, the mini-program and WeChat Pay do): ${[...retries].map(([route, n]) => `${n}× \`${route}\``).join(', ') || 'none'}; orders re-placed at the new fee after the quote moved on a minute: ${counts.quotesChanged}`,
        `- Wall time ${seconds.toFixed(1)} s: ${(counts.cars / seconds).toFixed(1)} cars/s, ${(requests / seconds).toFixed(0)} requests/s (${requests} requests)`,
        '',
        '| Opening hour | Cars | Seconds | Cars/s |',
        '| --- | ---: | ---: | ---: |',
        ...hourly.map((hour) => `| ${hour.hour} | ${hour.cars} | ${hour.seconds.toFixed(1)} | ${(hour.cars / hour.seconds).toFixed(1)} |`),
        '',
        '## Latency per route (ms, client side, including the local server)',
        '',
        '| Route | Requests | p50 | p95 | p99 | max |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
        '',
        '"pay + notify" is the WeChat Pay simulator paying the order and posting its signed notification to our route.',
        '',
        `## Checks at the end of the day: ${allPassed ? 'all passed' : 'FAILED'}`,
        '',
        '| Check | Result | Detail |',
        '| --- | --- | --- |',
        ...checks.map((check) => `| ${check.what} | ${check.ok ? 'passed' : '**failed**'} | ${check.detail} |`),
        ...(failures.length > 0 ? ['', `Cars that failed (${failures.length}; first 10):`, '', ...failures.slice(0, 10).map((failure) => `- ${failure}`)] : []),
      ].join('\n');
      if (!allPassed) process.exitCode = 1;
      return {
        markdown,
        summary: [
          `${counts.cars}/${sessions} cars in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)} requests/s), revenue ¥${(revenue / 100).toFixed(2)}`,
          `checks: ${checks.map((check) => `${check.what}: ${check.ok ? 'ok' : 'FAILED'}`).join('; ')}`,
          ...failures.slice(0, 3),
        ],
      };
    } finally {
      await stack.stop();
    }
  },
};
