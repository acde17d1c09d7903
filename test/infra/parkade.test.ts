/**
 * The synthesised Parkade stacks, checked against the definitions they are built from
 * (functions/store/table.ts, functions/routes.ts) and against cdk-nag's AWS Solutions rules.
 * The app is synthesised once, bundling the functions with the local esbuild as `cdk synth` does.
 */
import { App, Token, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTokenKey, tokenKeySecretVariable } from '../../functions/access/tokenKey.js';
import { masterKeySecretArnVariable } from '../../functions/devices/deviceEnvironment.js';
import { paymentNotificationPath, weChatLoginSecretVariable, weChatPaySecretVariable } from '../../functions/payments/weChatEnvironment.js';
import { functionGroups, routeKeyOf, routes, type FunctionGroup } from '../../functions/routes.js';
import { parkadeTable, tableNameVariable } from '../../functions/store/table.js';
import { weChatLoginSecretSchema } from '../../functions/wechat/login/index.js';
import { weChatPaySecretSchema } from '../../functions/wechat/pay/index.js';
import { buildParkade, type Parkade } from '../../infra/parkade.js';
import { minimumTokenKeyBytes } from '../../shared/access/index.js';

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

let parkade: Parkade;
let data: Template;
let api: Template;
let report: ValidationReport;

beforeAll(() => {
  const app = new App();
  parkade = buildParkade(app);
  const assembly = app.synth();
  data = Template.fromStack(parkade.data);
  api = Template.fromStack(parkade.api);
  report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
});

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('the app', () => {
  it('names its stacks readably and stays environment-agnostic (no account or region lookups)', () => {
    expect([parkade.data.stackName, parkade.api.stackName]).toEqual(['Parkade-Data', 'Parkade-Api']);
    for (const stack of [parkade.data, parkade.api]) {
      expect(Token.isUnresolved(stack.account)).toBe(true);
      expect(Token.isUnresolved(stack.region)).toBe(true);
    }
  });
});

describe('the data stack', () => {
  it('builds the table from the table definition: keys, indexes, TTL', () => {
    const keyAttributes = [
      parkadeTable.partitionKey,
      parkadeTable.sortKey,
      ...parkadeTable.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: parkadeTable.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: parkadeTable.sortKey.name, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(
        keyAttributes.map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
      ),
      GlobalSecondaryIndexes: parkadeTable.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: parkadeTable.timeToLiveAttribute, Enabled: true },
    });
  });

  it('keeps the data safe: on demand, point-in-time recovery, deletion protection, retained, encrypted', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key: the AWS managed key (aws/dynamodb).
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('outputs the table name', () => {
    data.hasOutput('TableName', {});
  });
});

describe('the API stack', () => {
  const groupNames = Object.keys(functionGroups);

  it('has one Node.js arm64 function per function group, traced, knowing the table', () => {
    api.resourceCountIs('AWS::Lambda::Function', groupNames.length);
    for (const [name, group] of Object.entries(functionGroups)) {
      api.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(`^Parkade ${name}: `),
        Runtime: Match.stringLikeRegexp('^nodejs(20|22)\\.x$'),
        Architectures: ['arm64'],
        MemorySize: group.memorySize,
        Timeout: group.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: Match.anyValue() },
        Environment: {
          Variables: Match.objectLike({
            [tableNameVariable]: Match.anyValue(),
            POWERTOOLS_SERVICE_NAME: 'parkade',
            POWERTOOLS_METRICS_NAMESPACE: 'Parkade',
          }),
        },
      });
    }
  });

  it('has exactly one API route per route-table entry, IAM-authorised only where the table says iam', () => {
    const deployed = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map((resource) => ({
      routeKey: resource.Properties.RouteKey as string,
      authorizationType: resource.Properties.AuthorizationType as string,
    }));
    expect(deployed.map((route) => route.routeKey).sort()).toEqual(routes.map(routeKeyOf).sort());
    for (const route of routes) {
      expect(deployed).toContainEqual({
        routeKey: routeKeyOf(route),
        authorizationType: route.auth === 'iam' ? 'AWS_IAM' : 'NONE',
      });
    }
  });

  it('sends each route to its function group’s function', () => {
    const functionOfIntegration = Object.fromEntries(
      Object.entries(api.findResources('AWS::ApiGatewayV2::Integration')).map(([id, resource]) => [
        id,
        (resource.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      ]),
    );
    const functionOfGroup = Object.fromEntries(
      Object.entries(api.findResources('AWS::Lambda::Function')).map(([id, resource]) => [
        (resource.Properties.Description as string).split(':')[0]?.replace('Parkade ', ''),
        id,
      ]),
    );
    for (const resource of Object.values(api.findResources('AWS::ApiGatewayV2::Route'))) {
      const integrationId = JSON.stringify(resource.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const route = routes.find((candidate) => routeKeyOf(candidate) === resource.Properties.RouteKey);
      expect(functionOfIntegration[integrationId]).toBe(functionOfGroup[route?.group ?? '']);
    }
  });

  it('logs every request on the stage and throttles it', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
  });

  it('keeps logs for a limited time', () => {
    const retentions = Object.values(api.findResources('AWS::Logs::LogGroup')).map(
      (resource) => resource.Properties.RetentionInDays as unknown,
    );
    expect(retentions.length).toBe(groupNames.length + 1);
    for (const days of retentions) expect(days).toEqual(expect.any(Number));
  });

  it('outputs the API URL', () => {
    api.hasOutput('ApiUrl', {});
  });

  describe('permissions', () => {
    const statements = (): PolicyStatement[] =>
      Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
        (resource) => resource.Properties.PolicyDocument.Statement as PolicyStatement[],
      );
    const tableArnImport = (resource: unknown): boolean => JSON.stringify(resource).includes('Parkade-Data:ExportsOutputFnGetAttTable');

    it('grants DynamoDB actions only on the table and its named indexes', () => {
      const dynamoDb = statements().filter((statement) => asList(statement.Action).some((action) => action.startsWith('dynamodb:')));
      expect(dynamoDb.length).toBe(Object.keys(functionGroups).length);
      for (const statement of dynamoDb) {
        const resources = asList(statement.Resource);
        expect(resources).toHaveLength(1 + parkadeTable.globalIndexes.length);
        for (const resource of resources) expect(tableArnImport(resource)).toBe(true);
        expect(JSON.stringify(resources)).not.toContain('*');
        expect(asList(statement.Action)).not.toContain('dynamodb:*');
        expect(asList(statement.Action)).not.toContain('dynamodb:DeleteTable');
      }
    });

    it('grants nothing on "*" except X-Ray tracing, as the cdk-nag acknowledgement claims', () => {
      const onEverything = statements().filter((statement) => asList(statement.Resource).includes('*'));
      for (const statement of onEverything) {
        for (const action of asList(statement.Action)) expect(action).toMatch(/^xray:/);
      }
    });

    it('uses no AWS managed policies', () => {
      for (const role of Object.values(api.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });
});

type GroupName = keyof typeof functionGroups;
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => parkade.api.getLogicalId(construct.node.defaultChild as CfnElement);
const resources = () => api.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('the access keys', () => {
  const secretIds = () => ({
    tokenKey: logicalIdOf(parkade.api.accessKeys.secrets.tokenKey),
    deviceMasterKey: logicalIdOf(parkade.api.accessKeys.secrets.deviceMasterKey),
  });

  /** The key variables a group's function is given, and the secret statements of its role. */
  const keysOf = (group: GroupName) => {
    const functionId = logicalIdOf(parkade.api.functions[group]);
    const fn = resources()[functionId];
    const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const keyIds = Object.values(secretIds()).map((id) => JSON.stringify({ Ref: id }));
    const secretStatements = Object.values(api.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[])
      .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:'))
      .filter((statement) => keyIds.includes(JSON.stringify(statement.Resource)));
    return {
      variables: Object.fromEntries(
        Object.entries(variables).filter(([name]) => name === tokenKeySecretVariable || name === masterKeySecretArnVariable),
      ),
      secretStatements,
    };
  };

  /**
   * What the route table implies: token-checked callers need the token key, devices the master
   * key; and what the group declares it uses besides (`accessKeys`).
   */
  const impliedKeys = (group: GroupName) => {
    const auths = new Set(routes.filter((route) => route.group === group).map((route) => route.auth));
    const uses = (functionGroups[group] as FunctionGroup).accessKeys ?? [];
    const ids = secretIds();
    return [
      ...(['driver', 'merchant', 'operator'].some((auth) => auths.has(auth as never)) || uses.includes('tokenKey') ? [[tokenKeySecretVariable, ids.tokenKey] as const] : []),
      ...(auths.has('device') || uses.includes('deviceMasterKey') ? [[masterKeySecretArnVariable, ids.deviceMasterKey] as const] : []),
    ];
  };

  it('are two secrets with generated values, retained when the stack goes (losing one locks out every device or token)', () => {
    for (const id of Object.values(secretIds())) {
      expect(api.toJSON().Resources[id]).toMatchObject({
        Type: 'AWS::SecretsManager::Secret',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { GenerateSecretString: { ExcludePunctuation: true } },
      });
    }
  });

  it('generate a token key that tokenKey.ts decodes as base64url to at least the minimum number of bytes', () => {
    const generated = resources()[secretIds().tokenKey]?.Properties.GenerateSecretString as Record<string, unknown>;
    expect(generated.IncludeSpace ?? false).toBe(false);
    expect(generated.SecretStringTemplate).toBeUndefined();
    const length = generated.PasswordLength as number;
    const alphanumeric = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
    fc.assert(
      fc.property(fc.string({ unit: alphanumeric, minLength: length, maxLength: length }), (value) => {
        expect(decodeTokenKey(value).byteLength).toBeGreaterThanOrEqual(minimumTokenKeyBytes);
      }),
    );
  });

  it('reach each function exactly as its routes imply, by variable and by a read grant on that secret alone', () => {
    for (const group of Object.keys(functionGroups) as GroupName[]) {
      const implied = impliedKeys(group);
      const { variables, secretStatements } = keysOf(group);
      expect(variables, group).toEqual(Object.fromEntries(implied.map(([variable, id]) => [variable, { Ref: id }])));
      expect(secretStatements, group).toEqual(
        implied.map(([, id]) => ({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: id } })),
      );
    }
  });

  it('are given as the route table says: none to system, the master key to devices, the token key to operators, both to admin', () => {
    const ids = secretIds();
    expect(keysOf('system')).toEqual({ variables: {}, secretStatements: [] });
    expect(keysOf('admin').variables).toEqual({ [tokenKeySecretVariable]: { Ref: ids.tokenKey }, [masterKeySecretArnVariable]: { Ref: ids.deviceMasterKey } });
    expect(keysOf('devices').variables).toEqual({ [masterKeySecretArnVariable]: { Ref: ids.deviceMasterKey } });
    expect(keysOf('operators').variables).toEqual({ [tokenKeySecretVariable]: { Ref: ids.tokenKey } });
  });

  it('output both secret ARNs', () => {
    const ids = secretIds();
    api.hasOutput('TokenKeySecretArn', { Value: { Ref: ids.tokenKey } });
    api.hasOutput('DeviceMasterKeySecretArn', { Value: { Ref: ids.deviceMasterKey } });
  });
});

describe('the WeChat secrets', () => {
  const secretIds = () => ({
    weChatLogin: logicalIdOf(parkade.api.weChatSecrets.secrets.weChatLogin),
    weChatPay: logicalIdOf(parkade.api.weChatSecrets.secrets.weChatPay),
  });
  const schemas = { weChatLogin: weChatLoginSecretSchema, weChatPay: weChatPaySecretSchema };
  const variables = { weChatLogin: weChatLoginSecretVariable, weChatPay: weChatPaySecretVariable };

  /** The groups that serve these routes call WeChat login, or WeChat Pay. */
  const groupsServing = (routeKeys: string[]): GroupName[] =>
    [...new Set(routes.filter((route) => routeKeys.includes(routeKeyOf(route))).map((route) => route.group))].sort();
  const groupsNeeding = {
    weChatLogin: groupsServing(['POST /driver/login', 'POST /driver/phone']),
    weChatPay: groupsServing([
      'POST /device/payments',
      'POST /sessions/{sessionId}/orders',
      'GET /orders/{orderId}',
      'POST /payments/wechat/notify',
      'POST /admin/orders/{orderId}/refunds',
      'GET /admin/reports/reconciliation',
      // The daily reports list the day's reconciliation differences.
      'GET /admin/lots/{lotId}/reports/{date}',
    ]),
  };

  /** The WeChat variables a group's function is given, and its role's statements on the WeChat secrets. */
  const weChatAccessOf = (group: GroupName) => {
    const fn = resources()[logicalIdOf(parkade.api.functions[group])];
    const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const given = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const ids = Object.values(secretIds()).map((id) => JSON.stringify({ Ref: id }));
    return {
      variables: Object.fromEntries(Object.entries(given).filter(([name]) => Object.values<string>(variables).includes(name))),
      secretStatements: Object.values(api.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[])
        .filter((statement) => ids.includes(JSON.stringify(statement.Resource))),
    };
  };

  it('are placeholders named parkade/wechat-*, retained, holding every field the config reader requires, empty', () => {
    const names = { weChatLogin: 'parkade/wechat-login', weChatPay: 'parkade/wechat-pay' };
    for (const [secret, id] of Object.entries(secretIds()) as [keyof typeof schemas, string][]) {
      const resource = api.toJSON().Resources[id] as { DeletionPolicy: string; UpdateReplacePolicy: string; Properties: Record<string, unknown> };
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { Name: names[secret] } });
      expect(resource.Properties.GenerateSecretString).toBeUndefined();
      const placeholder = JSON.parse(resource.Properties.SecretString as string) as Record<string, unknown>;
      const required = Object.entries(schemas[secret].shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([field]) => field);
      expect(Object.keys(placeholder).sort(), secret).toEqual(required.sort());
      expect(JSON.stringify(placeholder)).not.toMatch(/:"[^"]/);
      // The placeholder is refused until an administrator fills it in.
      expect(schemas[secret].safeParse(placeholder).success).toBe(false);
      for (const field of Object.keys(schemas[secret].shape)) expect(resource.Properties.Description, field).toContain(field);
    }
  });

  it('reach exactly the groups that call WeChat, by variable and by a read grant on that secret alone', () => {
    expect(groupsNeeding).toEqual({ weChatLogin: ['drivers'], weChatPay: ['devices', 'payments', 'reports'] });
    const ids = secretIds();
    for (const group of Object.keys(functionGroups) as GroupName[]) {
      const needed = (Object.keys(groupsNeeding) as (keyof typeof groupsNeeding)[]).filter((secret) => groupsNeeding[secret].includes(group));
      expect(weChatAccessOf(group), group).toEqual({
        variables: Object.fromEntries(needed.map((secret) => [variables[secret], { Ref: ids[secret] }])),
        secretStatements: needed.map((secret) => ({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: ids[secret] } })),
      });
    }
  });

  it('output both secret ARNs and the notify URL WeChat Pay must be given', () => {
    const ids = secretIds();
    api.hasOutput('WeChatLoginSecretArn', { Value: { Ref: ids.weChatLogin } });
    api.hasOutput('WeChatPaySecretArn', { Value: { Ref: ids.weChatPay } });
    const notifyUrl = JSON.stringify(api.toJSON().Outputs.WeChatPayNotifyUrl.Value);
    expect(notifyUrl).toContain('.execute-api.');
    expect(notifyUrl).toMatch(new RegExp(`/${paymentNotificationPath.slice(1)}"`));
  });
});

describe('all secrets', () => {
  const allSecretIds = () =>
    [
      ...Object.values(parkade.api.accessKeys.secrets),
      ...Object.values(parkade.api.weChatSecrets.secrets),
    ].map((secret) => logicalIdOf(secret));

  it('are the two access keys and the two WeChat placeholders, and no other', () => {
    expect(Object.keys(api.findResources('AWS::SecretsManager::Secret')).sort()).toEqual(allSecretIds().sort());
    expect(allSecretIds()).toHaveLength(4);
  });

  it('are never granted by wildcard', () => {
    const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[],
    );
    const ids = allSecretIds();
    for (const statement of statements) {
      const actions = asList(statement.Action);
      expect(actions).not.toContain('*');
      if (!actions.some((action) => action.startsWith('secretsmanager:'))) continue;
      expect(actions).toEqual(['secretsmanager:GetSecretValue']);
      expect(ids.map((id) => ({ Ref: id }))).toContainEqual(statement.Resource);
    }
  });

  it('go unrotated only by acknowledgement, for these four secrets alone', () => {
    const unrotated = report.pluginReports
      .flatMap((plugin) => plugin.suppressedViolations ?? [])
      .filter((violation) => violation.ruleName === 'AwsSolutions-SMG4')
      .flatMap((violation) => violation.violatingConstructs.map((construct) => construct.constructPath));
    expect(unrotated.sort()).toEqual([
      'Parkade-Api/AccessKeys/DeviceMasterKey/Resource',
      'Parkade-Api/AccessKeys/TokenKey/Resource',
      'Parkade-Api/WeChatSecrets/WeChatLogin/Resource',
      'Parkade-Api/WeChatSecrets/WeChatPay/Resource',
    ]);
  });
});

describe('the groups that open barriers', () => {
  it('may publish lane commands: devices, operators, drivers, payments and administrators, and no other group', () => {
    const publishers = (Object.keys(functionGroups) as GroupName[]).filter((group) => {
      const roleId = (resources()[logicalIdOf(parkade.api.functions[group])]?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      return Object.values(api.findResources('AWS::IAM::Policy')).some(
        (policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`) && JSON.stringify(policy.Properties.PolicyDocument).includes('iot:Publish'),
      );
    });
    expect(publishers.sort()).toEqual(['admin', 'devices', 'drivers', 'operators', 'payments']);
  });
});

describe('the reports group', () => {
  it('answers the daily reports route, IAM-authorised, and reads the WeChat Pay secret for the reconciliation', () => {
    expect(routes.filter((route) => route.group === 'reports').map((route) => [routeKeyOf(route), route.auth])).toEqual([['GET /admin/lots/{lotId}/reports/{date}', 'iam']]);
    const fn = resources()[logicalIdOf(parkade.api.functions.reports)];
    expect(Object.keys((fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables)).toContain(weChatPaySecretVariable);
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  it('ran and found no unacknowledged violation', () => {
    const awsSolutions = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(awsSolutions).toBeDefined();
    expect(awsSolutions?.violations).toEqual([]);
    expect(awsSolutions?.conclusion).toBe('success');
  });

  it('gives every acknowledgement a written reason', () => {
    const suppressed = report.pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? []);
    for (const violation of suppressed) expect(violation.reason.length, violation.ruleName).toBeGreaterThan(40);
  });

  it('leaves no error annotations on any stack', () => {
    for (const stack of [parkade.data, parkade.api, parkade.devices, parkade.ops]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });
});
