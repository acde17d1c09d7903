/**
 * One lot's dashboard, named `parkade-lot-<lotId>`. Lots are data, created after deployment, so
 * the ops stack makes one per lot listed in the context value `parkade:lots`. The lot is a
 * dimension only of the lane heartbeats (devicesStack.ts); everything else about a lot comes from
 * the function logs, whose lines carry `lotId` for routes under /lots/{lotId}.
 */
import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, LogQueryVisualizationType, LogQueryWidget, MathExpression, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
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

  dashboard.addWidgets(
    new TextWidget({ markdown: `# Lot ${lotId}\nRunbooks: docs/operations.md. Lane heartbeats feed the "lane silent" alarms.`, width: 24, height: 2 }),
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
