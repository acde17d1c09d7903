/**
 * `npm start` as a developer runs it, for the browser tests: the real process tree on a free port
 * with its data in a temporary directory, stopped the way Ctrl-C stops it (SIGINT to the whole
 * process group). `npm start` rebuilds the h5 app when it is older than miniapp/'s sources, in the
 * background while already serving; the browser needs it whole, so this waits for that build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../scripts/local/freePort.js';
import { h5State } from '../../scripts/local/h5Build.js';
import { localJsonFileName, type LocalJson } from '../../scripts/local/localJson.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LocalStackProcess {
  localJson: LocalJson;
  dataDir: string;
  output: () => string;
  /** Ctrl-C, then the data directory is removed. */
  stop: () => Promise<void>;
}

/** Starts `npm start`; resolves once it has written local.json and built any stale h5 app. */
export const startLocalStack = async ({ readyWithinMs = 420_000 } = {}): Promise<LocalStackProcess> => {
  const builds = h5State(repoRoot) === 'stale';
  const dataDir = mkdtempSync(join(tmpdir(), 'parkade-e2e-'));
  const localJsonFile = join(dataDir, localJsonFileName);
  const { AWS_ENDPOINT_URL_DYNAMODB, PARKADE_TABLE, ...environment } = process.env;
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...environment, PORT: String(await freePort()), PARKADE_DATA_DIR: dataDir },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid, 'SIGINT');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const ready = () => existsSync(localJsonFile) && (!builds || /H5 app built in|H5 build failed/.test(output));
  try {
    for (const deadline = Date.now() + readyWithinMs; !ready(); await sleep(200)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start was not ready within ${readyWithinMs / 1000} s:\n${output}`);
    }
    if (output.includes('H5 build failed')) throw new Error(`npm start could not build the h5 app:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { localJson: JSON.parse(readFileSync(localJsonFile, 'utf8')) as LocalJson, dataDir, output: () => output, stop };
};
