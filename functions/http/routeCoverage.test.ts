import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { functionGroups, routeKeyOf, routes } from '../routes.js';
import type { HttpApiHandler } from './httpApi.js';

// API Gateway sends a group's function only the routes the route table gives it; a route the
// handler does not know would answer 404 in the cloud and locally alike.
describe.each(Object.entries(functionGroups))('function group %s', (group, { entry }) => {
  it('answers exactly the routes the route table sends it', async () => {
    const { handler } = (await import(`../../${entry.replace(/\.ts$/, '.js')}`)) as { handler: HttpApiHandler };
    const expected = routes.filter((candidate) => candidate.group === group).map(routeKeyOf);
    expect([...handler.routeKeys].sort()).toEqual(expected.sort());
  });
});
