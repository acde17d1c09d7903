/**
 * The one place where errors become HTTP responses. Domain errors keep their code and message;
 * anything else is logged with its stack and answered with a generic 500 so internals never
 * reach the caller.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isDomainError, type ErrorBody, type ErrorCode } from '../../shared/errors/index.js';
import { DependencyUnavailable } from './dependencyUnavailable.js';
import { logger, tracer } from './observability.js';
import { jsonResponse } from './replies.js';

export const statusOfCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const unavailableRetryAfterSeconds = 5;

const unexpectedBody: ErrorBody = {
  error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.' },
};

/** A RATE_LIMITED refusal's `details.retryAfterSeconds` as the Retry-After header. */
const rateLimitRetryHint = (details: unknown): Record<string, string> | undefined => {
  const seconds = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? { 'retry-after': String(Math.ceil(seconds)) } : undefined;
};

export const errorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (isDomainError(error)) {
    const status = statusOfCode[error.code];
    if (error instanceof DependencyUnavailable) {
      logger.error('Dependency unavailable', { dependency: error.dependency, error: error.cause ?? error });
    } else if (status >= 500) logger.error('Request failed', error);
    else logger.info('Request rejected', { code: error.code, status, reason: error.message });
    const retryHint =
      error.code === 'UNAVAILABLE' ? { 'retry-after': String(unavailableRetryAfterSeconds) } : error.code === 'RATE_LIMITED' ? rateLimitRetryHint(error.details) : undefined;
    return jsonResponse({ status, body: error.toBody(), headers: retryHint });
  }
  if (error instanceof Error) {
    logger.error('Unexpected error', error);
    tracer.addErrorAsMetadata(error);
  } else {
    logger.error('Unexpected error', { thrown: String(error) });
  }
  return jsonResponse({ status: 500, body: unexpectedBody });
};
