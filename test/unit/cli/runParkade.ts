/** Ways to run `parkade` in tests: the real bin in a child process, or `main` in memory. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../../scripts/cli/cliIo.js';
import { main } from '../../../scripts/cli/parkade.js';

const bin = fileURLToPath(new URL('../../../bin/parkade.js', import.meta.url));

export interface ParkadeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Each run starts node and tsx, which takes about a second on a busy machine. */
export const spawnTimeout = 30_000;

/** `node bin/parkade.js …` with `stdin` piped in (empty when not given). */
export const spawnParkade = (args: string[], stdin = ''): Promise<ParkadeRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });

/** The same command line through `main`, without a process: for properties that run it often. */
export const runParkadeInMemory = async (args: string[], stdin: string): Promise<ParkadeRun> => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readStdin: async () => stdin,
    stdinIsTTY: false,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
};
