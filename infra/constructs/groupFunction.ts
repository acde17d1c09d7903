/**
 * The Lambda function for one function group of functions/routes.ts: Node.js 22 on arm64,
 * bundled and minified by the local esbuild (never Docker), X-Ray active, Powertools
 * configured, its own log group, and a role that may write to that log group and nothing
 * else until the stack grants more.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { FunctionGroup } from '../../functions/routes.js';
import { logRetention, metricsNamespace, repositoryRoot, serviceName } from '../settings.js';

export const functionRuntime = Runtime.NODEJS_22_X;

export interface GroupFunctionProps {
  name: string;
  group: FunctionGroup;
  environment: Record<string, string>;
}

export class GroupFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { name, group, environment }: GroupFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', { retention: logRetention });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose logs:* reaches every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Parkade ${name} function`,
    });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      description: `Parkade ${name}: ${group.description}`,
      entry: join(repositoryRoot, group.entry),
      handler: 'handler',
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      runtime: functionRuntime,
      architecture: Architecture.ARM_64,
      memorySize: group.memorySize,
      timeout: Duration.seconds(group.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces point into functions/ and shared/, not into the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // The SDK is bundled too, so the code runs with the versions it was tested with.
        externalModules: [],
        // CommonJS dependencies (the X-Ray SDK) call require(), which ES modules lack.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Pinned deliberately to Node.js 22, an LTS runtime Lambda supports; development and tests run on Node 20 (docs/decisions/0003), so moving to Node 24 is a planned upgrade, not something to drift into.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), which has no resource-level permissions; the infra tests fail if any other action is granted on *.',
    });
  }
}
