export { httpApi, type HttpApiHandler, type RouteTable } from './httpApi.js';
export { route, defaultMaxBodyBytes, type Route, type RouteInput, type RouteRequest } from './route.js';
export { ok, created, accepted, noContent, documentReply, type Reply } from './replies.js';
export { errorResponse, statusOfCode } from './errorResponse.js';
export { DependencyUnavailable } from './dependencyUnavailable.js';
export { appendRequestKeys, logger, metrics, tracer, serviceName, type RequestKeys } from './observability.js';
export { createdOrReplayed, markReplayed, optionalIdempotencyKey, requiredIdempotencyKey } from './idempotencyKey.js';
