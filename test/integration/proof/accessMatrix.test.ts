/**
 * Access control, proved route by route: every route of functions/routes.ts × every role
 * (anonymous, drivers A/B, merchant clerk/owner A/B, operators of lots X/Y, devices of lanes
 * L/M, an IAM administrator), through the real handlers on DynamoDB Local. Each may do only its
 * own: the wrong kind of caller gets 401/403, the right kind on another's resource 403/404, and
 * neither writes anything; a caller of the owner's kind acting on its own data never sees or
 * touches the owner's. The observed matrix is written to docs/access-matrix.md.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKeyOf, routes, type RouteAuth } from '../../../functions/routes.js';
import { errorCodes } from '../../../shared/errors/index.js';
import { changes, dropProofTable, invoke, snapshot, writeCount, type ProofAnswer } from './proofStack.js';
import { buildWorld, roles, type ProofWorld, type Role } from './proofWorld.js';
import { routeCases } from './routeCases.js';
import { repoRoot } from '../localStack.js';

const kindOfRole: Record<Role, RouteAuth> = {
  anonymous: 'none',
  driverA: 'driver',
  driverB: 'driver',
  clerkA: 'merchant',
  ownerA: 'merchant',
  clerkB: 'merchant',
  ownerB: 'merchant',
  operatorX: 'operator',
  operatorY: 'operator',
  deviceL: 'device',
  deviceM: 'device',
  admin: 'iam',
};

type Verdict = 'allowed' | 'own' | 'refused';
const observed = new Map<string, Partial<Record<Role, { status: number; verdict: Verdict; ok: boolean }>>>();

let world: ProofWorld;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

afterAll(async () => {
  writeMatrix();
  await dropProofTable();
});

const isErrorBody = (answer: ProofAnswer): boolean =>
  errorCodes.includes(answer.json?.error?.code) && typeof answer.json?.error?.message === 'string' && answer.json.error.message !== '';

const mentions = (text: string, markers: readonly string[]): string[] => markers.filter((marker) => text.includes(marker));

describe('access matrix', () => {
  it('has an ownership entry for every route (add one to test/integration/proof/routeCases.ts)', () => {
    const keys = routes.map(routeKeyOf);
    const missing = keys.filter((key) => routeCases[key] === undefined);
    const stale = Object.keys(routeCases).filter((key) => !keys.includes(key));
    expect({ routesWithoutEntry: missing, entriesWithoutRoute: stale }).toEqual({ routesWithoutEntry: [], entriesWithoutRoute: [] });
  });

  const covered = routes.filter((route) => routeCases[routeKeyOf(route)] !== undefined);
  it.each(covered.map((route) => [routeKeyOf(route), route] as const))('%s: each role may do only its own', async (routeKey, route) => {
    const entry = routeCases[routeKey]!;
    const row: Partial<Record<Role, { status: number; verdict: Verdict; ok: boolean }>> = {};
    observed.set(routeKey, row);
    const problems: string[] = [];
    const ownerMarkers = world.markers[entry.owner] ?? [];
    const verdictOf = (role: Role): Verdict => (entry.allow.includes(role) ? 'allowed' : entry.own?.includes(role) ? 'own' : 'refused');
    // Refusals first, while the owner's resources are as seeded; the owner acts last.
    const order = [...roles].sort((a, b) => ['refused', 'own', 'allowed'].indexOf(verdictOf(a)) - ['refused', 'own', 'allowed'].indexOf(verdictOf(b)));
    let before = await snapshot();
    for (const role of order) {
      const verdict = verdictOf(role);
      const failuresBefore = problems.length;
      const request = await entry.request(world);
      const writesBefore = await writeCount();
      const answer = await invoke(routeKey, world.callers[role], request);
      const after = (await writeCount()) === writesBefore ? before : await snapshot();
      const written = changes(before, after);
      before = after;
      const fail = (why: string) => problems.push(`${role} (${verdict}): ${answer.status} ${answer.text.slice(0, 300)} — ${why}`);
      if (answer.status >= 500) fail('server error');
      else if (verdict === 'allowed') {
        if (answer.status >= 300 && answer.status !== 304) fail('expected 2xx');
      } else if (verdict === 'own') {
        // An id the caller sent may come back in the refusal; that tells them nothing.
        const sent = JSON.stringify(request);
        const leaked = mentions(answer.text, ownerMarkers).filter((marker) => !sent.includes(marker));
        if (leaked.length > 0) fail(`answer shows the owner's ${leaked.join(', ')}`);
        const touched = written.filter((change) => mentions(change, ownerMarkers).length > 0);
        if (touched.length > 0) fail(`wrote the owner's data: ${touched.join('; ')}`);
        if (answer.status < 300 && entry.refusedInside !== undefined && !entry.refusedInside(answer)) fail('accepted inside a 200');
        if (answer.status >= 400 && !isErrorBody(answer)) fail('no error body');
      } else {
        const wrongKind = kindOfRole[role] !== route.auth;
        const expected = wrongKind ? [401, 403] : [403, 404];
        if (!expected.includes(answer.status)) fail(`expected ${expected.join(' or ')} (${wrongKind ? 'wrong kind of caller' : 'another’s resource'})`);
        else if (!isErrorBody(answer)) fail('no error body');
        if (written.length > 0) fail(`wrote ${written.join('; ')}`);
      }
      row[role] = { status: answer.status, verdict, ok: problems.length === failuresBefore };
    }
    expect(problems, `${routeKey}`).toEqual([]);
  });
});

const symbols: Record<Verdict, string> = { allowed: '✓', own: '◐', refused: '✗' };

/** docs/access-matrix.md: who got what, as observed in this run. */
const writeMatrix = (): void => {
  // A run filtered to some routes (-t) leaves the last whole matrix as it was.
  if (routes.some((route) => routeCases[routeKeyOf(route)] !== undefined && !observed.has(routeKeyOf(route)))) return;
  const header = `| Route | Auth | ${roles.join(' | ')} |\n| --- | --- | ${roles.map(() => '---').join(' | ')} |`;
  const lines = routes.map((route) => {
    const key = routeKeyOf(route);
    const row = observed.get(key);
    const cells = roles.map((role) => {
      const cell = row?.[role];
      if (cell === undefined) return row === undefined ? '—' : '…';
      return `${symbols[cell.verdict]} ${cell.status}${cell.ok ? '' : ' ⚠'}`;
    });
    return `| \`${key}\` | ${route.auth} | ${cells.join(' | ')} |`;
  });
  const missing = routes.filter((route) => routeCases[routeKeyOf(route)] === undefined).map((route) => `\`${routeKeyOf(route)}\``);
  const text = `# Access matrix

Generated by \`npx vitest run --project integration test/integration/proof/accessMatrix.test.ts\`
(it changes only when a route or an answer does). Every route of \`functions/routes.ts\` × every role, each request
sent through the route's real handler on DynamoDB Local (an in-process API Gateway event; the IAM
caller only on \`iam\` routes, as API Gateway's IAM authoriser would set it). The table is what
was answered, not what was expected; the test fails when the two differ.

- ✓ the request is this role's to make: 2xx expected.
- ◐ the role is the owner's kind and acts on its own data instead (its own plates, merchant,
  lane): whatever it gets must not show the owner's ids, and nothing of the owner's is written.
- ✗ refused: 401/403 for the wrong kind of caller, 403/404 for the right kind on another's
  resource, with the one error body, and a scan of the table before and after shows nothing written.
- ⚠ the answer broke the rule above (see the test's output).

Roles: drivers A and B (WeChat login); clerk and owner of merchants A and B (both in lot X);
operators of lots X and Y; the devices of lane L (lot X's east exit) and lane M (lot Y's west
exit); an administrator (IAM). The requests name resources of driver A, merchant A, lot X and
lane L (test/integration/proof/routeCases.ts).

${header}
${lines.join('\n')}
${missing.length > 0 ? `\nRoutes without an entry in routeCases.ts (not checked, the test fails): ${missing.join(', ')}\n` : ''}`;
  writeFileSync(`${repoRoot}docs/access-matrix.md`, text);
};
