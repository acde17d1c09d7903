import { afterEach, beforeEach, expect, it, vi, type MockInstance } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { appendRequestKeys, httpApi, logger, ok, route } from './index.js';
import { httpEvent, lambdaContext } from './testEvents.js';

// In dev mode Powertools prints through the global console, one JSON document per line.
let printed: MockInstance<typeof console.info>;
beforeEach(() => {
  printed = vi.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  printed.mockRestore();
});

const logLines = (): Record<string, unknown>[] =>
  printed.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

const api = httpApi({
  'GET /lots/{lotId}/sessions/{sessionId}': route(async () => {
    appendRequestKeys({ plate: '粤B12345' });
    logger.info('looked up');
    return ok({});
  }),
  'GET /other': route(async () => {
    logger.info('other');
    return ok({});
  }),
});

it('stamps each log line with the request id, the lot and session from the path, and what route code appends', async () => {
  await api(
    httpEvent('GET /lots/{lotId}/sessions/{sessionId}', { pathParameters: { lotId: 'lot-7', sessionId: 's-1' } }),
    lambdaContext(),
  );
  expect(logLines()).toContainEqual(
    expect.objectContaining({
      message: 'looked up',
      requestId: 'request-1',
      function_request_id: 'invocation-1',
      lotId: 'lot-7',
      sessionId: 's-1',
      plate: '粤B12345',
    }),
  );
});

it('forgets one request’s keys before the next', async () => {
  await api(
    httpEvent('GET /lots/{lotId}/sessions/{sessionId}', { pathParameters: { lotId: 'lot-7', sessionId: 's-1' } }),
    lambdaContext(),
  );
  await api(httpEvent('GET /other'), lambdaContext());
  const other = logLines().find((line) => line.message === 'other');
  expect(other).toMatchObject({ requestId: 'request-1' });
  expect(other).not.toHaveProperty('lotId');
  expect(other).not.toHaveProperty('plate');
});
