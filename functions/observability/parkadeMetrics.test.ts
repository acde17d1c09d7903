/**
 * The EMF documents CloudWatch turns into metrics: Powertools writes them to stdout, one JSON
 * document per line, and CloudWatch reads namespace, dimension sets and values from `_aws`.
 */
import { afterEach, beforeEach, expect, it, vi, type MockInstance } from 'vitest';

vi.hoisted(() => {
  delete process.env.POWERTOOLS_DEV;
});

import { recordCouponsUsed, recordCouponsUsedIn, recordGateDecision, recordJobRun, recordPaymentCredited, recordServerError } from './parkadeMetrics.js';

interface EmfDocument {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

let written: MockInstance<typeof process.stdout.write>;
beforeEach(() => {
  written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  written.mockRestore();
});

const documents = (): EmfDocument[] =>
  written.mock.calls
    .map(([chunk]) => String(chunk).trim())
    .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);

const metricNamesOf = (document: EmfDocument) => document._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name));

it('counts an entry that opened the barrier, with its latency, for the service and for the lot', () => {
  recordGateDecision({ lotId: 'lot-1', type: 'entry', decision: 'open', latencyMs: 42, replayed: false });
  const [measured, entered, decided] = documents();
  expect(measured?._aws.CloudWatchMetrics).toEqual([
    { Namespace: 'Parkade', Dimensions: [['service'], ['service', 'lotId']], Metrics: [{ Name: 'GateDecisionLatency', Unit: 'Milliseconds' }] },
  ]);
  expect(measured).toMatchObject({ service: 'parkade', lotId: 'lot-1', GateDecisionLatency: 42 });
  expect(entered).toMatchObject({ service: 'parkade', lotId: 'lot-1', Entries: 1 });
  expect(decided?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service'], ['service', 'decision'], ['service', 'decision', 'lotId']]);
  expect(decided).toMatchObject({ decision: 'open', GateDecisions: 1 });
});

it('counts no exit for a replayed answer or a car asked to pay', () => {
  recordGateDecision({ lotId: 'lot-1', type: 'exit', decision: 'open', latencyMs: 5, replayed: true });
  recordGateDecision({ lotId: 'lot-1', type: 'exit', decision: 'pay', latencyMs: 5, replayed: false });
  expect(documents().flatMap(metricNamesOf)).not.toContain('Exits');
});

it('credits revenue in fen, the exit of a car released by its payment, and a paid payment', () => {
  recordPaymentCredited({ lotId: 'lot-2', amountFen: 1100, laneReleased: true });
  const [credited, exited, status] = documents();
  expect(credited).toMatchObject({ lotId: 'lot-2', RevenueFen: 1100 });
  expect(exited).toMatchObject({ lotId: 'lot-2', Exits: 1 });
  expect(status).toMatchObject({ lotId: 'lot-2', status: 'paid', Payments: 1 });
});

it('writes nothing when no coupon was used', () => {
  recordCouponsUsed('lot-1', 0);
  expect(documents()).toEqual([]);
});

it('counts the coupons a committed transaction put as used, and nothing else it wrote', () => {
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: 't', Item } });
  recordCouponsUsedIn('lot-1', [
    put({ entity: 'Coupon', status: 'used' }),
    put({ entity: 'Coupon', status: 'used' }),
    put({ entity: 'Coupon', status: 'waiting' }),
    put({ entity: 'Session', status: 'used' }),
    { Delete: { TableName: 't', Key: { pk: 'SESSION#s', sk: 'COUPON#c' } } },
  ]);
  expect(documents()).toEqual([expect.objectContaining({ lotId: 'lot-1', CouponsUsed: 2 })]);
});

it('counts server errors by route, without a lot', () => {
  recordServerError('POST /device/events');
  const [document] = documents();
  expect(document?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service'], ['service', 'route']]);
  expect(document).toMatchObject({ route: 'POST /device/events', ServerErrors: 1 });
  expect(document).not.toHaveProperty('lotId');
});

it('reports a job run’s summary under the job, and a failure as JobFailures', () => {
  recordJobRun('expireCoupons', 'lot-1', { summary: { expired: 3, released: 2 } });
  recordJobRun('expireCoupons', 'lot-2', { failed: true });
  const [expired, released, failed] = documents();
  expect(expired).toMatchObject({ job: 'expireCoupons', lotId: 'lot-1', expired: 3 });
  expect(released).toMatchObject({ job: 'expireCoupons', lotId: 'lot-1', released: 2 });
  expect(failed).toMatchObject({ job: 'expireCoupons', lotId: 'lot-2', JobFailures: 1 });
  expect(failed?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service'], ['service', 'job'], ['service', 'job', 'lotId']]);
});
