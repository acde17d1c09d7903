import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { z } from 'zod';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { DomainError, errorCodes, type ErrorCode } from '../../shared/errors/index.js';
import {
  DependencyUnavailable,
  created,
  defaultMaxBodyBytes,
  httpApi,
  logger,
  noContent,
  ok,
  route,
} from './index.js';
import { httpEvent, lambdaContext } from './testEvents.js';

const parkingSpace = z.object({ level: z.string().min(1), number: z.number().int().positive() });

const api = httpApi({
  'GET /lots/{lotId}': route({ path: z.object({ lotId: z.string().regex(/^lot-\d+$/) }) }, async ({ path }) =>
    ok({ lotId: path.lotId }),
  ),
  'POST /lots/{lotId}/spaces': route(
    {
      path: z.object({ lotId: z.string() }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      body: parkingSpace,
    },
    async ({ path, body, query }) => created({ lotId: path.lotId, ...body, dryRun: query.dryRun === 'true' }),
  ),
  'DELETE /lots/{lotId}': route(async () => noContent()),
  'GET /fails/{code}': route({ path: z.object({ code: z.enum(errorCodes) }) }, async ({ path }) => {
    throw new DomainError(path.code, `failed with ${path.code}`, { why: 'because' });
  }),
  'GET /crashes': route(async () => {
    throw new TypeError('Cannot read properties of undefined (reading "secretColumn")');
  }),
  'GET /storage': route(async () => {
    throw new DependencyUnavailable('storage', 'Storage is unreachable; try again shortly');
  }),
});

const call = async (...args: Parameters<typeof httpEvent>) => {
  const response = await api(httpEvent(...args), lambdaContext());
  return { ...response, json: response.body === undefined ? undefined : JSON.parse(response.body) };
};

describe('httpApi routing', () => {
  it('answers each route with its own code, as JSON', async () => {
    const lot = await call('GET /lots/{lotId}', { pathParameters: { lotId: 'lot-7' } });
    expect(lot.statusCode).toBe(200);
    expect(lot.headers?.['content-type']).toMatch(/^application\/json/);
    expect(lot.json).toEqual({ lotId: 'lot-7' });

    const space = await call('POST /lots/{lotId}/spaces', {
      pathParameters: { lotId: 'lot-7' },
      queryStringParameters: { dryRun: 'true' },
      body: JSON.stringify({ level: 'B1', number: 12 }),
    });
    expect(space.statusCode).toBe(201);
    expect(space.json).toEqual({ lotId: 'lot-7', level: 'B1', number: 12, dryRun: true });
  });

  it('answers 204 without a body', async () => {
    const response = await call('DELETE /lots/{lotId}', { pathParameters: { lotId: 'lot-7' } });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const response = await call('GET /nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /nowhere' } });
  });

  it('lists the route keys it answers', () => {
    expect(api.routeKeys).toContain('POST /lots/{lotId}/spaces');
    expect(api.routeKeys).toHaveLength(6);
  });
});

describe('httpApi input validation', () => {
  it('reports every bad field of body, path and query at once with 400', async () => {
    const response = await call('POST /lots/{lotId}/spaces', {
      pathParameters: { lotId: 'lot-7' },
      queryStringParameters: { dryRun: 'maybe' },
      body: JSON.stringify({ level: '', number: -1 }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('VALIDATION_FAILED');
    const paths = response.json.error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['body.level', 'body.number', 'query.dryRun']));
    expect(response.json.error.message).toMatch(/^Invalid request: body\.level: /);
  });

  it('rejects a bad path parameter with 400 naming it', async () => {
    const response = await call('GET /lots/{lotId}', { pathParameters: { lotId: 'not a lot' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details.issues[0].path).toBe('path.lotId');
  });

  it('rejects a missing body with 400, not 500', async () => {
    const response = await call('POST /lots/{lotId}/spaces', { pathParameters: { lotId: 'lot-7' } });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.details.issues[0].path).toBe('body');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const response = await call('POST /lots/{lotId}/spaces', {
      pathParameters: { lotId: 'lot-7' },
      body: '{"level": "B1", ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Request body is not valid JSON' });
  });

  it('reads a base64-encoded body the way API Gateway sends non-JSON content types', async () => {
    const response = await call('POST /lots/{lotId}/spaces', {
      pathParameters: { lotId: 'lot-7' },
      body: Buffer.from(JSON.stringify({ level: 'B2', number: 3 })).toString('base64'),
      isBase64Encoded: true,
      headers: {},
    });
    expect(response.statusCode).toBe(201);
    expect(response.json).toMatchObject({ level: 'B2', number: 3 });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await call('POST /lots/{lotId}/spaces', {
      pathParameters: { lotId: 'lot-7' },
      body: JSON.stringify({ level: 'x'.repeat(defaultMaxBodyBytes), number: 1 }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('ignores a body on a route that takes none', async () => {
    const response = await call('DELETE /lots/{lotId}', { pathParameters: { lotId: 'lot-7' }, body: 'not json' });
    expect(response.statusCode).toBe(204);
  });
});

describe('httpApi error mapping', () => {
  const expectedStatus: Record<ErrorCode, number> = {
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

  it.each(errorCodes)('answers a DomainError %s with its status and the one error body', async (code) => {
    const response = await call('GET /fails/{code}', { pathParameters: { code } });
    expect(response.statusCode).toBe(expectedStatus[code]);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(response.json).toEqual({ error: { code, message: `failed with ${code}`, details: { why: 'because' } } });
  });

  describe('an unexpected exception', () => {
    let logged: MockInstance<typeof logger.error>;
    beforeEach(() => {
      logged = vi.spyOn(logger, 'error');
    });
    afterEach(() => {
      logged.mockRestore();
    });

    it('becomes a 500 with a generic message, and the error is logged', async () => {
      const response = await call('GET /crashes');
      expect(response.statusCode).toBe(500);
      expect(response.json.error.code).toBe('INTERNAL');
      expect(response.body).not.toMatch(/secretColumn|TypeError|at /);
      expect(logged).toHaveBeenCalledWith('Unexpected error', expect.any(TypeError));
    });
  });

  it('answers an unavailable dependency with 503 and a retry hint', async () => {
    const response = await call('GET /storage');
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBeDefined();
    expect(response.json).toEqual({
      error: { code: 'UNAVAILABLE', message: 'Storage is unreachable; try again shortly', details: { dependency: 'storage' } },
    });
  });
});
