import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark.js';
import { bundles } from './bundles.js';
import { capacityPerSession } from './capacityPerSession.js';
import { feeEngine } from './feeEngine.js';
import { gateLatency } from './gateLatency.js';
import { describeMachine } from './machine.js';
import { mallDay } from './mallDay.js';

/**
 * `npm run bench [-- name …]`: runs every benchmark (or the named ones) and writes each report
 * to bench/results/<name>.md. A new benchmark is a module exporting a Benchmark, listed here.
 */
const benchmarks: Benchmark[] = [feeEngine, gateLatency, capacityPerSession, bundles, mallDay];

const resultsDirectory = join(dirname(fileURLToPath(import.meta.url)), 'results');

const main = async () => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; there are: ${benchmarks.map(({ name }) => name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(resultsDirectory, { recursive: true });
  for (const benchmark of benchmarks.filter(({ name }) => wanted.length === 0 || wanted.includes(name))) {
    console.log(`# ${benchmark.title}`);
    const report = await benchmark.run();
    const header = [
      `# ${benchmark.title}`,
      '',
      `Run ${new Date().toISOString()} with \`npm run bench -- ${benchmark.name}\`.`,
      '',
      ...describeMachine().map((line) => `- ${line}`),
      '',
    ];
    const file = join(resultsDirectory, `${benchmark.name}.md`);
    writeFileSync(file, `${[...header, report.markdown.trimEnd()].join('\n')}\n`);
    for (const line of report.summary) console.log(line);
    console.log(`→ ${file}\n`);
  }
};

await main();
