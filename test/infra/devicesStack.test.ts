/**
 * The devices stack (IoT Core for lane devices) on its own, with a stand-in function that gets
 * `allowLaneCommands`, checked by CDK assertions and cdk-nag's AWS Solutions rules.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DevicesStack, iotEndpointContextKey } from '../../infra/stacks/devicesStack.js';

interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations?: { reason: string }[] }[];
}

const endpoint = 'a1b2c3d4e5f6g7-ats.iot.ap-east-1.amazonaws.com';

const standInFunction = (stack: Stack): LambdaFunction => {
  const role = new Role(stack, 'OpenerRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  const fn = new LambdaFunction(stack, 'Opener', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({ statusCode: 204 });'),
    role,
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason: 'A stand-in for the API functions in this test; they are pinned to Node.js 22 as groupFunction.ts explains.',
  });
  return fn;
};

const build = (context: Record<string, string> = {}) => {
  const app = new App({ context });
  const devices = new DevicesStack(app, 'Parkade-Devices');
  const functions = new Stack(app, 'Functions');
  devices.allowLaneCommands(standInFunction(functions));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const assembly = app.synth();
  return {
    devices,
    template: Template.fromStack(devices),
    functions: Template.fromStack(functions),
    report: JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport,
  };
};

let built: ReturnType<typeof build>;
beforeAll(() => {
  built = build({ [iotEndpointContextKey]: endpoint });
});

const statementsOf = (template: Template): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((resource) => resource.Properties.PolicyDocument.Statement);

const joined = (value: unknown): string => JSON.stringify(value);

describe('the device policy', () => {
  const statements = () =>
    (Object.values(built.template.findResources('AWS::IoT::Policy'))[0]?.Properties.PolicyDocument.Statement ?? []) as {
      Action: string;
      Resource: unknown;
      Condition?: unknown;
    }[];
  const resourceOf = (action: string) => joined(statements().find((statement) => statement.Action === action)?.Resource);

  it('is one policy for all devices, built from thing policy variables', () => {
    built.template.resourceCountIs('AWS::IoT::Policy', 1);
    expect(statements().map((statement) => statement.Action).sort()).toEqual(['iot:Connect', 'iot:Publish', 'iot:Receive', 'iot:Subscribe']);
  });

  it('lets a device connect only as its own thing, with a certificate attached to it', () => {
    expect(resourceOf('iot:Connect')).toContain(':client/${iot:Connection.Thing.ThingName}');
    expect(statements().find((statement) => statement.Action === 'iot:Connect')?.Condition).toEqual({
      Bool: { 'iot:Connection.Thing.IsAttached': 'true' },
    });
  });

  it('lets a device hear only its own lane’s commands and speak only on its own lane’s telemetry', () => {
    const lane = 'parkade/${iot:Connection.Thing.Attributes[lotId]}/lanes/${iot:Connection.Thing.Attributes[laneId]}';
    expect(resourceOf('iot:Subscribe')).toContain(`:topicfilter/${lane}/commands`);
    expect(resourceOf('iot:Receive')).toContain(`:topic/${lane}/commands`);
    expect(resourceOf('iot:Publish')).toContain(`:topic/${lane}/telemetry`);
    expect(joined(statements())).not.toMatch(/lanes\/\*|parkade\/\*|"\*"/);
  });

  it('comes with a thing type whose lot and lane can be searched', () => {
    built.template.hasResourceProperties('AWS::IoT::ThingType', {
      ThingTypeProperties: { SearchableAttributes: Match.arrayWith(['lotId', 'laneId']) },
    });
  });
});

describe('device telemetry', () => {
  it('goes from every lane’s telemetry topic into a log group, lot and lane taken from the topic', () => {
    built.template.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({
        Sql: Match.stringLikeRegexp("topic\\(2\\) AS lotId, topic\\(4\\) AS laneId.*FROM 'parkade/\\+/lanes/\\+/telemetry'"),
        Actions: [{ CloudwatchLogs: Match.objectLike({ LogGroupName: Match.anyValue(), RoleArn: Match.anyValue() }) }],
        ErrorAction: { CloudwatchLogs: Match.objectLike({ LogGroupName: Match.anyValue() }) },
      }),
    });
  });

  it('counts heartbeats per lot and lane, for the "lane silent" alarm', () => {
    built.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.kind = "heartbeat" }',
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'Parkade',
          MetricName: 'LaneHeartbeats',
          Dimensions: Match.arrayWith([{ Key: 'lotId', Value: '$.lotId' }, { Key: 'laneId', Value: '$.laneId' }]),
        }),
      ],
    });
  });

  it('lets the rule write logs and nothing else', () => {
    const statements = statementsOf(built.template);
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) expect(action).toMatch(/^logs:(CreateLogStream|PutLogEvents)$/);
      expect(joined(statement.Resource)).not.toBe('"*"');
    }
  });

  it('keeps its logs for a limited time', () => {
    for (const group of Object.values(built.template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toEqual(expect.any(Number));
    }
  });
});

describe('functions that open barriers', () => {
  it('may publish on lane command topics and nowhere else', () => {
    const iot = statementsOf(built.functions).filter((statement) => joined(statement.Action).includes('iot:'));
    expect(iot).toHaveLength(1);
    expect(iot[0]?.Action).toBe('iot:Publish');
    expect(joined(iot[0]?.Resource)).toMatch(/:topic\/parkade\/\*\/lanes\/\*\/commands"/);
  });

  it('learn the IoT endpoint from the context and push over IoT', () => {
    built.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { PARKADE_LANE_COMMANDS: 'iot', PARKADE_IOT_ENDPOINT: endpoint } },
    });
  });

  it('poll only, with a warning at synthesis, when no endpoint is configured', () => {
    const unconfigured = build();
    unconfigured.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { PARKADE_LANE_COMMANDS: 'polling' } },
    });
    expect(Annotations.fromStack(unconfigured.devices).findWarning('*', Match.stringLikeRegexp('parkade:iotEndpoint'))).not.toEqual([]);
  });

  it('refuse an endpoint that is not an IoT data endpoint', () => {
    expect(() => new DevicesStack(new App(), 'Bad', { iotEndpoint: 'https://example.com' })).toThrow(/IoT data endpoint/);
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  it('find no unacknowledged violation, and every acknowledgement says why', () => {
    const awsSolutions = built.report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(awsSolutions?.violations).toEqual([]);
    expect(awsSolutions?.conclusion).toBe('success');
    for (const suppressed of awsSolutions?.suppressedViolations ?? []) expect(suppressed.reason.length).toBeGreaterThan(40);
  });

  it('leave no error annotations', () => {
    expect(Annotations.fromStack(built.devices).findError('*', Match.anyValue())).toEqual([]);
  });
});
