/**
 * `npm start` as a developer runs it: the real process tree (npm → tsx → node → java) on a free
 * port with its data in a temporary directory, stopped the way Ctrl-C stops it (SIGINT to the
 * whole process group), then started again on the same data.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { localCredentials } from '../../scripts/local/dynamoDbLocal.js';
import { freePort } from '../../scripts/local/freePort.js';
import { localRegion } from '../../scripts/local/handlerEnvironment.js';
import type { LocalJson } from '../../scripts/local/localJson.js';
import { repoRoot } from './localStack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'parkade-start-'));
const localJsonFile = join(dataDir, 'local.json');
const started: ChildProcess[] = [];

interface RunningStack {
  process: ChildProcess;
  localJson: LocalJson;
  dynamoDbEndpoint: string;
  output: () => string;
}

/** This process's environment without the integration suite's own database. */
const { AWS_ENDPOINT_URL_DYNAMODB: _endpoint, PARKADE_TABLE: _table, ...environment } = process.env;

const startStack = async (port: number): Promise<RunningStack> => {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...environment,
      PORT: String(port),
      PARKADE_DATA_DIR: dataDir,
      PARKADE_SKIP_H5_BUILD: '1',
    },
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const deadline = Date.now() + 90_000; !existsSync(localJsonFile); await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start wrote no local.json within 90 s:\n${output}`);
  }
  const { dynamoDbEndpoint, ...localJson } = JSON.parse(readFileSync(localJsonFile, 'utf8')) as LocalJson & { dynamoDbEndpoint: string };
  expect(output).toContain(`DynamoDB Local on ${dynamoDbEndpoint}`);
  return { process: child, localJson, dynamoDbEndpoint, output: () => output };
};

/** Ctrl-C: SIGINT to the whole foreground process group. */
const pressCtrlC = async (stack: RunningStack): Promise<number | null> => {
  const exited = new Promise<number | null>((resolve) => stack.process.once('exit', (code) => resolve(code)));
  process.kill(-(stack.process.pid ?? 0), 'SIGINT');
  return exited;
};

/** Java processes serving this test's data directory. */
const javaOfThisStack = (): string => spawnSync('pgrep', ['-f', `DynamoDBLocal.*${dataDir}`], { encoding: 'utf8' }).stdout.trim();

const documentsAt = (endpoint: string) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials }));

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
});

describe('npm start', () => {
  it('serves, stops cleanly on Ctrl-C, and finds its data again on the next start', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const first = await startStack(port);

    // DESIGN.md pins these keys; the local stack adds a few of its own after them.
    expect(Object.keys(first.localJson).slice(0, 6)).toEqual(['apiUrl', 'appUrl', 'lotId', 'tariff', 'devices', 'merchants']);
    expect(first.localJson).toMatchObject({ apiUrl: `http://localhost:${port}`, appUrl: `http://localhost:${port}/app/`, lotId: 'lot-demo' });
    expect(first.output()).toContain(`curl http://localhost:${port}/health`);
    const health = await fetch(`${first.localJson.apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'ok' });

    const key = { pk: 'TEST#kept-across-restarts', sk: 'TEST' };
    await documentsAt(first.dynamoDbEndpoint).send(
      new PutCommand({ TableName: 'parkade', Item: { ...key, entity: 'Test', note: 'written before Ctrl-C' } }),
    );

    // A scheduled job by hand runs against the running stack's database.
    const job = spawnSync('npm', ['run', '--silent', 'jobs', '--', 'writeDailyReports', '--at', '2026-03-02T03:00:00Z'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...environment, PARKADE_DATA_DIR: dataDir },
    });
    expect(job.status, job.stdout + job.stderr).toBe(0);
    expect(readdirSync(join(dataDir, 'reports'), { recursive: true }).some((name) => String(name).endsWith('.csv'))).toBe(true);

    expect(await pressCtrlC(first)).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(javaOfThisStack()).toBe('');
    expect(existsSync(localJsonFile)).toBe(false);

    const second = await startStack(port);
    expect(second.localJson).toEqual(first.localJson);
    expect(second.output()).toContain('0 items written');
    const kept = await documentsAt(second.dynamoDbEndpoint).send(new GetCommand({ TableName: 'parkade', Key: key }));
    expect(kept.Item?.note).toBe('written before Ctrl-C');

    expect(await pressCtrlC(second)).toBe(0);
    expect(javaOfThisStack()).toBe('');
  });
});
