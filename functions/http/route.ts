/**
 * One route's contract: zod schemas for its body, path and query, and the function that
 * answers it. The edge parses and validates before the route runs, so route code only ever
 * sees typed, valid input; every bad field is reported at once as 400 VALIDATION_FAILED.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, describeIssues, type FieldProblem } from '../../shared/errors/index.js';
import type { Reply } from './replies.js';

/** Our JSON bodies are small; anything bigger is a mistake or an attack. */
export const defaultMaxBodyBytes = 64 * 1024;

export interface RouteInput {
  body?: z.ZodType;
  path?: z.ZodType;
  query?: z.ZodType;
  /** Largest accepted body in bytes, after base64 decoding. */
  maxBodyBytes?: number;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteRequest<S extends RouteInput> {
  body: Parsed<S['body']>;
  path: Parsed<S['path']>;
  query: Parsed<S['query']>;
  /** Header names arrive lower-cased from API Gateway. */
  headers: Record<string, string | undefined>;
  event: APIGatewayProxyEventV2;
  context: Context;
}

export interface Route {
  /** The schemas the edge validates with; the OpenAPI document is generated from them. */
  readonly input: RouteInput;
  answer(event: APIGatewayProxyEventV2, context: Context): Promise<Reply>;
}

export function route(answer: (request: RouteRequest<{}>) => Promise<Reply>): Route;
export function route<S extends RouteInput>(input: S, answer: (request: RouteRequest<S>) => Promise<Reply>): Route;
export function route<S extends RouteInput>(
  inputOrAnswer: S | ((request: RouteRequest<{}>) => Promise<Reply>),
  maybeAnswer?: (request: RouteRequest<S>) => Promise<Reply>,
): Route {
  const [input, answer] =
    typeof inputOrAnswer === 'function'
      ? [{} as S, inputOrAnswer as (request: RouteRequest<S>) => Promise<Reply>]
      : [inputOrAnswer, maybeAnswer as (request: RouteRequest<S>) => Promise<Reply>];
  return {
    input,
    answer: async (event, context) => answer({ ...readRequest(input, event), headers: event.headers ?? {}, event, context }),
  };
}

const readRequest = <S extends RouteInput>(
  input: S,
  event: APIGatewayProxyEventV2,
): Pick<RouteRequest<S>, 'body' | 'path' | 'query'> => {
  const problems: FieldProblem[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
    if (schema === undefined) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    problems.push(
      ...describeIssues(result.error).map((problem) => ({
        path: problem.path === '(root)' ? where : `${where}.${problem.path}`,
        message: problem.message,
      })),
    );
    return undefined;
  };
  const body = parse(input.body, input.body && readJsonBody(event, input.maxBodyBytes ?? defaultMaxBodyBytes), 'body');
  const path = parse(input.path, event.pathParameters ?? {}, 'path');
  const query = parse(input.query, event.queryStringParameters ?? {}, 'query');
  const [first] = problems;
  if (first) {
    throw new DomainError('VALIDATION_FAILED', `Invalid request: ${first.path}: ${first.message}`, { issues: problems });
  }
  return { body, path, query } as Pick<RouteRequest<S>, 'body' | 'path' | 'query'>;
};

/** The body as JSON; a missing body is `undefined`, which the route's schema then judges. */
const readJsonBody = (event: APIGatewayProxyEventV2, maxBytes: number): unknown => {
  if (event.body === undefined || event.body === '') return undefined;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes`, {
      limitBytes: maxBytes,
    });
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'Request body is not valid JSON', {
      issues: [{ path: 'body', message: 'not valid JSON' }],
    });
  }
};
