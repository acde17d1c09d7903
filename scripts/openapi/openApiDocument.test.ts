import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { readFileSync } from 'node:fs';
import { routes } from '../../functions/routes.js';
import { loadRouteInputs, openApiDocument } from './openApiDocument.js';
import { documentPath, renderOpenApi, repoRoot } from './writeOpenApi.js';

type Operation = { security: Record<string, unknown>[]; parameters: { name: string; in: string; required: boolean }[]; requestBody?: unknown };

const document = openApiDocument(await loadRouteInputs(repoRoot), '0.0.0') as { paths: Record<string, Record<string, Operation>> };

describe('the OpenAPI document', () => {
  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('describes %s with who may call it', (_key, route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(operation?.security).toEqual(route.auth === 'none' ? [] : [{ [route.auth]: [] }]);
    const pathNames = [...route.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name);
    expect(operation?.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name).sort()).toEqual(pathNames.sort());
  });

  it('documents a body schema exactly where the edge validates one', () => {
    const grant = document.paths['/merchant/coupons']?.post;
    expect(grant?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { type: 'object', required: expect.arrayContaining(['templateId', 'plate']) } } },
    });
    expect(document.paths['/health']?.get?.requestBody).toBeUndefined();
  });

  it('is committed as npm run openapi writes it (run it after changing a route)', async () => {
    expect(readFileSync(documentPath, 'utf8')).toBe(await renderOpenApi());
  });
});
