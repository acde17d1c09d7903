/**
 * "Lane silent for N minutes": one alarm per lane, on the heartbeats the devices stack counts per
 * lot and lane (devicesStack.ts, `laneHeartbeatMetric`). Lanes are data, created after deployment,
 * so alarms are made here per lane the operator lists (context `parkade:lanes`), not per resource.
 * No heartbeat at all is the failure we look for, so missing data breaches.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { laneHeartbeatMetric } from '../stacks/devicesStack.js';

export interface Lane {
  lotId: string;
  laneId: string;
}

/** The heartbeats of one lane, summed over `minutes`. */
export const laneHeartbeats = ({ lotId, laneId }: Lane, minutes: number): Metric =>
  new Metric({
    namespace: laneHeartbeatMetric.namespace,
    metricName: laneHeartbeatMetric.metricName,
    dimensionsMap: { lotId, laneId },
    statistic: 'Sum',
    period: Duration.minutes(minutes),
  });

export const laneSilentAlarm = (scope: Construct, lane: Lane, silentMinutes: number, topic: ITopic): Alarm => {
  const alarm = new Alarm(scope, `LaneSilent-${lane.lotId}-${lane.laneId}`, {
    alarmName: `parkade-lane-silent-${lane.lotId}-${lane.laneId}`,
    alarmDescription: `No heartbeat from lane ${lane.laneId} of lot ${lane.lotId} for ${silentMinutes} minutes. Runbook: docs/operations.md "Lane silent".`,
    metric: laneHeartbeats(lane, silentMinutes),
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  alarm.addOkAction(new SnsAction(topic));
  return alarm;
};

/**
 * Lanes as the context gives them: `lot-1/entry-1,lot-1/exit-1` (from `-c`) or a JSON array of
 * the same strings (from cdk.json).
 */
export const lanesFromContext = (value: unknown): Lane[] =>
  listFromContext(value).map((entry) => {
    const [lotId, laneId, ...rest] = entry.split('/');
    if (!lotId || !laneId || rest.length > 0) throw new Error(`A lane is given as <lotId>/<laneId>, not ${entry}`);
    return { lotId, laneId };
  });

/** A list from the context: comma-separated (from `-c`) or a JSON array (from cdk.json). */
export const listFromContext = (value: unknown): string[] => {
  if (value === undefined) return [];
  const entries = Array.isArray(value) ? value : String(value).split(',');
  return entries.map((entry) => String(entry).trim()).filter((entry) => entry.length > 0);
};
