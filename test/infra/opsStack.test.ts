/**
 * The ops stack on its own, watching stand-ins for the API, its functions and the table, checked
 * by CDK assertions and cdk-nag's AWS Solutions rules (for the ops stack's own resources).
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parkadeMetricNames } from '../../functions/observability/metricNames.js';
import { weChatPaySecretVariable } from '../../functions/payments/weChatEnvironment.js';
import { reportsBucketVariable } from '../../functions/reports/reportsEnvironment.js';
import { jobSchedules, scheduleTimeZone } from '../../functions/schedules/jobSchedules.js';
import { tableNameVariable } from '../../functions/store/table.js';
import { WeChatSecrets } from '../../infra/constructs/weChatSecrets.js';
import { OpsStack, opsContextKeys } from '../../infra/stacks/opsStack.js';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

const groups = ['devices', 'payments', 'operators'] as const;

/** The stand-ins' findings; the real stacks are checked in parkade.test.ts. */
const standInFindings = [
  'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions::AwsSolutions-L1',
  'AwsSolutions::AwsSolutions-APIG1',
  'AwsSolutions::AwsSolutions-DDB3',
];

const build = (context: Record<string, unknown> = {}) => {
  const app = new App({ context });
  const watched = new Stack(app, 'Watched');
  const functions = Object.fromEntries(
    groups.map((name) => [
      name,
      new LambdaFunction(watched, `${name}Function`, {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => ({ statusCode: 204 });'),
        logGroup: new LogGroup(watched, `${name}Logs`, { retention: RetentionDays.ONE_WEEK }),
      }),
    ]),
  );
  const table = new Table(watched, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
  });
  const api = new HttpApi(watched, 'Api');
  const accessLogs = new LogGroup(watched, 'AccessLogs', { retention: RetentionDays.ONE_WEEK });
  const weChatSecrets = new WeChatSecrets(watched, 'WeChatSecrets');
  const ops = new OpsStack(app, 'Parkade-Ops', { api, accessLogs, functions, table, weChatSecrets });
  for (const id of standInFindings) Validations.of(watched).acknowledge({ id, reason: 'A stand-in for the other stacks in this test; the ops stack is what is checked here.' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const assembly = app.synth();
  return {
    ops,
    template: Template.fromStack(ops),
    report: JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport,
  };
};

let built: ReturnType<typeof build>;
beforeAll(() => {
  built = build({
    [opsContextKeys.alarmEmail]: 'ops@example.com',
    [opsContextKeys.lots]: 'lot-1,lot-2',
    [opsContextKeys.lanes]: 'lot-1/entry-1,lot-1/exit-1',
    [opsContextKeys.laneSilentMinutes]: '15',
  });
});

type Resource = { Properties: Record<string, unknown> };
const alarms = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
const alarmNamed = (template: Template, name: string) => alarms(template).find((alarm) => alarm.Properties.AlarmName === name)?.Properties;
const joined = (value: unknown) => JSON.stringify(value);
const topicId = () => Object.keys(built.template.findResources('AWS::SNS::Topic'))[0] ?? '';

describe('the alarm topic', () => {
  it('is encrypted with a rotated key CloudWatch may use, and refuses plain HTTP', () => {
    built.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    built.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('mails the address given in the context, and nobody without one', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    build().template.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(() => build({ [opsContextKeys.alarmEmail]: 'not an address' })).toThrow(/e-mail address/);
  });

  it('receives every alarm, when it fires and when it clears', () => {
    expect(alarms(built.template).length).toBeGreaterThan(0);
    for (const alarm of alarms(built.template)) {
      expect(joined(alarm.Properties.AlarmActions)).toContain(topicId());
      expect(joined(alarm.Properties.OKActions)).toContain(topicId());
      expect(alarm.Properties.AlarmDescription).toMatch(/Runbook: docs\/operations\.md "/);
    }
  });
});

describe('alarms', () => {
  it('watch the API’s 5xx rate, from its 5xx and request counts', () => {
    const alarm = alarmNamed(built.template, 'parkade-api-5xx-rate');
    expect(alarm?.Threshold).toBe(5);
    const metrics = joined(alarm?.Metrics);
    expect(metrics).toContain('100 * errors / requests');
    expect(metrics).toContain('"MetricName":"5xx"');
    expect(metrics).toContain('"MetricName":"Count"');
    expect(metrics).toContain('"Name":"ApiId"');
  });

  it('watch errors and throttles of each function group and of the scheduled jobs’ function', () => {
    for (const name of [...groups, 'schedules']) {
      expect(alarmNamed(built.template, `parkade-${name}-errors`)).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda' });
      expect(alarmNamed(built.template, `parkade-${name}-throttles`)).toMatchObject({ MetricName: 'Throttles', Namespace: 'AWS/Lambda', Threshold: 1 });
    }
  });

  it('watch DynamoDB throttles and system errors on the table', () => {
    expect(joined(alarmNamed(built.template, 'parkade-table-throttles')?.Metrics)).toContain('"MetricName":"ThrottledRequests"');
    expect(joined(alarmNamed(built.template, 'parkade-table-system-errors')?.Metrics)).toContain('"MetricName":"SystemErrors"');
  });

  it('count 5xx answers to WeChat Pay notifications in the access log, and alarm on one', () => {
    built.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.routeKey = "POST /payments/wechat/notify") && ($.status = "5*") }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Parkade', MetricName: 'PaymentNotificationFailures', MetricValue: '1' })],
    });
    expect(alarmNamed(built.template, 'parkade-payment-notification-failures')).toMatchObject({ MetricName: 'PaymentNotificationFailures', Threshold: 1 });
  });

  it('tell when a listed lane has sent no heartbeat for the configured minutes, silence included', () => {
    for (const laneId of ['entry-1', 'exit-1']) {
      expect(alarmNamed(built.template, `parkade-lane-silent-lot-1-${laneId}`)).toMatchObject({
        Namespace: 'Parkade',
        MetricName: 'LaneHeartbeats',
        Dimensions: expect.arrayContaining([{ Name: 'lotId', Value: 'lot-1' }, { Name: 'laneId', Value: laneId }]),
        Period: 900,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
    }
    expect(alarms(build().template).filter((alarm) => String(alarm.Properties.AlarmName).includes('lane-silent'))).toEqual([]);
  });

  it('tell of every scheduled job that failed for a lot, and of reconciliation differences', () => {
    for (const { job } of jobSchedules) {
      expect(alarmNamed(built.template, `parkade-job-failures-${job}`)).toMatchObject({
        Namespace: 'Parkade',
        MetricName: 'JobFailures',
        Dimensions: expect.arrayContaining([{ Name: 'job', Value: job }, { Name: 'service', Value: 'parkade' }]),
        Threshold: 1,
        Statistic: 'Sum',
      });
    }
    expect(alarmNamed(built.template, 'parkade-reconciliation-mismatches')).toMatchObject({
      MetricName: 'reconciliationMismatches',
      Dimensions: expect.arrayContaining([{ Name: 'job', Value: 'writeDailyReports' }]),
      Threshold: 1,
    });
  });

  it('refuse a lane not given as <lotId>/<laneId> and a silence that is not whole minutes', () => {
    expect(() => build({ [opsContextKeys.lanes]: 'lot-1' })).toThrow(/<lotId>\/<laneId>/);
    expect(() => build({ [opsContextKeys.laneSilentMinutes]: '2.5' })).toThrow(/whole number of minutes/);
  });
});

describe('dashboards', () => {
  const bodyOf = (name: string) =>
    joined(Object.values(built.template.findResources('AWS::CloudWatch::Dashboard')).find((dashboard) => dashboard.Properties.DashboardName === name)?.Properties.DashboardBody);

  it('show the API, every function, the emitted domain metrics and the table on the operations dashboard', () => {
    const body = bodyOf('parkade-operations');
    for (const metric of ['5xx', 'Latency', 'Count', 'Errors', 'Duration', 'Throttles', 'GateDecisionLatency', 'Entries', 'Exits', 'RevenueFen', 'JobFailures', 'OfflineEventsReceived', 'LaneCommandPushFailed', 'ServerErrors', 'PaymentNotificationFailures', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ThrottledRequests']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    for (const name of groups) expect(body).toContain(`\\"label\\":\\"${name}\\"`);
    expect(body).toContain('Lane decision');
    expect(body).toContain('stats count(*) as events by bin(1h), type, decision');
    expect(body).toContain('Payment credited');
  });

  it('give each lot listed in the context its own dashboard, its lanes and its requests', () => {
    for (const lotId of ['lot-1', 'lot-2']) {
      const body = bodyOf(`parkade-lot-${lotId}`);
      expect(body).toContain(`LaneHeartbeats\\\\\\" lotId=\\\\\\"${lotId}`);
      expect(body).toContain(`filter lotId = \\\\\\"${lotId}\\\\\\"`);
      const { entries, exits, occupancy, revenue, gateDecisionLatency, couponsGranted, couponsUsed, payments } = parkadeMetricNames;
      for (const metric of [entries, exits, occupancy, revenue, gateDecisionLatency, couponsGranted, couponsUsed]) {
        expect(body).toContain(`[\\"Parkade\\",\\"${metric}\\",\\"lotId\\",\\"${lotId}\\",\\"service\\",\\"parkade\\"`);
      }
      expect(body).toContain('\\"stat\\":\\"p50\\"');
      expect(body).toContain('\\"stat\\":\\"p99\\"');
      expect(body).toContain(`MetricName=\\\\\\"${payments}\\\\\\" lotId=\\\\\\"${lotId}`);
    }
    build().template.resourcePropertiesCountIs('AWS::CloudWatch::Dashboard', { DashboardName: Match.stringLikeRegexp('^parkade-lot-') }, 0);
    expect(() => build({ [opsContextKeys.lots]: 'lot 1' })).toThrow(/letters, digits/);
  });
});

describe('saved Logs Insights queries', () => {
  const queries = () => Object.values(built.template.findResources('AWS::Logs::QueryDefinition')).map((query) => query.Properties as { Name: string; QueryString: string; LogGroupNames: unknown[] });
  const named = (fragment: string) => queries().find((query) => query.Name.includes(fragment));

  it('answer a plate’s history across the function logs', () => {
    expect(named('Plate history')?.QueryString).toMatch(/filter plate = "/);
    expect(named('Plate history')?.LogGroupNames).toHaveLength(groups.length);
  });

  it('list manual barrier opens and 5xx errors by route from the access log', () => {
    expect(named('Manual barrier opens')?.QueryString).toContain('filter routeKey = "POST /lots/{lotId}/lanes/{laneId}/open"');
    expect(named('5xx errors by route')?.QueryString).toMatch(/filter status like \/\^5\/[\s\S]*stats count\(\*\) as errors by routeKey/);
    for (const name of ['Manual barrier opens', '5xx errors by route']) expect(joined(named(name)?.LogGroupNames)).toContain('AccessLogs');
  });

  it('find failed payments in the payments log', () => {
    expect(named('Failed payments')?.QueryString).toContain('level = "ERROR"');
    expect(joined(named('Failed payments')?.LogGroupNames)).toContain('paymentsLogs');
  });
});

describe('the reports bucket', () => {
  const reports = () => Object.values(built.template.findResources('AWS::S3::Bucket')).find((bucket) => bucket.Properties.VersioningConfiguration !== undefined);

  it('is encrypted, private, versioned, retained and logs access to a log bucket', () => {
    expect(reports()).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'reports/' },
      },
    });
    expect(joined(reports()?.Properties.LoggingConfiguration)).toContain('ReportsAccessLogs');
  });

  it('moves reports to Infrequent Access after 30 days and deletes them after 400', () => {
    expect(reports()?.Properties.LifecycleConfiguration).toMatchObject({
      Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }], ExpirationInDays: 400 }],
    });
  });

  it('refuses plain HTTP', () => {
    const policies = Object.values(built.template.findResources('AWS::S3::BucketPolicy'));
    expect(policies.length).toBe(2);
    for (const policy of policies) expect(joined(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });
});

describe('the scheduled jobs', () => {
  type Fn = { Properties: { Description: string; Runtime: string; Architectures: string[]; Environment: { Variables: Record<string, unknown> }; Role: { 'Fn::GetAtt': [string, string] } } };
  const schedulesFunction = () =>
    (Object.values(built.template.findResources('AWS::Lambda::Function')) as Fn[]).find((fn) => fn.Properties.Description.startsWith('Parkade schedules'));
  const statementsOfFunction = () => {
    const roleId = schedulesFunction()?.Properties.Role['Fn::GetAtt'][0] ?? '';
    return Object.values(built.template.findResources('AWS::IAM::Policy'))
      .filter((policy) => joined(policy.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  };

  it('run in one Node.js arm64 function that knows the table, the reports bucket and the WeChat Pay secret, retried once', () => {
    const fn = schedulesFunction();
    expect(fn?.Properties.Runtime).toMatch(/^nodejs2[02]\.x$/);
    expect(fn?.Properties.Architectures).toEqual(['arm64']);
    expect(Object.keys(fn?.Properties.Environment.Variables ?? {})).toEqual(expect.arrayContaining([tableNameVariable, reportsBucketVariable, weChatPaySecretVariable]));
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 1 });
  });

  it('may use the table’s items, put reports under reports/ and read the WeChat Pay secret, nothing more', () => {
    const statements = statementsOfFunction();
    const actions = statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
    expect([...new Set(actions.filter((action) => !/^(dynamodb|logs|xray):/.test(action)))].sort()).toEqual(['s3:PutObject', 'secretsmanager:GetSecretValue']);
    expect(joined(statements.find((statement) => statement.Action === 's3:PutObject')?.Resource)).toContain('/reports/*');
    expect(actions).not.toContain('dynamodb:DeleteTable');
    expect(actions).not.toContain('s3:GetObject');
  });

  it('fire by Beijing’s clock, one schedule per job, each sending its job name to the function', () => {
    const schedules = Object.values(built.template.findResources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties as Record<string, unknown>);
    expect(schedules.map((schedule) => schedule.Name).sort()).toEqual(jobSchedules.map(({ job }) => `parkade-${job}`).sort());
    for (const { job, expression } of jobSchedules) {
      const schedule = schedules.find((candidate) => candidate.Name === `parkade-${job}`);
      expect(schedule).toMatchObject({ ScheduleExpression: expression, ScheduleExpressionTimezone: scheduleTimeZone, State: 'ENABLED' });
      expect(JSON.parse((schedule?.Target as { Input: string }).Input)).toEqual({ job });
      expect(joined(schedule?.Target)).toContain('ScheduledJobsFunction');
    }
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  const opsOnly = (constructs: { constructPath: string }[]) => constructs.filter((construct) => construct.constructPath.startsWith('Parkade-Ops/'));

  it('find nothing unacknowledged in the ops stack, and every acknowledgement says why', () => {
    const awsSolutions = built.report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    const violations = (awsSolutions?.violations ?? []).filter((violation) => opsOnly(violation.violatingConstructs).length > 0);
    expect(violations).toEqual([]);
    for (const suppressed of awsSolutions?.suppressedViolations ?? []) expect(suppressed.reason.length).toBeGreaterThan(40);
  });

  it('leave no error annotations', () => {
    expect(Annotations.fromStack(built.ops).findError('*', Match.anyValue())).toEqual([]);
  });
});
