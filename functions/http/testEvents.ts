/** API Gateway v2 events and a Lambda context for the edge's tests. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export const httpEvent = (
  routeKey: string,
  {
    body,
    isBase64Encoded = false,
    pathParameters,
    queryStringParameters,
    headers = { 'content-type': 'application/json' },
  }: Partial<
    Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'pathParameters' | 'queryStringParameters' | 'headers'>
  > = {},
): APIGatewayProxyEventV2 => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    isBase64Encoded,
    ...(body === undefined ? {} : { body }),
    ...(pathParameters === undefined ? {} : { pathParameters }),
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_428_000_000,
    },
  };
};

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'parkade-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:000000000000:function:parkade-test',
  memoryLimitInMB: '256',
  awsRequestId: 'invocation-1',
  logGroupName: '/aws/lambda/parkade-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 5_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
