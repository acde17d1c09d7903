import { describe, expect, it } from 'vitest';
import { spawnParkade, spawnTimeout } from './runParkade.js';

/** Every answer is pretty JSON on stdout and nothing on stderr. */
const answered = async (args: string[], stdin?: string, code = 0): Promise<unknown> => {
  const run = await spawnParkade(args, stdin);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(code);
  expect(run.stdout.endsWith('\n')).toBe(true);
  const parsed: unknown = JSON.parse(run.stdout);
  expect(run.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  return parsed;
};

describe('parkade plate', { concurrent: true, timeout: spawnTimeout }, () => {
  it('parses one text into one object', async () => {
    expect(await answered(['plate', ' 粤b·1234５ '])).toEqual({
      input: ' 粤b·1234５ ',
      normalized: '粤B12345',
      valid: true,
      kind: 'standard',
    });
  });

  it('parses several texts into an array in the same order', async () => {
    expect(await answered(['plate', 'WJ京12345', 'hello', '粤BD12345'])).toEqual([
      { input: 'WJ京12345', normalized: 'WJ京12345', valid: true, kind: 'armedPolice' },
      { input: 'hello', normalized: 'HELL0', valid: false, kind: null },
      { input: '粤BD12345', normalized: '粤BD12345', valid: true, kind: 'newEnergy' },
    ]);
  });

  it('refuses no text with exit code 2 and a JSON error', async () => {
    expect(await answered(['plate'], undefined, 2)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('plate'), details: expect.anything() },
    });
  });
});

describe('parkade match', { concurrent: true, timeout: spawnTimeout }, () => {
  const request = { plate: '粤B1234S', candidates: ['粤B12345', '粤B12346'] };

  it('matches one request', async () => {
    expect(await answered(['match'], JSON.stringify(request))).toEqual({ match: '粤B12345', score: 0.5 });
  });

  it('answers no match with nulls', async () => {
    expect(await answered(['match'], JSON.stringify({ plate: '粤B1234X', candidates: request.candidates }))).toEqual({
      match: null,
      score: null,
    });
  });

  it('answers a batch in order with invalid elements replaced by their error', async () => {
    const batch = [request, { plate: 5 }, { plate: '粤b12346', candidates: request.candidates }];
    expect(await answered(['match'], JSON.stringify(batch))).toEqual([
      { match: '粤B12345', score: 0.5 },
      { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('plate'), details: expect.anything() } },
      { match: '粤B12346', score: 0 },
    ]);
  });

  it.each([
    ['malformed JSON', '{"plate": '],
    ['empty stdin', ''],
    ['a request without candidates', '{"plate":"粤B12345"}'],
    ['candidates that are not strings', '{"plate":"粤B12345","candidates":[1]}'],
  ])('refuses %s with exit code 2 and a JSON error', async (_, stdin) => {
    expect(await answered(['match'], stdin, 2)).toEqual({
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.anything() },
    });
  });
});

describe('parkade usage', { concurrent: true, timeout: spawnTimeout }, () => {
  it('prints usage for --help and exits 0', async () => {
    const run = await spawnParkade(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: parkade <command>/);
    for (const command of ['quote', 'plate', 'match']) expect(run.stdout).toContain(`parkade ${command}`);
  });

  it('prints one command usage for <command> --help', async () => {
    const run = await spawnParkade(['match', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('parkade match');
  });

  it.each([[['frobnicate']], [[]]])('refuses %j with usage on stderr and exit code 2', async (args) => {
    const run = await spawnParkade(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: parkade <command>');
  });
});
