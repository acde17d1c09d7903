/**
 * Operating Parkade: alarms to one SNS topic, the operations dashboard and one dashboard per lot,
 * saved Logs Insights queries, the reports bucket, and the scheduled jobs (their function and
 * EventBridge Scheduler schedules: constructs/scheduledJobs.ts). It takes what it watches from
 * the other stacks as props and owns nothing they need.
 *
 * Context values (all optional; docs/operations.md "Deploying"):
 *   parkade:alarmEmail        an address subscribed to the alarm topic
 *   parkade:lots              lots with a dashboard: `lot-1,lot-2`
 *   parkade:lanes             lanes with a "lane silent" alarm: `lot-1/entry-1,lot-1/exit-1`
 *   parkade:laneSilentMinutes how long a lane may be silent before it alarms (default 10)
 *
 * The code's EMF metrics (namespace Parkade, dimension service=parkade; the business ones of
 * functions/observability/metricNames.ts also per lot, dimension lotId) are entries, exits,
 * occupancy, gate decisions and their latency, revenue, payments by status, coupons, server
 * errors by route and job failures, plus OfflineEventsReceived, LaneCommandPushFailed and
 * ColdStart. Payment notification failures are counted by a metric filter on the API access
 * log: 5xx answers on the notification route, which WeChat Pay retries.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
  type AlarmProps,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, QueryDefinition, QueryString, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { routeKeyOf, routes } from '../../functions/routes.js';
import { parkadeMetricNames } from '../../functions/observability/metricNames.js';
import { jobSchedules } from '../../functions/schedules/jobSchedules.js';
import { laneSilentAlarm, lanesFromContext, listFromContext } from '../constructs/laneSilentAlarm.js';
import { lotDashboard } from '../constructs/lotDashboard.js';
import { ScheduledJobs } from '../constructs/scheduledJobs.js';
import type { WeChatSecrets } from '../constructs/weChatSecrets.js';
import { metricsNamespace, serviceName } from '../settings.js';

export const opsContextKeys = {
  alarmEmail: 'parkade:alarmEmail',
  lots: 'parkade:lots',
  lanes: 'parkade:lanes',
  laneSilentMinutes: 'parkade:laneSilentMinutes',
} as const;

const defaultLaneSilentMinutes = 10;

/** WeChat Pay's notification route, from the route table. */
export const notifyRouteKey = routeKeyOf(routes.find((route) => route.path === '/payments/wechat/notify') ?? { method: 'POST', path: '/payments/wechat/notify' });

export const paymentNotificationFailuresMetric = { namespace: metricsNamespace, metricName: 'PaymentNotificationFailures' } as const;

export interface OpsStackProps extends StackProps {
  api: IHttpApi;
  /** The API's access log group (one JSON object per request: routeKey, path, status, …). */
  accessLogs: ILogGroup;
  /** ApiStack.functions: one function per function group, each with its own log group. */
  functions: Record<string, LambdaFunction>;
  table: ITable;
  /** The WeChat Pay secret: the daily reports reconcile the provider's trade bill. */
  weChatSecrets: WeChatSecrets;
}

/** Minutes per alarm period; short enough to page within a quarter of an hour. */
const period = Duration.minutes(5);

/** The table operations the functions use; an alarm's metric math takes at most 10 metrics. */
const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

export class OpsStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  readonly lotDashboards: Dashboard[];
  readonly reportsBucket: Bucket;
  readonly scheduledJobs: ScheduledJobs;

  constructor(scope: Construct, id: string, { api, accessLogs, functions, table, weChatSecrets, ...props }: OpsStackProps) {
    super(scope, id, { description: 'Parkade operations: alarms, dashboards, saved queries, reports bucket', ...props });

    // Our own key: CloudWatch alarms cannot publish to a topic under the AWS managed aws/sns key,
    // whose policy cannot be changed to let cloudwatch.amazonaws.com use it.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Parkade alarm topic: encrypts alarm notifications at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Parkade alarms', masterKey: topicKey, enforceSSL: true });
    const alarmEmail = this.node.tryGetContext(opsContextKeys.alarmEmail) as string | undefined;
    if (alarmEmail !== undefined && alarmEmail !== '') {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) throw new Error(`${opsContextKeys.alarmEmail} must be an e-mail address, not ${alarmEmail}`);
      this.alarmTopic.addSubscription(new EmailSubscription(alarmEmail));
    }

    this.reportsBucket = this.reports();
    this.scheduledJobs = new ScheduledJobs(this, 'ScheduledJobs', { table, reportsBucket: this.reportsBucket, weChatSecrets });

    const functionEntries: [string, LambdaFunction][] = [...Object.entries(functions), ['schedules', this.scheduledJobs.function]];
    const functionLogGroupNames = functionEntries.map(([, fn]) => fn.logGroup.logGroupName);

    // API
    const apiRequests = api.metricCount({ period, statistic: Stats.SUM });
    const apiServerErrors = api.metricServerError({ period, statistic: Stats.SUM });
    this.alarm('Api5xxRate', {
      alarmName: 'parkade-api-5xx-rate',
      alarmDescription: 'More than 5% of API requests answered 5xx (when at least 10 requests in 5 minutes), twice in 15 minutes. Runbook: docs/operations.md "API 5xx rate".',
      metric: new MathExpression({
        expression: 'IF(requests >= 10, 100 * errors / requests, 0)',
        usingMetrics: { requests: apiRequests, errors: apiServerErrors },
        label: 'API 5xx %',
        period,
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    // Lambda, per function group
    for (const [name, fn] of functionEntries) {
      this.alarm(`${name}Errors`, {
        alarmName: `parkade-${name}-errors`,
        alarmDescription: `The ${name} function failed (crashed or timed out) 3 or more times in 5 minutes. Runbook: docs/operations.md "Lambda errors".`,
        metric: fn.metricErrors({ period, statistic: Stats.SUM }),
        threshold: 3,
        evaluationPeriods: 1,
      });
      this.alarm(`${name}Throttles`, {
        alarmName: `parkade-${name}-throttles`,
        alarmDescription: `The ${name} function was throttled in the last 5 minutes. Runbook: docs/operations.md "Lambda throttles".`,
        metric: fn.metricThrottles({ period, statistic: Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }

    // Scheduled jobs: one lot's failure does not stop the others, but is told here.
    for (const { job } of jobSchedules) {
      this.alarm(`JobFailures-${job}`, {
        alarmName: `parkade-job-failures-${job}`,
        alarmDescription: `The scheduled job ${job} failed for at least one lot (the log line "Job failed" names it). Runbook: docs/operations.md "Scheduled job failures".`,
        metric: new Metric({ namespace: metricsNamespace, metricName: parkadeMetricNames.jobFailures, dimensionsMap: { service: serviceName, job }, period, statistic: Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    this.alarm('ReconciliationMismatches', {
      alarmName: 'parkade-reconciliation-mismatches',
      alarmDescription: "Yesterday's reconciliation found orders or refunds that differ from WeChat Pay's trade bill (reconciliation.csv of the daily reports lists them). Runbook: docs/operations.md \"Reconciliation mismatches\".",
      metric: new Metric({ namespace: metricsNamespace, metricName: 'reconciliationMismatches', dimensionsMap: { service: serviceName, job: 'writeDailyReports' }, period, statistic: Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // DynamoDB
    const tableThrottles = table.metricThrottledRequestsForOperations({ operations: tableOperations, period });
    const tableSystemErrors = table.metricSystemErrorsForOperations({ operations: tableOperations, period });
    this.alarm('TableThrottles', {
      alarmName: 'parkade-table-throttles',
      alarmDescription: 'DynamoDB throttled 5 or more requests on the Parkade table in 5 minutes. Runbook: docs/operations.md "DynamoDB throttles".',
      metric: tableThrottles,
      threshold: 5,
      evaluationPeriods: 1,
    });
    this.alarm('TableSystemErrors', {
      alarmName: 'parkade-table-system-errors',
      alarmDescription: 'DynamoDB answered requests on the Parkade table with internal errors. Runbook: docs/operations.md "DynamoDB system errors".',
      metric: tableSystemErrors,
      threshold: 1,
      evaluationPeriods: 1,
    });

    // Payment notifications
    new MetricFilter(this, 'PaymentNotificationFailuresFilter', {
      logGroup: accessLogs,
      filterPattern: FilterPattern.all(FilterPattern.stringValue('$.routeKey', '=', notifyRouteKey), FilterPattern.stringValue('$.status', '=', '5*')),
      metricNamespace: paymentNotificationFailuresMetric.namespace,
      metricName: paymentNotificationFailuresMetric.metricName,
      metricValue: '1',
    });
    const notificationFailures = new Metric({ ...paymentNotificationFailuresMetric, period, statistic: Stats.SUM });
    this.alarm('PaymentNotificationFailuresAlarm', {
      alarmName: 'parkade-payment-notification-failures',
      alarmDescription: `WeChat Pay notifications (${notifyRouteKey}) answered 5xx in the last 5 minutes; WeChat retries, but payments are not credited until one succeeds. Runbook: docs/operations.md "Payment notification failures".`,
      metric: notificationFailures,
      threshold: 1,
      evaluationPeriods: 1,
    });

    // Lanes
    const silentMinutes = Number(this.node.tryGetContext(opsContextKeys.laneSilentMinutes) ?? defaultLaneSilentMinutes);
    if (!Number.isInteger(silentMinutes) || silentMinutes < 1 || silentMinutes > 1440) {
      throw new Error(`${opsContextKeys.laneSilentMinutes} must be a whole number of minutes from 1 to 1440`);
    }
    for (const lane of lanesFromContext(this.node.tryGetContext(opsContextKeys.lanes))) {
      this.alarms.push(laneSilentAlarm(this, lane, silentMinutes, this.alarmTopic));
    }

    this.dashboard = this.operationsDashboard({ api, functions: functionEntries, table, functionLogGroupNames, notificationFailures });
    this.lotDashboards = listFromContext(this.node.tryGetContext(opsContextKeys.lots)).map((lotId) => lotDashboard(this, lotId, { functionLogGroupNames }));

    this.savedQueries(functions, accessLogs);

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Parkade alarms; subscribe people or chat here' });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reportsBucket.bucketName, description: 'Daily reports (CSV)' });
    new CfnOutput(this, 'SchedulesFunctionName', {
      value: this.scheduledJobs.function.functionName,
      description: 'Runs the scheduled jobs; test event { "job": "<name>", "lotId"?, "at"? } re-runs one by hand',
    });
  }

  private alarm(id: string, props: Omit<AlarmProps, 'comparisonOperator' | 'treatMissingData'>): Alarm {
    const alarm = new Alarm(this, id, {
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No requests, no invocations: nothing is wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  private operationsDashboard({
    api,
    functions,
    table,
    functionLogGroupNames,
    notificationFailures,
  }: {
    api: IHttpApi;
    functions: [string, LambdaFunction][];
    table: ITable;
    functionLogGroupNames: string[];
    notificationFailures: Metric;
  }): Dashboard {
    const dashboard = new Dashboard(this, 'OperationsDashboard', { dashboardName: 'parkade-operations', defaultInterval: Duration.hours(24) });
    const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 8, height: 6 });
    const perFunction = (metricOf: (fn: LambdaFunction) => Metric) => functions.map(([name, fn]) => metricOf(fn).with({ label: name, period }));
    const emitted = (metricName: string, statistic: string, label = metricName) =>
      new Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { service: serviceName }, statistic, period, label });
    const devicesLogs = functions.filter(([name]) => name === 'devices').map(([, fn]) => fn.logGroup.logGroupName);
    const paymentsLogs = functions.filter(([name]) => name === 'payments').map(([, fn]) => fn.logGroup.logGroupName);

    dashboard.addWidgets(new TextWidget({ markdown: '# Parkade operations\nAlarm runbooks: docs/operations.md. Lot dashboards: parkade-lot-<lotId>.', width: 24, height: 2 }));
    dashboard.addWidgets(
      graph('API requests', [api.metricCount({ period, statistic: Stats.SUM, label: 'requests' })]),
      graph('API latency (ms)', [api.metricLatency({ period, statistic: Stats.p(50), label: 'p50' }), api.metricLatency({ period, statistic: Stats.p(99), label: 'p99' })]),
      graph('API errors', [api.metricServerError({ period, statistic: Stats.SUM, label: '5xx' }), api.metricClientError({ period, statistic: Stats.SUM, label: '4xx' })]),
    );
    dashboard.addWidgets(
      graph('Function errors', perFunction((fn) => fn.metricErrors({ statistic: Stats.SUM }))),
      graph('Function duration p99 (ms)', perFunction((fn) => fn.metricDuration({ statistic: Stats.p(99) }))),
      graph('Function throttles', perFunction((fn) => fn.metricThrottles({ statistic: Stats.SUM }))),
    );
    dashboard.addWidgets(
      graph('Gate decision latency (ms)', [emitted(parkadeMetricNames.gateDecisionLatency, Stats.p(50), 'p50'), emitted(parkadeMetricNames.gateDecisionLatency, Stats.p(99), 'p99')]),
      graph('Lane traffic', [emitted('OfflineEventsReceived', Stats.SUM, 'offline events received'), emitted('LaneCommandPushFailed', Stats.SUM, 'commands not pushed (polled)')]),
      graph('Payment notifications and server errors', [notificationFailures.with({ label: 'notifications answered 5xx' }), emitted(parkadeMetricNames.serverErrors, Stats.SUM, 'server errors (all routes)')]),
    );
    dashboard.addWidgets(
      graph('Cars in and out (all lots)', [emitted(parkadeMetricNames.entries, Stats.SUM, 'entries'), emitted(parkadeMetricNames.exits, Stats.SUM, 'exits')]),
      graph('Revenue (all lots, yuan)', [
        new MathExpression({ expression: 'fen / 100', usingMetrics: { fen: emitted(parkadeMetricNames.revenue, Stats.SUM) }, label: 'yuan', period }),
      ]),
      graph(
        'Scheduled job failures',
        jobSchedules.map(
          ({ job }) => new Metric({ namespace: metricsNamespace, metricName: parkadeMetricNames.jobFailures, dimensionsMap: { service: serviceName, job }, statistic: Stats.SUM, period, label: job }),
        ),
      ),
    );
    dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Entries, exits and decisions by kind (hourly)',
        logGroupNames: devicesLogs,
        queryLines: ['filter message = "Lane decision"', 'stats count(*) as events by bin(1h), type, decision'],
        view: LogQueryVisualizationType.BAR,
        width: 12,
        height: 6,
      }),
      new LogQueryWidget({
        title: 'Payments credited (hourly, yuan)',
        logGroupNames: paymentsLogs,
        queryLines: ['filter message = "Payment credited"', 'stats count(*) as payments, sum(amountFen) / 100 as yuan by bin(1h)'],
        view: LogQueryVisualizationType.BAR,
        width: 12,
        height: 6,
      }),
    );
    dashboard.addWidgets(
      graph('DynamoDB consumed capacity', [
        table.metricConsumedReadCapacityUnits({ period, statistic: Stats.SUM, label: 'read units' }),
        table.metricConsumedWriteCapacityUnits({ period, statistic: Stats.SUM, label: 'write units' }),
      ]),
      // Apart: both expressions name their per-operation metrics alike, which one graph refuses.
      graph('DynamoDB throttled requests', [table.metricThrottledRequestsForOperations({ operations: tableOperations, period, label: 'throttled requests' })]),
      graph('DynamoDB system errors', [table.metricSystemErrorsForOperations({ operations: tableOperations, period, label: 'system errors' })]),
      new LogQueryWidget({
        title: 'Failures by route',
        logGroupNames: functionLogGroupNames,
        queryLines: ['filter level = "ERROR"', 'stats count(*) as failures by routeKey', 'sort failures desc'],
        width: 24,
        height: 6,
      }),
    );
    return dashboard;
  }

  /** Saved Logs Insights queries, in the console's folder "Parkade". */
  private savedQueries(functions: Record<string, LambdaFunction>, accessLogs: ILogGroup): void {
    const allFunctionLogs = Object.values(functions).map((fn) => fn.logGroup);
    const logsOf = (name: string) => (functions[name] === undefined ? [] : [functions[name].logGroup]);
    const openRoute = routes.find((route) => route.path === '/lots/{lotId}/lanes/{laneId}/open');

    new QueryDefinition(this, 'PlateHistoryQuery', {
      queryDefinitionName: 'Parkade/Plate history (replace the plate)',
      logGroups: allFunctionLogs,
      queryString: new QueryString({
        fields: ['@timestamp', 'routeKey', 'lotId', 'sessionId', 'message', 'level'],
        filterStatements: ['plate = "粤B12345"'],
        sort: '@timestamp desc',
        limit: 200,
      }),
    });
    new QueryDefinition(this, 'ManualBarrierOpensQuery', {
      queryDefinitionName: 'Parkade/Manual barrier opens',
      logGroups: [accessLogs],
      queryString: new QueryString({
        fields: ['requestTime', 'path', 'status', 'sourceIp', 'requestId'],
        filterStatements: [`routeKey = "${openRoute === undefined ? 'POST /lots/{lotId}/lanes/{laneId}/open' : routeKeyOf(openRoute)}"`],
        sort: '@timestamp desc',
        limit: 200,
      }),
    });
    new QueryDefinition(this, 'FailedPaymentsQuery', {
      queryDefinitionName: 'Parkade/Failed payments',
      logGroups: logsOf('payments'),
      queryString: new QueryString({
        fields: ['@timestamp', 'routeKey', 'message', 'code', 'status', 'reason', 'orderId', 'requestId'],
        filterStatements: ['level = "ERROR" or (message = "Request rejected" and status >= 400)'],
        sort: '@timestamp desc',
        limit: 200,
      }),
    });
    new QueryDefinition(this, 'ServerErrorsByRouteQuery', {
      queryDefinitionName: 'Parkade/5xx errors by route',
      logGroups: [accessLogs],
      queryString: new QueryString({
        filterStatements: ['status like /^5/'],
        statsStatements: ['count(*) as errors by routeKey, status'],
        sort: 'errors desc',
      }),
    });
  }

  /**
   * Daily reports (CSV). Read mostly in their first month (month-end reconciliation), so
   * Infrequent Access after 30 days; kept 400 days so a whole year plus the following month's
   * close can be compared (same month last year), then deleted.
   */
  private reports(): Bucket {
    // cdk-nag's S1 (server access logs) exempts a bucket that receives other buckets' access logs.
    const accessLogsBucket = new Bucket(this, 'ReportsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return new Bucket(this, 'Reports', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(400),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
