/**
 * `npm run openapi`: writes docs/openapi.json from the route table and the handlers' schemas.
 * A unit test fails when the committed document is not what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRouteInputs, openApiDocument } from './openApiDocument.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const documentPath = `${repoRoot}docs/openapi.json`;

export const renderOpenApi = async (): Promise<string> => {
  const { version } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string };
  return `${JSON.stringify(openApiDocument(await loadRouteInputs(repoRoot), version), null, 2)}\n`;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  writeFileSync(documentPath, await renderOpenApi());
  process.stdout.write(`wrote ${documentPath}\n`);
}
