/**
 * The request an admin command line stands for: the route's path with the positional arguments
 * in its `{parameters}`, and the options (and stdin) as the body, or as the query of a GET or
 * DELETE. Pure, so the tests read it without a network.
 */
import { readFileSync } from 'node:fs';
import type { HttpMethod } from '../../../functions/routes.js';
import { invalidInput } from '../jsonOutput.js';
import { commandUsage, optionFlag, pathParameters, type AdminCommand, type AdminOption } from './adminCommands.js';

export interface AdminRequest {
  method: HttpMethod;
  /** Percent-encoded path and query, e.g. `/admin/lots/lot-demo/allow-list/%E7%B2%A4B12345`. */
  target: string;
  body?: Record<string, unknown>;
}

export interface CommandLine {
  positionals: readonly string[];
  /** Option values as typed, by field. */
  options: Readonly<Record<string, string | undefined>>;
  /** The JSON read from stdin; undefined when nothing was piped in. */
  stdin?: unknown;
}

const usageError = (command: AdminCommand, message: string, details: Record<string, unknown> = {}) =>
  invalidInput(message, { usage: commandUsage(command), ...details });

const optionValue = (command: AdminCommand, option: AdminOption, typed: string): unknown => {
  switch (option.kind) {
    case 'text':
      return typed;
    case 'integer': {
      if (!/^-?\d+$/.test(typed)) throw usageError(command, `${optionFlag(option.field)} must be a whole number`, { value: typed });
      return Number(typed);
    }
    case 'jsonFile': {
      try {
        return JSON.parse(readFileSync(typed, 'utf8')) as unknown;
      } catch (error) {
        throw usageError(command, `${optionFlag(option.field)}: cannot read JSON from ${typed}: ${(error as Error).message}`);
      }
    }
  }
};

const stdinBody = (command: AdminCommand, stdin: unknown): Record<string, unknown> => {
  if (command.stdin === undefined || stdin === undefined) return {};
  if (command.stdin.into !== 'body') return { [command.stdin.into]: stdin };
  if (typeof stdin !== 'object' || stdin === null || Array.isArray(stdin)) throw usageError(command, 'stdin must be a JSON object');
  return stdin as Record<string, unknown>;
};

export const adminRequestOf = (command: AdminCommand, { positionals, options, stdin }: CommandLine): AdminRequest => {
  const names = pathParameters(command.path);
  if (positionals.length !== names.length) {
    throw usageError(command, `parkade admin ${command.words.join(' ')} takes ${names.length === 0 ? 'no arguments' : names.map((name) => `<${name}>`).join(' ')}`, {
      given: positionals,
    });
  }
  const path = names.reduce((filled, name, index) => filled.replace(`{${name}}`, encodeURIComponent(positionals[index]!)), command.path);
  const fields: Record<string, unknown> = { ...stdinBody(command, stdin) };
  for (const option of command.options ?? []) {
    const typed = options[option.field];
    if (typed !== undefined) fields[option.field] = optionValue(command, option, typed);
  }
  Object.assign(fields, command.fixed);
  const missing = (command.options ?? []).filter((option) => option.required === true && fields[option.field] === undefined);
  if (missing.length > 0) {
    throw usageError(command, `parkade admin ${command.words.join(' ')} needs ${missing.map((option) => optionFlag(option.field)).join(', ')}`, {
      missing: missing.map((option) => optionFlag(option.field)),
    });
  }
  if (command.method === 'GET' || command.method === 'DELETE') {
    const query = new URLSearchParams(Object.entries(fields).map(([name, value]) => [name, String(value)])).toString();
    return { method: command.method, target: query === '' ? path : `${path}?${query}` };
  }
  return { method: command.method, target: path, body: fields };
};
