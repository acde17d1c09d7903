/**
 * Parkade's business metrics as CloudWatch EMF (namespace `Parkade`), one named function per
 * thing that happens, so call sites are one line; the names are metricNames.ts, which the dashboards
 * and alarms in infra/ read too.
 *
 * Each measure is written at once as its own EMF document (Powertools `singleMetric`, which
 * publishes on its one `addMetric`), under up to three dimension sets: `service` alone (the whole
 * deployment), `service` + the record's own dimension (decision, status, route, job) where it
 * has one, and that + `lotId` (a lot's dashboard) where it has a lot.
 * The per-invocation buffer (cold starts) is still flushed by the edge's middleware.
 *
 * Occupancy is a gauge of the lot's open sessions, counted every few minutes by the scheduler
 * (`recordOccupancy` job): counting on every lane event would query eight index shards per car,
 * and entries − exits drifts with every missed read.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { metrics } from '../http/observability.js';
import type { TransactionItem } from '../sessions/transactWrite.js';
import { lotDimension, parkadeMetricNames } from './metricNames.js';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

interface Measure {
  name: string;
  unit: Unit;
  value: number;
}

const count = (name: string, value = 1): Measure => ({ name, unit: MetricUnit.Count, value });

/** One EMF document per measure, under the dimension sets above (`extra`: e.g. `{ status }`). */
const emit = (measures: Measure[], { lotId, extra = {} }: { lotId?: string | undefined; extra?: Record<string, string> }): void => {
  for (const { name, unit, value } of measures) {
    const single: Metrics = metrics.singleMetric();
    // An empty set is Powertools' way to publish under `service` alone beside the other sets.
    single.addDimensions({});
    if (Object.keys(extra).length > 0) single.addDimensions(extra);
    if (lotId !== undefined) single.addDimensions({ ...extra, [lotDimension]: lotId });
    single.addMetric(name, unit, value);
  }
};

export interface GateDecisionRecord {
  lotId: string;
  type: 'entry' | 'exit';
  decision: string;
  /** From the request's arrival to the answer. */
  latencyMs: number;
  /** A copy of an event answered before: nothing moved, so no entry or exit is counted again. */
  replayed: boolean;
}

/** A barrier decision answered to a lane (online): its latency, and the car that came in or went out. */
export const recordGateDecision = ({ lotId, type, decision, latencyMs, replayed }: GateDecisionRecord): void => {
  const passed = decision === 'open' && !replayed;
  emit(
    [
      { name: parkadeMetricNames.gateDecisionLatency, unit: MetricUnit.Milliseconds, value: latencyMs },
      ...(passed ? [count(type === 'entry' ? parkadeMetricNames.entries : parkadeMetricNames.exits)] : []),
    ],
    { lotId },
  );
  emit([count(parkadeMetricNames.gateDecisions)], { lotId, extra: { decision } });
};

/** A payment credited once (revenue in fen); `laneReleased`: the car waiting at the exit went out with it. */
export const recordPaymentCredited = ({ lotId, amountFen, laneReleased }: { lotId: string; amountFen: number; laneReleased: boolean }): void => {
  emit([{ name: parkadeMetricNames.revenue, unit: MetricUnit.NoUnit, value: amountFen }, ...(laneReleased ? [count(parkadeMetricNames.exits)] : [])], { lotId });
  recordPaymentStatus(lotId, 'paid');
};

/** A payment order reached a state worth counting: paid, closed, failed, refunded. */
export const recordPaymentStatus = (lotId: string, status: string): void => emit([count(parkadeMetricNames.payments)], { lotId, extra: { status } });

export const recordCouponGranted = (lotId: string): void => emit([count(parkadeMetricNames.couponsGranted)], { lotId });

export const recordCouponsUsed = (lotId: string, used: number): void => emit(used > 0 ? [count(parkadeMetricNames.couponsUsed, used)] : [], { lotId });

/**
 * The coupons a committed transaction used: a visit ends inside its plate's transaction
 * (functions/merchants/couponSettlement.ts), which puts each coupon it uses with status `used`.
 */
export const recordCouponsUsedIn = (lotId: string, committed: readonly TransactionItem[]): void =>
  recordCouponsUsed(lotId, committed.filter(({ Put }) => Put?.Item?.entity === 'Coupon' && Put.Item.status === 'used').length);

/** The cars parked in the lot now (its open sessions). */
export const recordOccupancy = (lotId: string, occupied: number): void => emit([count(parkadeMetricNames.occupancy, occupied)], { lotId });

/** A request answered 5xx, by API Gateway route key. */
export const recordServerError = (routeKey: string): void => emit([count(parkadeMetricNames.serverErrors)], { extra: { route: routeKey } });

/** One lot's run of a scheduled job: its summary counts under the job's name, or a failure. */
export const recordJobRun = (job: string, lotId: string, outcome: { summary: Record<string, number> } | { failed: true }): void =>
  emit('failed' in outcome ? [count(parkadeMetricNames.jobFailures)] : Object.entries(outcome.summary).map(([name, value]) => count(name, value)), {
    lotId,
    extra: { job },
  });
