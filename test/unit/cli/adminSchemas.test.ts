/**
 * The admin command table against the API it carries: the fields each route's zod schema
 * requires (body, or query for GET and DELETE) are exactly the ones its command insists on, so a
 * command can neither send a request the API must refuse for a missing field nor refuse a
 * command line the API would take.
 */
import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { z } from 'zod';
import { routeKeyOf } from '../../../functions/routes.js';
import { adminCommands, type AdminCommand } from '../../../scripts/cli/admin/adminCommands.js';
import { loadRouteInputs } from '../../../scripts/openapi/openApiDocument.js';
import { repoRoot } from '../../../scripts/openapi/writeOpenApi.js';

const inputs = await loadRouteInputs(repoRoot);

interface ObjectSchema {
  required?: string[];
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

/** What a caller must send, before the edge's defaults: zod's JSON Schema of the input. */
const sentSchemaOf = (command: AdminCommand): ObjectSchema => {
  const input = inputs.get(routeKeyOf(command));
  if (input === undefined) throw new Error(`No handler answers ${routeKeyOf(command)}`);
  const schema = command.method === 'GET' || command.method === 'DELETE' ? input.query : input.body;
  return schema === undefined ? {} : (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as ObjectSchema);
};

/** The fields a command line always carries: its required options, its fixed fields and a required stdin field. */
const insistedOn = (command: AdminCommand): string[] => [
  ...(command.options ?? []).filter((option) => option.required === true).map((option) => option.field),
  ...Object.keys(command.fixed ?? {}),
  ...(command.stdin !== undefined && command.stdin.into !== 'body' && command.stdin.optional !== true ? [command.stdin.into] : []),
];

/** A required stdin body may carry any field, so the command cannot insist on them one by one. */
const bodyFromStdin = (command: AdminCommand): boolean => command.stdin?.into === 'body' && command.stdin.optional !== true;

describe.each(adminCommands.map((command) => [command.words.join(' '), command] as const))('parkade admin %s', (_name, command) => {
  const schema = sentSchemaOf(command);
  const required = schema.required ?? [];

  it('insists on every field its route requires', () => {
    if (bodyFromStdin(command)) return;
    expect(required.filter((field) => !insistedOn(command).includes(field))).toEqual([]);
  });

  it('insists on no field its route can do without', () => {
    const options = (command.options ?? []).filter((option) => option.required === true).map((option) => option.field);
    expect(options.filter((field) => !required.includes(field))).toEqual([]);
  });

  it('sends only fields its route knows', () => {
    if (schema.additionalProperties !== false) return;
    const sent = [...(command.options ?? []).map((option) => option.field), ...Object.keys(command.fixed ?? {})];
    expect(sent.filter((field) => !(field in (schema.properties ?? {})))).toEqual([]);
  });
});
