/**
 * `parkade admin` without a network: where it sends (local stack or a signed deployed API), and
 * what it prints and exits with for the API's answers. The API is a stand-in `fetch`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminWith, type AdminContext } from '../../../scripts/cli/admin.js';
import { adminCommands, commandUsage } from '../../../scripts/cli/admin/adminCommands.js';
import { adminTarget } from '../../../scripts/cli/admin/adminTarget.js';
import type { CliIo } from '../../../scripts/cli/cliIo.js';
import { runParkadeInMemory } from './runParkade.js';

const dataDirWithLocalJson = (apiUrl: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'parkade-data-'));
  writeFileSync(join(dir, 'local.json'), JSON.stringify({ apiUrl }));
  return dir;
};
const emptyDataDir = () => mkdtempSync(join(tmpdir(), 'parkade-empty-'));

describe('where admin commands go', () => {
  it('to the local stack of local.json when no URL is given', () => {
    expect(adminTarget({ local: false }, { PARKADE_DATA_DIR: dataDirWithLocalJson('http://localhost:8787') })).toEqual({
      kind: 'local',
      apiUrl: 'http://localhost:8787',
    });
  });

  it('to a deployed API, signed in the region its host names, or AWS_REGION for a custom domain', () => {
    const environment = { PARKADE_DATA_DIR: dataDirWithLocalJson('http://localhost:8787'), AWS_REGION: 'cn-north-1' };
    expect(adminTarget({ local: false, apiUrl: 'https://abc123.execute-api.ap-east-1.amazonaws.com/' }, environment)).toEqual({
      kind: 'aws',
      apiUrl: 'https://abc123.execute-api.ap-east-1.amazonaws.com',
      region: 'ap-east-1',
    });
    expect(adminTarget({ local: false }, { ...environment, PARKADE_API_URL: 'https://parking.example.com/api' })).toEqual({
      kind: 'aws',
      apiUrl: 'https://parking.example.com/api',
      region: 'cn-north-1',
    });
  });

  it('unsigned to the given URL with --local', () => {
    expect(adminTarget({ local: true, apiUrl: 'http://127.0.0.1:9999/' }, { PARKADE_API_URL: 'https://ignored.example.com' })).toEqual({
      kind: 'local',
      apiUrl: 'http://127.0.0.1:9999',
    });
  });

  it('nowhere, with a usage error, when there is neither a URL nor a local stack, or no region', () => {
    expect(() => adminTarget({ local: false }, { PARKADE_DATA_DIR: emptyDataDir() })).toThrow(/--api-url/);
    expect(() => adminTarget({ local: true }, { PARKADE_DATA_DIR: emptyDataDir() })).toThrow(/npm start/);
    expect(() => adminTarget({ local: false, apiUrl: 'https://parking.example.com' }, { PARKADE_DATA_DIR: emptyDataDir() })).toThrow(/AWS_REGION/);
  });
});

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const run = async (args: string[], answer: Response | Error, { stdin = '', environment = {} }: { stdin?: string; environment?: NodeJS.ProcessEnv } = {}) => {
  const sent: Sent[] = [];
  let stdout = '';
  let stderr = '';
  const io: CliIo = { readStdin: async () => stdin, stdinIsTTY: stdin === '', stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) };
  const context: AdminContext = {
    environment: { PARKADE_DATA_DIR: emptyDataDir(), ...environment },
    fetch: async (input, init) => {
      sent.push({ url: String(input), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
      if (answer instanceof Error) throw answer;
      return answer;
    },
    signingContext: () => ({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, now: new Date('2026-11-23T10:00:00Z') }),
  };
  const code = await adminWith(context)(args, io);
  return { code, stdout, stderr, sent };
};

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('running an admin command', () => {
  it('signs a request to a deployed API and prints the answer as pretty JSON', async () => {
    const result = await run(
      ['devices', 'rotate', 'dev-1', '--reason', 'Controller replaced', '--api-url', 'https://abc123.execute-api.ap-east-1.amazonaws.com'],
      json(200, { device: { deviceId: 'dev-1', secretVersion: 2 }, secret: 'abc' }),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ device: { deviceId: 'dev-1', secretVersion: 2 }, secret: 'abc' });
    const [request] = result.sent;
    expect(request).toMatchObject({ url: 'https://abc123.execute-api.ap-east-1.amazonaws.com/admin/devices/dev-1/rotate', method: 'POST' });
    expect(JSON.parse(request!.body!)).toEqual({ reason: 'Controller replaced' });
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261123\/ap-east-1\/execute-api\/aws4_request, /);
    expect(request!.headers['x-amz-date']).toBe('20261123T100000Z');
  });

  it('sends nothing signed to the local stack', async () => {
    const result = await run(['lots', 'list', '--local', '--api-url', 'http://127.0.0.1:9999'], json(200, { lots: [] }));
    expect(result.sent).toEqual([{ url: 'http://127.0.0.1:9999/admin/lots', method: 'GET', headers: {}, body: undefined }]);
  });

  it('reads a tariff on stdin into the request', async () => {
    const tariff = { exitGraceMinutes: 15 };
    const result = await run(['tariffs', 'validate', 'lot-a', '--local', '--api-url', 'http://127.0.0.1:9999'], json(200, { valid: false }), {
      stdin: JSON.stringify(tariff),
    });
    expect(JSON.parse(result.sent[0]!.body!)).toEqual({ tariff });
  });

  it('prints a refusal’s error body and exits 3; an API failure exits 1', async () => {
    const refusal = { error: { code: 'CONFLICT', message: 'Lot lot-a exists already', details: { lotId: 'lot-a' } } };
    const refused = await run(['lots', 'get', 'lot-a', '--local', '--api-url', 'http://127.0.0.1:9999'], json(409, refusal));
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe(`${JSON.stringify(refusal, null, 2)}\n`);
    const failed = await run(['lots', 'get', 'lot-a', '--local', '--api-url', 'http://127.0.0.1:9999'], json(500, { error: { code: 'INTERNAL', message: 'x' } }));
    expect(failed.code).toBe(1);
  });

  it('prints a CSV document as it came', async () => {
    const csv = 'date,revenueFen\n2026-11-22,1200\n';
    const answer = new Response(csv, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    const result = await run(['merchants', 'statement', 'm-1', '2026-10', '--local', '--api-url', 'http://127.0.0.1:9999'], answer);
    expect(result).toMatchObject({ code: 0, stdout: csv });
  });

  it('exits 1 with an UNAVAILABLE error when the API cannot be reached', async () => {
    const result = await run(['lots', 'list', '--local', '--api-url', 'http://127.0.0.1:9'], new TypeError('fetch failed'));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('http://127.0.0.1:9') });
  });

  it('refuses an unknown command, an unknown option and a missing argument with exit 2, sending nothing', async () => {
    for (const args of [['lots', 'burn'], ['lots', 'list', '--colour', 'red'], ['lanes', 'list', '--local', '--api-url', 'http://127.0.0.1:9999']]) {
      const result = await run(args, json(200, {}));
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout).error.code).toBe('VALIDATION_FAILED');
      expect(result.sent).toEqual([]);
    }
  });

  it('sends a creating command with a fresh Idempotency-Key per invocation, printed on stderr, or the one given to retry', async () => {
    const local = ['--local', '--api-url', 'http://127.0.0.1:9999'];
    const issue = ['devices', 'issue', 'lot-a', '--lane-id', 'north-in', '--reason', 'New camera', ...local];
    const first = await run(issue, json(201, {}));
    const second = await run(issue, json(201, {}));
    const key = first.sent[0]!.headers['idempotency-key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.sent[0]!.headers['idempotency-key']).not.toBe(key);
    expect(first.stderr).toContain(`--idempotency-key ${key}`);
    const retry = await run([...issue, '--idempotency-key', key!], json(200, {}));
    expect(retry.sent[0]!.headers['idempotency-key']).toBe(key);
    const listed = await run(['devices', 'list', 'lot-a', ...local], json(200, {}));
    expect(listed.sent[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('refuses a command without the --reason its route requires with exit 2, sending nothing', async () => {
    for (const words of [['merchants', 'suspend'], ['merchants', 'reactivate'], ['merchants', 'update', '--name', 'Tea House']]) {
      const [resource, action, ...options] = words;
      const result = await run([resource!, action!, 'm-1', ...options, '--local', '--api-url', 'http://127.0.0.1:9999'], json(200, {}));
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', details: { missing: ['--reason'] } });
      expect(result.sent).toEqual([]);
    }
    const suspended = await run(['merchants', 'suspend', 'm-1', '--reason', 'Unpaid', '--local', '--api-url', 'http://127.0.0.1:9999'], json(200, {}));
    expect(JSON.parse(suspended.sent[0]!.body!)).toEqual({ reason: 'Unpaid', status: 'suspended' });
  });
});

describe('help', () => {
  it('lists every admin command’s usage in parkade --help and parkade admin --help', async () => {
    for (const args of [['--help'], ['admin', '--help']]) {
      const run = await runParkadeInMemory(args, '');
      expect(run.code).toBe(0);
      for (const command of adminCommands) expect(run.stdout).toContain(commandUsage(command));
    }
  });

  it('shows one command’s usage for parkade admin <resource> <action> --help', async () => {
    const run = await runParkadeInMemory(['admin', 'barrier', 'open', '--help'], '');
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('parkade admin barrier open <lotId> <laneId> --reason <why>') });
  });
});
