import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GroupFunction } from '../infra/constructs/groupFunction.js';
import { functionGroups } from '../functions/routes.js';
import { generateTokenKey } from '../functions/access/tokenKey.js';
import { handlerEnvironment } from '../scripts/local/handlerEnvironment.js';
import type { Benchmark } from './benchmark.js';

const importRuns = 7;

/**
 * Each function group bundled by CDK itself: a GroupFunction (infra/constructs/groupFunction.ts)
 * in a throw-away app whose output directory is a temp dir, so the bundle is exactly the one
 * `cdk synth` stages (same esbuild, same options), without restating those options here.
 */
const bundleGroups = (outdir: string): Map<string, string> => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundleBench');
  const staged = new Map<string, string>();
  for (const [name, group] of Object.entries(functionGroups)) {
    const construct = new GroupFunction(stack, `Group-${name}`, { name, group, environment: {} });
    const staging = construct.node.findAll().find((child): child is AssetStaging => child instanceof AssetStaging);
    if (staging === undefined) throw new Error(`no bundle staged for ${name}`);
    staged.set(name, staging.absoluteStagedPath);
  }
  return staged;
};

/** Milliseconds a fresh `node` takes to import the bundle (from just before the import to just after). */
const coldImportMs = (bundle: string, env: NodeJS.ProcessEnv): number => {
  const script = `const start = performance.now(); const module = await import(${JSON.stringify(pathToFileURL(bundle).href)});
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(String(performance.now() - start));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${bundle} failed: ${run.stderr}`);
  return Number(run.stdout);
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const bundles: Benchmark = {
  name: 'bundles',
  title: 'Lambda bundle sizes and cold import times',
  run() {
    const outdir = mkdtempSync(join(tmpdir(), 'parkade-bundles-'));
    try {
      const staged = bundleGroups(outdir);
      // What the handlers read when loaded; nothing is called, so the endpoint need not answer.
      const env = {
        PATH: process.env.PATH,
        ...handlerEnvironment({ dynamoDbEndpoint: 'http://127.0.0.1:9', logLevel: 'ERROR', tokenKey: generateTokenKey(), deviceMasterKey: 'bench' }),
        NODE_OPTIONS: '--enable-source-maps',
      };
      const rows = [...staged].map(([name, dir]) => {
        const entry = readdirSync(dir).find((file) => /^index\.m?js$/.test(file));
        if (entry === undefined) throw new Error(`no index.mjs in ${dir}`);
        const file = join(dir, entry);
        const code = readFileSync(file);
        const map = readdirSync(dir).find((other) => other === `${entry}.map`);
        const times = Array.from({ length: importRuns }, () => coldImportMs(file, env));
        return {
          name,
          memory: functionGroups[name as keyof typeof functionGroups].memorySize,
          raw: code.length,
          gzip: gzipSync(code, { level: 9 }).length,
          map: map === undefined ? 0 : statSync(join(dir, map)).size,
          importMs: median(times),
          spread: `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`,
        };
      });
      const markdown = [
        '## What was measured',
        '',
        'Each function group of functions/routes.ts bundled by CDK itself: the benchmark builds a `GroupFunction`',
        '(infra/constructs/groupFunction.ts) in a throw-away CDK app whose output directory is a temp dir, so the bundle is',
        'the one `cdk synth` stages — local esbuild, minified, ESM, target node22, source map, every dependency bundled.',
        'Sizes are the bundle file itself (gzip -9 shown for comparison; the deployed zip also holds the source map).',
        `Cold import: a fresh \`node\` process (${process.version}, this machine; Lambda runs Node.js 22 on arm64) imports the`,
        `bundle with the handlers' environment and \`--enable-source-maps\` as deployed; the time from just before the import`,
        `to just after, median of ${importRuns} runs (range shown). It is the module-loading part of a cold start only: no Lambda`,
        'runtime start-up, no first request, no secret reads.',
        '',
        '| Function group | Memory MB | Bundle | gzip | Source map | Cold import ms (median) | Range ms |',
        '|---|--:|--:|--:|--:|--:|--:|',
        ...rows.map((r) => `| ${r.name} | ${r.memory} | ${kib(r.raw)} | ${kib(r.gzip)} | ${kib(r.map)} | ${r.importMs.toFixed(0)} | ${r.spread} |`),
      ].join('\n');
      return {
        markdown,
        summary: rows.map((r) => `${r.name}: ${kib(r.raw)} (${kib(r.gzip)} gzip), cold import ${r.importMs.toFixed(0)} ms`),
      };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
