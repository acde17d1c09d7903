/**
 * `parkade admin <resource> <action> …`: one admin API route per command (admin/adminCommands.ts),
 * sent to the local stack or, signed with the caller's AWS credentials, to a deployed API. The
 * API's answer is printed as it came: pretty JSON (a CSV document as text); a refusal prints its
 * error body and exits 3, an API failure 1.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError, isDomainError } from '../../shared/errors/index.js';
import type { CliIo } from './cliIo.js';
import { exitCodes, type CommandRun } from './command.js';
import { invalidInput, printDomainError, printJson } from './jsonOutput.js';
import { adminCommands, adminHelpText, adminTargetUsage, commandUsage, optionFlag, type AdminCommand } from './admin/adminCommands.js';
import { adminRequestOf, type AdminRequest } from './admin/adminRequest.js';
import { adminTarget, type AdminTarget } from './admin/adminTarget.js';
import { callerCredentials, signRequest } from './admin/signedRequest.js';

/** What the command may reach besides its streams; the tests pass their own. */
export interface AdminContext {
  environment: NodeJS.ProcessEnv;
  fetch: typeof fetch;
  signingContext: () => Pick<Parameters<typeof signRequest>[1], 'credentials' | 'now'>;
}

const processContext: AdminContext = {
  environment: process.env,
  fetch: (input, init) => fetch(input, init),
  signingContext: () => ({ credentials: callerCredentials() }),
};

const parseJsonStdin = (text: string): unknown => {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput(`stdin is not valid JSON: ${(error as Error).message}`, { issues: [{ path: '(root)', message: (error as Error).message }] });
  }
};

const commandLineOf = async (command: AdminCommand, args: string[], io: CliIo) => {
  const options: ParseArgsConfig['options'] = {
    local: { type: 'boolean' },
    'api-url': { type: 'string' },
    ...(command.idempotent === true ? { 'idempotency-key': { type: 'string' as const } } : {}),
    ...Object.fromEntries((command.options ?? []).map((option) => [optionFlag(option.field).slice(2), { type: 'string' as const }])),
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw invalidInput((error as Error).message, { usage: commandUsage(command) });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const stdin = command.stdin !== undefined && !io.stdinIsTTY ? parseJsonStdin(await io.readStdin()) : undefined;
  return {
    target: { local: values.local === true, apiUrl: values['api-url'] as string | undefined },
    // A fresh key per invocation: the command's own retries are the same request, a new invocation a new one.
    idempotencyKey: command.idempotent === true ? ((values['idempotency-key'] as string | undefined) ?? randomUUID()) : undefined,
    line: {
      positionals: parsed.positionals,
      options: Object.fromEntries((command.options ?? []).map((option) => [option.field, values[optionFlag(option.field).slice(2)] as string | undefined])),
      ...(stdin === undefined ? {} : { stdin }),
    },
  };
};

const signedHeaders = async (url: URL, method: string, body: string, headers: Record<string, string>, region: string, context: AdminContext) => {
  try {
    return await signRequest({ method, url, body, headers }, { region, ...context.signingContext() });
  } catch (error) {
    throw new DomainError('UNAUTHORIZED', `No AWS credentials to sign with: ${(error as Error).message}`, { reason: 'noCredentials' });
  }
};

const send = async (target: AdminTarget, request: AdminRequest, idempotencyKey: string | undefined, context: AdminContext): Promise<Response> => {
  const url = new URL(`${target.apiUrl}${request.target}`);
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    ...(body === '' ? {} : { 'content-type': 'application/json' }),
    ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
  };
  const signed = target.kind === 'local' ? headers : await signedHeaders(url, request.method, body, headers, target.region, context);
  // fetch sets Host itself, to the same value that was signed.
  const { host: _host, ...sent } = signed;
  try {
    return await context.fetch(url, { method: request.method, headers: sent, ...(body === '' ? {} : { body }) });
  } catch (error) {
    throw new DomainError('UNAVAILABLE', `No answer from ${target.apiUrl}: ${(error as Error).message}`, { apiUrl: target.apiUrl });
  }
};

const exitCodeOf = (status: number): number => (status < 400 ? exitCodes.ok : status < 500 ? exitCodes.refused : exitCodes.internal);

const printAnswer = async (io: CliIo, response: Response): Promise<number> => {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('json')) printJson(io, JSON.parse(text));
  else io.stdout(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  return exitCodeOf(response.status);
};

export const adminWith =
  (context: AdminContext): CommandRun =>
  async (args, io) => {
    const [resource, action, ...rest] = args;
    if (resource === undefined || resource === '--help' || resource === '-h' || action === '--help' || action === '-h') {
      io.stdout(adminHelpText());
      return resource === undefined ? exitCodes.invalid : exitCodes.ok;
    }
    const command = adminCommands.find((candidate) => candidate.words[0] === resource && candidate.words[1] === action);
    try {
      if (command === undefined) {
        throw invalidInput(`Unknown admin command: ${[resource, action].filter(Boolean).join(' ')}`, { commands: adminCommands.map((known) => known.words.join(' ')) });
      }
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(`Usage: ${commandUsage(command)}\n  ${command.summary}\n${adminTargetUsage.join('\n')}\n`);
        return exitCodes.ok;
      }
      const { target, line, idempotencyKey } = await commandLineOf(command, rest, io);
      const request = adminRequestOf(command, line);
      const destination = adminTarget(target, context.environment);
      if (idempotencyKey !== undefined) io.stderr(`Idempotency-Key: ${idempotencyKey} (to retry: --idempotency-key ${idempotencyKey})\n`);
      return await printAnswer(io, await send(destination, request, idempotencyKey, context));
    } catch (error) {
      if (isDomainError(error) && error.code === 'UNAVAILABLE') {
        printJson(io, error.toBody());
        return exitCodes.internal;
      }
      return printDomainError(io, error);
    }
  };

export const admin: CommandRun = adminWith(processContext);
