/**
 * One Lambda handler for a function group: `httpApi({ 'GET /health': health })`. It picks the
 * route by API Gateway's `routeKey`, runs it, and turns whatever it throws into the one error
 * body. Powertools wraps every invocation: Lambda context and request ids on each log line,
 * EMF metrics flushed at the end, an X-Ray segment around the handler.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../../shared/errors/index.js';
import { recordServerError } from '../observability/parkadeMetrics.js';
import { errorResponse } from './errorResponse.js';
import { appendRequestKeys, logger, metrics, tracer } from './observability.js';
import { jsonResponse } from './replies.js';
import type { Route } from './route.js';

/** Routes by API Gateway route key, e.g. `GET /sessions/{sessionId}`. */
export type RouteTable = Record<string, Route>;

export type HttpApiHandler = ((
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>) & {
  /** The route keys this handler answers; tests compare them with functions/routes.ts. */
  readonly routeKeys: readonly string[];
  /** The routes themselves, for the OpenAPI document (scripts/openapi). */
  readonly routes: RouteTable;
};

export const httpApi = (routes: RouteTable): HttpApiHandler => {
  const dispatch = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    logger.appendKeys({ requestId: event.requestContext.requestId, routeKey: event.routeKey });
    appendRequestKeys(event.pathParameters ?? {});
    try {
      const route = routes[event.routeKey];
      if (route === undefined) throw new DomainError('NOT_FOUND', `No route for ${event.routeKey}`);
      return jsonResponse(await route.answer(event, context));
    } catch (error) {
      const response = errorResponse(error);
      if ((response.statusCode ?? 500) >= 500) recordServerError(event.routeKey);
      return response;
    }
  };

  const handler = middy(dispatch)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  return Object.assign(handler, { routeKeys: Object.keys(routes), routes });
};
