/**
 * `parkade`: the command-line face of the core (DESIGN.md "The `parkade` CLI").
 * Answers are JSON on stdout (pretty-printed, 2-space indent); stderr stays empty unless the
 * command line itself is wrong or something breaks on our side.
 */
import { adminHelpText, adminTargetUsage, adminUsageLines } from './admin/adminCommands.js';
import type { CliIo } from './cliIo.js';
import { exitCodes, type Command } from './command.js';
import { printJson } from './jsonOutput.js';

/** The command table: a new command group is a new module and one more entry here. */
export const commands: Command[] = [
  {
    name: 'quote',
    usage: 'parkade quote < stay.json',
    summary: 'quote a stay (a JSON array on stdin is a batch)',
    load: async () => (await import('./quote.js')).quote,
  },
  {
    name: 'plate',
    usage: 'parkade plate <text…>',
    summary: 'normalise and classify plates',
    load: async () => (await import('./plate.js')).plate,
  },
  {
    name: 'match',
    usage: 'parkade match < request.json',
    summary: 'match a misread plate against candidates: { "plate", "candidates": [...] }',
    load: async () => (await import('./match.js')).match,
  },
  {
    name: 'admin',
    usage: 'parkade admin <resource> <action> [arguments]',
    summary: 'the admin API (below): the local stack, or a deployed API signed with your AWS credentials',
    help: adminHelpText,
    load: async () => (await import('./admin.js')).admin,
  },
];

const usageText = (): string => {
  const width = Math.max(...commands.map((command) => command.usage.length));
  const lines = commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: parkade <command> [arguments]',
    '',
    ...lines,
    '',
    'Admin commands:',
    ...adminUsageLines(),
    '',
    ...adminTargetUsage,
    '',
    'Answers are pretty-printed JSON on stdout. Exit codes: 0 answered, 2 invalid input, 1 internal error',
    '(or the API failed or could not be reached), 3 the admin API refused (its error body on stdout).',
    '',
  ].join('\n');
};

const helpFlags = new Set(['--help', '-h', 'help']);

export const main = async (argv: string[], io: CliIo): Promise<number> => {
  const [name, ...args] = argv;
  if (name !== undefined && helpFlags.has(name)) {
    io.stdout(usageText());
    return exitCodes.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`${name === undefined ? 'No command given.' : `Unknown command: ${name}`}\n\n${usageText()}`);
    return exitCodes.invalid;
  }
  if (args.length === 1 && helpFlags.has(args[0]!)) {
    io.stdout(command.help?.() ?? `Usage: ${command.usage}\n  ${command.summary}\n`);
    return exitCodes.ok;
  }
  try {
    const run = await command.load();
    return await run(args, io);
  } catch (error) {
    // Invalid input never gets here (commands answer it themselves); this is our own failure.
    io.stderr(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    printJson(io, { error: { code: 'INTERNAL', message: 'parkade failed unexpectedly (details on stderr)', details: {} } });
    return exitCodes.internal;
  }
};
