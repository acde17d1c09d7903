/**
 * The admin commands and the requests they send: each command is a route of the admin API, every
 * admin route has a command, and a command line becomes exactly the request its usage promises.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeKeyOf, routes } from '../../../functions/routes.js';
import { adminCommands, commandUsage, type AdminCommand } from '../../../scripts/cli/admin/adminCommands.js';
import { adminRequestOf } from '../../../scripts/cli/admin/adminRequest.js';

const commandNamed = (words: string): AdminCommand => {
  const command = adminCommands.find((candidate) => candidate.words.join(' ') === words);
  if (command === undefined) throw new Error(`no command ${words}`);
  return command;
};

describe('the admin command table', () => {
  it('names only IAM routes of functions/routes.ts', () => {
    const iamRoutes = new Set(routes.filter((route) => route.auth === 'iam').map(routeKeyOf));
    expect(adminCommands.map(routeKeyOf).filter((key) => !iamRoutes.has(key))).toEqual([]);
  });

  it('has a command for every IAM route', () => {
    const commanded = new Set(adminCommands.map(routeKeyOf));
    expect(routes.filter((route) => route.auth === 'iam' && !commanded.has(routeKeyOf(route))).map(routeKeyOf)).toEqual([]);
  });

  it('spells each command once', () => {
    const names = adminCommands.map((command) => command.words.join(' '));
    expect(new Set(names).size).toBe(names.length);
  });

  it('shows positional arguments, options and stdin in the usage', () => {
    expect(commandUsage(commandNamed('tariffs publish'))).toBe(
      'parkade admin tariffs publish <lotId> [--effective-from <ISO instant>] --reason <why> [--idempotency-key <key>] < tariff.json',
    );
    expect(commandUsage(commandNamed('allow-list put'))).toBe(
      'parkade admin allow-list put <lotId> <plate> --category <category> [--note <text>] [--valid-from <ISO instant>] [--valid-until <ISO instant>] --reason <why>',
    );
  });
});

describe('the request of a command line', () => {
  it('fills the path from the positional arguments, percent-encoded, and the body from the options', () => {
    expect(
      adminRequestOf(commandNamed('allow-list put'), {
        positionals: ['lot-demo', '粤B12345'],
        options: { category: 'mallStaff', reason: 'New hire', note: undefined },
      }),
    ).toEqual({ method: 'PUT', target: '/admin/lots/lot-demo/allow-list/%E7%B2%A4B12345', body: { category: 'mallStaff', reason: 'New hire' } });
  });

  it('sends the options of a GET or DELETE as the query', () => {
    expect(adminRequestOf(commandNamed('deny-list remove'), { positionals: ['lot-demo', '粤B12345'], options: { reason: 'Debt paid' } })).toEqual({
      method: 'DELETE',
      target: '/admin/lots/lot-demo/deny-list/%E7%B2%A4B12345?reason=Debt+paid',
    });
    expect(adminRequestOf(commandNamed('lots list'), { positionals: [], options: {} })).toEqual({ method: 'GET', target: '/admin/lots' });
  });

  it('sends integers as numbers, adds the fixed fields, and puts stdin where the command says', () => {
    const settings = { holidays: [], capacity: 5, name: 'Lot B', reason: 'New lot' };
    expect(adminRequestOf(commandNamed('lots create'), { positionals: [], options: { lotId: 'lot-b', capacity: '600' }, stdin: settings })).toEqual({
      method: 'POST',
      target: '/admin/lots',
      body: { ...settings, capacity: 600, lotId: 'lot-b' },
    });
    expect(adminRequestOf(commandNamed('devices disable'), { positionals: ['dev-1'], options: { reason: 'stolen' } }).body).toEqual({
      reason: 'stolen',
      status: 'disabled',
    });
    const tariff = { exitGraceMinutes: 15 };
    expect(adminRequestOf(commandNamed('tariffs validate'), { positionals: ['lot-b'], options: {}, stdin: tariff }).body).toEqual({ tariff });
  });

  it('reads a JSON file option', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parkade-cli-')), 'stays.json');
    const stays = [{ enteredAt: '2026-03-01T09:00:00+08:00', exitAt: '2026-03-01T11:00:00+08:00' }];
    writeFileSync(file, JSON.stringify(stays));
    expect(adminRequestOf(commandNamed('tariffs preview'), { positionals: ['lot-b'], options: { stays: file } }).body).toEqual({ stays });
  });

  it('refuses the wrong number of arguments, a non-integer and a stdin that is not an object, with the usage', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as { toBody(): unknown }).toBody();
      }
      throw new Error('not refused');
    };
    expect(refusal(() => adminRequestOf(commandNamed('lots get'), { positionals: [], options: {} }))).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: 'parkade admin lots get takes <lotId>', details: { usage: 'parkade admin lots get <lotId>' } },
    });
    expect(refusal(() => adminRequestOf(commandNamed('lots create'), { positionals: [], options: { capacity: 'many' } }))).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: '--capacity must be a whole number' },
    });
    expect(refusal(() => adminRequestOf(commandNamed('lots create'), { positionals: [], options: {}, stdin: [1] }))).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: 'stdin must be a JSON object' },
    });
  });
});
