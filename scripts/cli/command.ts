import type { CliIo } from './cliIo.js';

/**
 * Exit codes: 0 answered (a batch may hold per-element errors), 1 our own failure (or the API's,
 * or no API to reach), 2 bad input or usage, 3 the admin API refused the request (its error body
 * on stdout).
 */
export const exitCodes = { ok: 0, internal: 1, invalid: 2, refused: 3 } as const;

/** Runs one command with the arguments after its name and returns the exit code. */
export type CommandRun = (args: string[], io: CliIo) => Promise<number>;

/**
 * One entry of the `parkade` command table. A command group (e.g. admin `lots`, `devices`)
 * is one more entry whose `run` reads its own sub-command; `load` keeps each group's
 * dependencies out of the start-up of the others.
 */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** What `parkade <name> --help` prints when one usage line is not enough (a command group's commands). */
  help?: () => string;
  load: () => Promise<CommandRun>;
}
