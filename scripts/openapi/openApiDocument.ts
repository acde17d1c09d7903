/**
 * The HTTP API as an OpenAPI 3.1 document, generated from what the API itself runs on: the
 * route table (functions/routes.ts: methods, paths, who may call, summaries) and each group's
 * zod schemas for body, path and query (functions/http `route`). Nothing is written by hand, so
 * the document cannot drift from the validation the edge performs.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { z } from 'zod';
import { errorCodes } from '../../shared/errors/index.js';
import { statusOfCode } from '../../functions/http/errorResponse.js';
import type { HttpApiHandler, RouteInput } from '../../functions/http/index.js';
import { functionGroups, routeKeyOf, routes, type RouteAuth, type RouteDefinition } from '../../functions/routes.js';

type JsonSchema = Record<string, unknown>;

const jsonSchemaOf = (schema: z.ZodType): JsonSchema =>
  // `input`: what a caller sends, before the edge's transforms (trimming, normalising plates).
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

const withoutDialect = ({ $schema: _dialect, ...schema }: JsonSchema): JsonSchema => schema;

const errorBodySchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...errorCodes] },
        message: { type: 'string', description: 'For the person reading it; English.' },
        details: { description: 'Per code: `issues` (field problems) for VALIDATION_FAILED, `reason` for refusals.' },
      },
    },
  },
};

const securitySchemes = {
  driver: { type: 'http', scheme: 'bearer', description: 'A driver token from `POST /driver/login` (WeChat login).' },
  merchant: { type: 'http', scheme: 'bearer', description: 'A merchant staff token from `POST /merchant/login`.' },
  operator: { type: 'http', scheme: 'bearer', description: 'A car-park operator token, scoped to one lot.' },
  device: {
    type: 'apiKey',
    in: 'header',
    name: 'x-parkade-signature',
    description:
      'Lane devices sign every request (DESIGN.md "Lane devices"): `x-parkade-device`, `x-parkade-timestamp`, `x-parkade-nonce` and ' +
      '`x-parkade-signature` = hex HMAC-SHA256(secret, timestamp \\n nonce \\n METHOD \\n path \\n hex(sha256(body))).',
  },
  iam: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'AWS Signature Version 4 (service `execute-api`): the admin API.' },
} satisfies Record<Exclude<RouteAuth, 'none'>, JsonSchema>;

/** The query and path schemas are objects; each property becomes one parameter. */
const parametersOf = (schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] => {
  if (schema === undefined) return [];
  const { properties = {}, required = [] } = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
};

/** Path parameters the route's path names but its schema doesn't (routes that read them unvalidated): plain strings. */
const undeclaredPathParameters = (path: string, declared: JsonSchema[]): JsonSchema[] =>
  [...path.matchAll(/\{([^}]+)\}/g)]
    .map(([, name]) => name as string)
    .filter((name) => !declared.some((parameter) => parameter.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));

const errorStatuses = (definition: RouteDefinition, input: RouteInput): number[] => {
  const codes = new Set<number>([statusOfCode.INTERNAL, statusOfCode.UNAVAILABLE]);
  if (input.body || input.path || input.query) codes.add(statusOfCode.VALIDATION_FAILED);
  if (input.body) codes.add(statusOfCode.PAYLOAD_TOO_LARGE);
  if (definition.auth !== 'none') {
    codes.add(statusOfCode.UNAUTHORIZED);
    codes.add(statusOfCode.FORBIDDEN);
  }
  return [...codes].sort();
};

/** `POST /lots/{lotId}/lanes/{laneId}/open` → `post-lots-by-lotId-lanes-by-laneId-open`. */
const operationIdOf = ({ method, path }: RouteDefinition): string =>
  [method.toLowerCase(), ...path.split('/').filter(Boolean).map((segment) => segment.replace(/^\{(.+)\}$/, 'by-$1'))].join('-');

const operationOf = (definition: RouteDefinition, input: RouteInput): JsonSchema => {
  const declared = [...parametersOf(input.path, 'path'), ...parametersOf(input.query, 'query')];
  const errorResponses = Object.fromEntries(
    errorStatuses(definition, input).map((status) => [String(status), { $ref: '#/components/responses/Error' }]),
  );
  return {
    operationId: operationIdOf(definition),
    summary: definition.summary,
    tags: [definition.group],
    security: definition.auth === 'none' ? [] : [{ [definition.auth]: [] }],
    parameters: [...declared, ...undeclaredPathParameters(definition.path, declared)],
    ...(input.body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: withoutDialect(jsonSchemaOf(input.body)) } } } }),
    responses: { '200': { description: 'Success (201/202/204 where the route creates, accepts or answers nothing).' }, ...errorResponses },
  };
};

/** Each function group's handler module, for its routes' schemas. */
export const loadRouteInputs = async (repoRoot: string): Promise<Map<string, RouteInput>> => {
  const inputs = new Map<string, RouteInput>();
  for (const { entry } of Object.values(functionGroups)) {
    const { handler } = (await import(pathToFileURL(join(repoRoot, entry)).href)) as { handler: HttpApiHandler };
    for (const [key, route] of Object.entries(handler.routes)) inputs.set(key, route.input);
  }
  return inputs;
};

export const openApiDocument = (inputs: ReadonlyMap<string, RouteInput>, version: string): JsonSchema => {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const definition of routes) {
    const input = inputs.get(routeKeyOf(definition));
    if (input === undefined) throw new Error(`No handler answers ${routeKeyOf(definition)}`);
    paths[definition.path] = { ...paths[definition.path], [definition.method.toLowerCase()]: operationOf(definition, input) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parkade API',
      version,
      description:
        'The car park’s HTTP API: lane devices, drivers (WeChat mini-program), merchants, operators and administrators. ' +
        'Generated from functions/routes.ts and the handlers’ zod schemas by `npm run openapi`. Money is integer fen; times are ISO 8601.',
    },
    tags: Object.entries(functionGroups).map(([name, group]) => ({ name, description: group.description })),
    paths,
    components: {
      securitySchemes,
      schemas: { ErrorBody: errorBodySchema },
      responses: {
        Error: { description: 'The one error body; `code` says what went wrong.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
      },
    },
  };
};
