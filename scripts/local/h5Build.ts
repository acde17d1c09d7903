/**
 * Keeps the H5 build of the mini-program current for the local stack: it is rebuilt
 * (`npm run build:h5`) when miniapp/dist/h5/index.html is missing or older than any source or
 * config file of the mini-program.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const h5OutputDir = (repoRoot: string): string => join(repoRoot, 'miniapp', 'dist', 'h5');

const newestChange = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stats.mtimeMs);
};

export type H5State = 'current' | 'stale' | 'no-source';

export const h5State = (repoRoot: string): H5State => {
  const miniapp = join(repoRoot, 'miniapp');
  if (!existsSync(join(miniapp, 'src'))) return 'no-source';
  const index = join(h5OutputDir(repoRoot), 'index.html');
  if (!existsSync(index)) return 'stale';
  const sources = Math.max(newestChange(join(miniapp, 'src')), newestChange(join(miniapp, 'config')));
  return statSync(index).mtimeMs >= sources ? 'current' : 'stale';
};

/**
 * Runs the H5 build, passing each output line to `progress`; resolves with whether it succeeded.
 * The build runs in its own process group so that `abort` ends npm, taro and webpack together.
 */
export const buildH5 = (repoRoot: string, progress: (line: string) => void, abort: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    const build = spawn('npm', ['run', '--silent', 'build:h5'], {
      cwd: repoRoot,
      // The app served is the production build, whatever NODE_ENV the caller runs under (vitest sets "test").
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const endGroup = () => {
      if (build.pid !== undefined && build.exitCode === null) process.kill(-build.pid, 'SIGTERM');
    };
    abort.addEventListener('abort', endGroup, { once: true });
    process.once('exit', endGroup);
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split(/\r?\n|\r/)) if (line.trim() !== '') progress(line.trimEnd());
    };
    build.stdout.on('data', forward);
    build.stderr.on('data', forward);
    build.once('error', (error) => {
      progress(error.message);
      resolve(false);
    });
    build.once('exit', (code) => {
      abort.removeEventListener('abort', endGroup);
      process.removeListener('exit', endGroup);
      resolve(code === 0 && existsSync(join(h5OutputDir(repoRoot), 'index.html')));
    });
  });
