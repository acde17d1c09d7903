/**
 * The HTTP API: one route per entry of functions/routes.ts and one Lambda function per
 * function group, so the cloud answers exactly what the local server answers.
 *
 * Only `iam` routes are authorised by API Gateway (SigV4). `device`, `driver`, `merchant` and
 * `operator` callers are checked inside the handlers (HMAC signatures and tokens need the
 * request body or our own keys), so those routes, like `none`, have no API Gateway authoriser.
 * Those keys are Secrets Manager secrets (constructs/accessKeys.ts); each function gets the ones
 * its routes' callers are checked with, as the route table says, plus those its group declares
 * it uses (`accessKeys`: the admin group issues operator tokens and device secrets), and no other. WeChat's
 * credentials are placeholder secrets an administrator fills in (constructs/weChatSecrets.ts);
 * each function gets the ones its group declares.
 */
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { paymentNotificationPath } from '../../functions/payments/weChatEnvironment.js';
import { functionGroups, routes, type FunctionGroup, type RouteAuth, type RouteDefinition } from '../../functions/routes.js';
import { tableNameVariable } from '../../functions/store/table.js';
import { AccessKeys } from '../constructs/accessKeys.js';
import { GroupFunction } from '../constructs/groupFunction.js';
import { grantTableData } from '../constructs/tableAccess.js';
import { WeChatSecrets } from '../constructs/weChatSecrets.js';
import { logRetention } from '../settings.js';

export interface ApiStackProps extends StackProps {
  table: ITable;
}

type GroupName = keyof typeof functionGroups;

/** Steady and burst requests per second for the whole stage; a car park is not a stampede. */
const throttle = { rateLimit: 200, burstLimit: 400 };

/** One JSON object per request, with the fields the runbooks search by. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
    iamUser: '$context.identity.userArn',
  }),
);

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<GroupName, NodejsFunction>;
  readonly accessKeys: AccessKeys;
  readonly weChatSecrets: WeChatSecrets;

  constructor(scope: Construct, id: string, { table, ...props }: ApiStackProps) {
    super(scope, id, { description: 'Parkade HTTP API and its functions', ...props });

    this.accessKeys = new AccessKeys(this, 'AccessKeys');
    this.weChatSecrets = new WeChatSecrets(this, 'WeChatSecrets');
    const functions = Object.fromEntries(
      Object.entries(functionGroups as Record<GroupName, FunctionGroup>).map(([name, group]) => {
        const { function: handler } = new GroupFunction(this, `${pascalCase(name)}Function`, {
          name,
          group,
          environment: { [tableNameVariable]: table.tableName },
        });
        grantTableData(table, handler);
        this.accessKeys.giveTo(handler, authsOfGroup(name as GroupName), group.accessKeys ?? []);
        this.weChatSecrets.giveTo(handler, group.secrets ?? []);
        return [name, handler];
      }),
    ) as Record<GroupName, NodejsFunction>;
    this.functions = functions;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'parkade',
      description: 'Parkade: drivers, merchants, lane devices and administrators',
      createDefaultStage: false,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'AccessLogs', { retention: logRetention })),
        format: accessLogFormat,
      },
    });

    const integrations = Object.fromEntries(
      Object.entries(functions).map(([name, handler]) => [name, new HttpLambdaIntegration(`${pascalCase(name)}Integration`, handler)]),
    ) as Record<GroupName, HttpLambdaIntegration>;
    const iamAuthorizer = new HttpIamAuthorizer();
    for (const route of routes) {
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.group],
        ...(route.auth === 'iam' ? { authorizer: iamAuthorizer } : {}),
      });
      if (route.auth !== 'iam' && httpRoute) acknowledgeAppAuthorisation(httpRoute, route);
    }

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'The Parkade HTTP API' });
    new CfnOutput(this, 'TokenKeySecretArn', { value: this.accessKeys.secrets.tokenKey.secretArn, description: 'The access-token key' });
    new CfnOutput(this, 'DeviceMasterKeySecretArn', {
      value: this.accessKeys.secrets.deviceMasterKey.secretArn,
      description: 'The device master key (device secrets are derived from it)',
    });
    new CfnOutput(this, 'WeChatLoginSecretArn', {
      value: this.weChatSecrets.secrets.weChatLogin.secretArn,
      description: 'WeChat mini-program login: an administrator fills in appId and appSecret (docs/secrets.md)',
    });
    new CfnOutput(this, 'WeChatPaySecretArn', {
      value: this.weChatSecrets.secrets.weChatPay.secretArn,
      description: 'WeChat Pay merchant configuration: an administrator fills it in (docs/secrets.md)',
    });
    new CfnOutput(this, 'WeChatPayNotifyUrl', {
      // The stage URL ends with a slash; the route path starts with one.
      value: `${stage.url}${paymentNotificationPath.slice(1)}`,
      description: 'The notifyUrl to put in the WeChat Pay secret',
    });
  }
}

/** The kinds of caller a function group's routes accept. */
const authsOfGroup = (group: GroupName): ReadonlySet<RouteAuth> =>
  new Set(routes.filter((route) => route.group === group).map((route) => route.auth));

const acknowledgeAppAuthorisation = (httpRoute: HttpRoute, route: RouteDefinition): void => {
  Validations.of(httpRoute).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      route.auth === 'none'
        ? `${route.method} ${route.path} is public by design (${route.summary}); rate-limited by the stage throttle.`
        : `${route.method} ${route.path} is authorised in the handler (${route.auth} credentials are verified by the function, not by API Gateway).`,
  });
};

const pascalCase = (name: string): string => name.replace(/(^|[-_ ])(\w)/g, (_, _separator, letter: string) => letter.toUpperCase());
