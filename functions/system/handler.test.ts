import { afterEach, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.PARKADE_TABLE = 'parkade-test';
});

import { documentClient } from '../store/client.js';
import { httpEvent, lambdaContext } from '../http/testEvents.js';
import { handler } from './handler.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const health = async () => {
  const response = await handler(httpEvent('GET /health'), lambdaContext());
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
};

it('reports ok with the version and time once the table answers', async () => {
  const send = vi.spyOn(documentClient, 'send').mockImplementation(async () => ({}));
  const { status, body } = await health();
  expect(status).toBe(200);
  expect(body).toEqual({ status: 'ok', service: 'parkade', version: expect.any(String), time: expect.any(String), storage: 'ok' });
  expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  expect(send.mock.calls[0]?.[0].input).toMatchObject({ TableName: 'parkade-test' });
});

it('answers 503 with a clear message when the table cannot be reached', async () => {
  vi.spyOn(documentClient, 'send').mockImplementation(async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
  });
  const { status, body } = await health();
  expect(status).toBe(503);
  expect(body).toEqual({
    error: { code: 'UNAVAILABLE', message: 'Storage is unreachable; try again shortly', details: { dependency: 'storage' } },
  });
});
