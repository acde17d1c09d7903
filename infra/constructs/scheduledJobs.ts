/**
 * The scheduled jobs: one function (functions/schedules/handler.ts, built like the API's group
 * functions) and one EventBridge Scheduler schedule per entry of functions/schedules/
 * jobSchedules.ts, each sending `{ "job": <name> }` by Beijing's clock. The function may read and
 * write the table's items, put reports under `reports/` in the reports bucket, and read the
 * WeChat Pay secret (the daily reports reconcile the provider's trade bill); nothing else.
 */
import { Duration, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { reportsBucketVariable } from '../../functions/reports/reportsEnvironment.js';
import { jobSchedules, schedulerFunction, scheduleTimeZone } from '../../functions/schedules/jobSchedules.js';
import { tableNameVariable } from '../../functions/store/table.js';
import { GroupFunction } from './groupFunction.js';
import { grantTableData } from './tableAccess.js';
import type { WeChatSecrets } from './weChatSecrets.js';

export interface ScheduledJobsProps {
  table: ITable;
  reportsBucket: IBucket;
  weChatSecrets: WeChatSecrets;
}

export class ScheduledJobs extends Construct {
  readonly function: NodejsFunction;
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, { table, reportsBucket, weChatSecrets }: ScheduledJobsProps) {
    super(scope, id);
    this.function = new GroupFunction(this, 'Function', {
      name: 'schedules',
      group: schedulerFunction,
      environment: { [tableNameVariable]: table.tableName, [reportsBucketVariable]: reportsBucket.bucketName },
    }).function;
    grantTableData(table, this.function);
    weChatSecrets.giveTo(this.function, schedulerFunction.secrets ?? []);
    const reportObjects = reportsBucket.arnForObjects('reports/*');
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [reportObjects] }));
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(reportsBucket).getLogicalId(reportsBucket.node.defaultChild as CfnElement)}.Arn>/reports/*]`,
      reason: 'Reports are written under reports/<lotId>/<date>/<name>.csv, one key per lot, day and report: the prefix is the narrowest resource that names them.',
    });
    // Each job is idempotent: one retry a minute later rides over a passing failure; the alarms tell of one that stays.
    this.function.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.hours(1) });

    const group = new ScheduleGroup(this, 'Group', { scheduleGroupName: 'parkade' });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invokes the Parkade scheduled-jobs function',
    });
    this.schedules = jobSchedules.map(
      ({ job, expression, description }) =>
        new Schedule(this, `Schedule-${job}`, {
          scheduleName: `parkade-${job}`,
          description,
          scheduleGroup: group,
          schedule: ScheduleExpression.expression(expression, TimeZone.of(scheduleTimeZone)),
          target: new LambdaInvoke(this.function, { role: schedulerRole, input: ScheduleTargetInput.fromObject({ job }), retryAttempts: 2 }),
        }),
    );
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: "The scheduler target's own grant: lambda:InvokeFunction on the scheduled-jobs function and its versions (`:*`), that function alone.",
    });
  }
}
