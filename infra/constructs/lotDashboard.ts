/**
 * One lot's dashboard, named `parkade-lot-<lotId>`. Lots are data, created after deployment, so
 * the ops stack makes one per lot listed in the context value `parkade:lots`. The lot's business
 * metrics (functions/observability/metricNames.ts, dimension lotId): cars in and out, occupancy,
 * revenue, gate decision latency, coupons, payments by status; its lane heartbeats
 * (devicesStack.ts); and from the function logs, whose lines carry `lotId`, its requests,
 * operator actions and failures.
 */
import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, LogQueryVisualizationType, LogQueryWidget, MathExpression, Metric, Stats, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { lotDimension, parkadeMetricNames } from '../../functions/observability/metricNames.js';
import { metricsNamespace, serviceName } from '../settings.js';
import { laneHeartbeatMetric } from '../stacks/devicesStack.js';

/** Dashboard names allow letters, digits, `-` and `_` only; lot ids used here must too. */
const lotIdPattern = /^[A-Za-z0-9_-]{1,200}$/;

export interface LotDashboardProps {
  /** The function log groups (names) the lot's requests are logged in. */
  functionLogGroupNames: string[];
}

export const lotDashboardName = (lotId: string): string => `parkade-lot-${lotId}`;

export const lotDashboard = (scope: Construct, lotId: string, { functionLogGroupNames }: LotDashboardProps): Dashboard => {
  if (!lotIdPattern.test(lotId)) throw new Error(`A lot id for a dashboard is letters, digits, - and _ only, not ${lotId}`);
  const lot = JSON.stringify(lotId);
  const dashboard = new Dashboard(scope, `LotDashboard-${lotId}`, { dashboardName: lotDashboardName(lotId), defaultInterval: Duration.hours(24) });
  const logs = (title: string, queryLines: string[], view = LogQueryVisualizationType.TABLE) =>
    new LogQueryWidget({ title, logGroupNames: functionLogGroupNames, queryLines, view, width: 12, height: 6 });
  const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 8, height: 6 });
  const ofLot = (metricName: string, statistic: string, label: string, period = Duration.hours(1)) =>
    new Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { service: serviceName, [lotDimension]: lotId }, statistic, period, label });

  dashboard.addWidgets(
    new TextWidget({ markdown: `# Lot ${lotId}\nRunbooks: docs/operations.md. Lane heartbeats feed the "lane silent" alarms.`, width: 24, height: 2 }),
  );
  dashboard.addWidgets(
    graph(`Cars in and out of lot ${lotId} (hourly)`, [ofLot(parkadeMetricNames.entries, Stats.SUM, 'entries'), ofLot(parkadeMetricNames.exits, Stats.SUM, 'exits')]),
    graph(`Cars parked in lot ${lotId}`, [ofLot(parkadeMetricNames.occupancy, Stats.MAXIMUM, 'parked', Duration.minutes(5))]),
    graph(`Revenue of lot ${lotId} (hourly, yuan)`, [
      new MathExpression({ expression: 'fen / 100', usingMetrics: { fen: ofLot(parkadeMetricNames.revenue, Stats.SUM, 'fen') }, label: 'yuan', period: Duration.hours(1) }),
    ]),
  );
  dashboard.addWidgets(
    graph(`Gate decision latency in lot ${lotId} (ms)`, [
      ofLot(parkadeMetricNames.gateDecisionLatency, Stats.p(50), 'p50', Duration.minutes(5)),
      ofLot(parkadeMetricNames.gateDecisionLatency, Stats.p(99), 'p99', Duration.minutes(5)),
    ]),
    graph(`Coupons in lot ${lotId} (hourly)`, [ofLot(parkadeMetricNames.couponsGranted, Stats.SUM, 'granted'), ofLot(parkadeMetricNames.couponsUsed, Stats.SUM, 'used')]),
    graph(`Payments in lot ${lotId} by status (hourly)`, [
      new MathExpression({
        expression: `SEARCH('{${metricsNamespace},${lotDimension},service,status} MetricName="${parkadeMetricNames.payments}" ${lotDimension}=${lot}', 'Sum', 3600)`,
        label: '',
        period: Duration.hours(1),
      }),
    ]),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: `Lane heartbeats in lot ${lotId} (per lane, 5 min)`,
      width: 12,
      height: 6,
      left: [
        new MathExpression({
          expression: `SEARCH('{${laneHeartbeatMetric.namespace},${laneHeartbeatMetric.dimensions.join(',')}} MetricName="${laneHeartbeatMetric.metricName}" lotId=${lot}', 'Sum', 300)`,
          label: '',
          period: Duration.minutes(5),
        }),
      ],
    }),
    logs(`Requests about lot ${lotId} by route (hourly)`, [`filter lotId = ${lot}`, 'stats count(*) as requests by bin(1h), routeKey'], LogQueryVisualizationType.BAR),
  );
  dashboard.addWidgets(
    logs(`Operator actions in lot ${lotId}`, [
      'fields @timestamp, routeKey, message, status, code, reason',
      `filter lotId = ${lot} and routeKey like /^POST \\/lots\\//`,
      'sort @timestamp desc',
      'limit 50',
    ]),
    logs(`Failures about lot ${lotId}`, [
      'fields @timestamp, routeKey, message, requestId',
      `filter lotId = ${lot} and level = "ERROR"`,
      'sort @timestamp desc',
      'limit 50',
    ]),
  );
  return dashboard;
};
