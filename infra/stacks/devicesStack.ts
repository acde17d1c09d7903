/**
 * Lane devices on AWS IoT Core. Things are made per device by the admin API (issue 8), named by
 * the device id, of the thing type below, with the attributes `lotId` and `laneId`, and with
 * the one device policy attached to their certificate. The policy uses thing policy variables,
 * so each device can only:
 *   connect  as client id = its thing name (and only with a certificate attached to that thing),
 *   receive  parkade/<its lot>/lanes/<its lane>/commands,
 *   publish  parkade/<its lot>/lanes/<its lane>/telemetry (heartbeats: `{ "kind": "heartbeat", "at": … }`).
 * Telemetry lands in a log group, lot and lane taken from the topic (which the policy vouches
 * for), and a metric filter counts heartbeats per lane: the "lane silent" alarm watches it.
 * Functions that open barriers get `allowLaneCommands(fn)`: iot:Publish on command topics only,
 * and the account's IoT data endpoint from the context value `parkade:iotEndpoint`
 * (`aws iot describe-endpoint --endpoint-type iot:Data-ATS`); without it they poll-only.
 */
import { Annotations, CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPolicy, CfnThingType, CfnTopicRule } from 'aws-cdk-lib/aws-iot';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, MetricFilter, FilterPattern } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { iotEndpointVariable, laneCommandsVariable } from '../../functions/commands/commandsEnvironment.js';
import { allLaneTelemetryTopics, laneCommandTopic, laneTelemetryTopic } from '../../functions/commands/laneCommandTopics.js';
import { logRetention, metricsNamespace } from '../settings.js';

export const iotEndpointContextKey = 'parkade:iotEndpoint';

/** The account's IoT data endpoint, e.g. `a1b2c3d4e5f6g7-ats.iot.ap-east-1.amazonaws.com`. */
const iotEndpointPattern = /^[a-z0-9]+(-ats)?\.iot\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

export const laneHeartbeatMetric = { namespace: metricsNamespace, metricName: 'LaneHeartbeats', dimensions: ['lotId', 'laneId'] } as const;

const thingLot = '${iot:Connection.Thing.Attributes[lotId]}';
const thingLane = '${iot:Connection.Thing.Attributes[laneId]}';

export interface DevicesStackProps extends StackProps {
  /** Overrides the context value `parkade:iotEndpoint`. */
  iotEndpoint?: string;
}

export class DevicesStack extends Stack {
  readonly devicePolicy: CfnPolicy;
  readonly thingType: CfnThingType;
  readonly telemetryLogs: LogGroup;
  readonly iotEndpoint: string | undefined;

  constructor(scope: Construct, id: string, { iotEndpoint, ...props }: DevicesStackProps = {}) {
    super(scope, id, { description: 'Parkade lane devices: AWS IoT Core policy, thing type and telemetry', ...props });

    this.iotEndpoint = iotEndpoint ?? (this.node.tryGetContext(iotEndpointContextKey) as string | undefined);
    if (this.iotEndpoint !== undefined && !iotEndpointPattern.test(this.iotEndpoint)) {
      throw new Error(`${iotEndpointContextKey} must be an IoT data endpoint such as abc123-ats.iot.ap-east-1.amazonaws.com, not ${this.iotEndpoint}`);
    }
    if (this.iotEndpoint === undefined) {
      Annotations.of(this).addWarningV2(
        'parkade:noIotEndpoint',
        `Lane commands reach devices by polling only: set the context value ${iotEndpointContextKey} (aws iot describe-endpoint --endpoint-type iot:Data-ATS) to push them over MQTT.`,
      );
    }

    this.thingType = new CfnThingType(this, 'LaneDeviceType', {
      thingTypeName: 'ParkadeLaneDevice',
      thingTypeProperties: {
        thingTypeDescription: 'A plate camera or lane controller at one lane of one Parkade lot',
        searchableAttributes: ['lotId', 'laneId', 'direction'],
      },
    });

    const arn = (resource: string, resourceName: string) => this.formatArn({ service: 'iot', resource, resourceName });
    this.devicePolicy = new CfnPolicy(this, 'LaneDevicePolicy', {
      policyName: 'ParkadeLaneDevice',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iot:Connect',
            Resource: arn('client', '${iot:Connection.Thing.ThingName}'),
            Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
          },
          { Effect: 'Allow', Action: 'iot:Subscribe', Resource: arn('topicfilter', laneCommandTopic(thingLot, thingLane)) },
          { Effect: 'Allow', Action: 'iot:Receive', Resource: arn('topic', laneCommandTopic(thingLot, thingLane)) },
          { Effect: 'Allow', Action: 'iot:Publish', Resource: arn('topic', laneTelemetryTopic(thingLot, thingLane)) },
        ],
      },
    });

    this.telemetryLogs = new LogGroup(this, 'TelemetryLogs', { retention: logRetention });
    const ruleErrors = new LogGroup(this, 'TelemetryRuleErrors', { retention: logRetention });
    const ruleRole = new Role(this, 'TelemetryRuleRole', {
      assumedBy: new ServicePrincipal('iot.amazonaws.com'),
      description: 'Parkade lane telemetry rule: writes to its log groups',
    });
    this.telemetryLogs.grantWrite(ruleRole);
    ruleErrors.grantWrite(ruleRole);

    new CfnTopicRule(this, 'TelemetryRule', {
      topicRulePayload: {
        description: 'Lane device telemetry (heartbeats) into CloudWatch Logs, with lot and lane from the topic',
        awsIotSqlVersion: '2016-03-23',
        sql: `SELECT *, topic(2) AS lotId, topic(4) AS laneId, clientid() AS deviceId, timestamp() AS receivedAt FROM '${allLaneTelemetryTopics}'`,
        ruleDisabled: false,
        actions: [{ cloudwatchLogs: { logGroupName: this.telemetryLogs.logGroupName, roleArn: ruleRole.roleArn } }],
        errorAction: { cloudwatchLogs: { logGroupName: ruleErrors.logGroupName, roleArn: ruleRole.roleArn } },
      },
    });

    new MetricFilter(this, 'LaneHeartbeats', {
      logGroup: this.telemetryLogs,
      filterPattern: FilterPattern.stringValue('$.kind', '=', 'heartbeat'),
      metricNamespace: laneHeartbeatMetric.namespace,
      metricName: laneHeartbeatMetric.metricName,
      metricValue: '1',
      dimensions: { lotId: '$.lotId', laneId: '$.laneId' },
    });

    new CfnOutput(this, 'DevicePolicyName', { value: this.devicePolicy.ref, description: 'Attach to each lane device certificate' });
    new CfnOutput(this, 'ThingTypeName', { value: this.thingType.ref, description: 'Thing type of lane devices' });
    new CfnOutput(this, 'TelemetryLogGroup', { value: this.telemetryLogs.logGroupName, description: 'Lane device telemetry' });
  }

  /** Lets a function push lane commands: publish on command topics only, and where to. */
  allowLaneCommands(fn: LambdaFunction): void {
    const commandTopics = Stack.of(fn).formatArn({ service: 'iot', resource: 'topic', resourceName: laneCommandTopic('*', '*') });
    fn.addToRolePolicy(new PolicyStatement({ actions: ['iot:Publish'], resources: [commandTopics] }));
    if (fn.role !== undefined) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:topic/${laneCommandTopic('*', '*')}]`,
        reason: 'Publishing to any lane command topic (parkade/<lot>/lanes/<lane>/commands) and to nothing else: lots and lanes are data, created after deployment.',
      });
    }
    if (this.iotEndpoint === undefined) {
      fn.addEnvironment(laneCommandsVariable, 'polling');
    } else {
      fn.addEnvironment(laneCommandsVariable, 'iot');
      fn.addEnvironment(iotEndpointVariable, this.iotEndpoint);
    }
  }
}
