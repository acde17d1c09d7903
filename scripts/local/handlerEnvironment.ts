/**
 * The environment the handlers run with locally, as the CDK stacks give it to the Lambda
 * functions in the cloud. The AWS SDK reaches DynamoDB Local through its own
 * AWS_ENDPOINT_URL_DYNAMODB variable, so handler code has no "local" branch.
 */
import { tokenKeyVariable } from '../../functions/access/tokenKey.js';
import { laneCommandsVariable, mqttUrlVariable } from '../../functions/commands/commandsEnvironment.js';
import { masterKeyVariable } from '../../functions/devices/deviceEnvironment.js';
import { weChatSimulatorDirVariable } from '../../functions/payments/weChatEnvironment.js';
import { tableNameVariable } from '../../functions/store/table.js';
import { localCredentials } from './dynamoDbLocal.js';

export const localRegion = 'ap-east-1';
export const localTableName = 'parkade';

export const handlerEnvironment = ({
  dynamoDbEndpoint,
  tableName = localTableName,
  logLevel = 'INFO',
  tokenKey,
  mqttUrl,
  deviceMasterKey,
  weChatSimulatorDir,
}: {
  dynamoDbEndpoint: string;
  tableName?: string;
  logLevel?: string;
  /** The access-token key (base64url), as the cloud reads it from its secret. */
  tokenKey?: string;
  /** The embedded broker, with the functions' credentials: lane commands are pushed there. */
  mqttUrl?: string;
  /** The key device secrets are derived from, as the cloud reads it from its secret. */
  deviceMasterKey?: string;
  /** Where the WeChat login and pay simulators keep their keys and orders. */
  weChatSimulatorDir?: string;
}): Record<string, string> => ({
  AWS_REGION: localRegion,
  AWS_DEFAULT_REGION: localRegion,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
  [tableNameVariable]: tableName,
  POWERTOOLS_SERVICE_NAME: 'parkade',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: logLevel,
  POWERTOOLS_TRACE_ENABLED: 'false',
  ...(tokenKey === undefined ? {} : { [tokenKeyVariable]: tokenKey }),
  ...(mqttUrl === undefined ? {} : { [laneCommandsVariable]: 'mqtt', [mqttUrlVariable]: mqttUrl }),
  ...(deviceMasterKey === undefined ? {} : { [masterKeyVariable]: deviceMasterKey }),
  ...(weChatSimulatorDir === undefined ? {} : { [weChatSimulatorDirVariable]: weChatSimulatorDir }),
});

/** Sets the handlers' environment on this process (before any handler module is imported). */
export const applyHandlerEnvironment = (environment: Record<string, string>): void => {
  // A session token from the developer's shell would be sent along with the local keys.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, environment);
};
