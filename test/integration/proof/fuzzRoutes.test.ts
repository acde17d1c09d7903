/**
 * Bad input, proved route by route: every route of functions/routes.ts (a route added later is
 * fuzzed too) gets malformed JSON, wrong types, 1 MB bodies, hostile strings (control
 * characters, unicode, prototype-pollution keys, storage-key syntax), huge and negative numbers,
 * bad path parameters, query values and idempotency keys, plus fast-check's arbitrary JSON, all
 * from a caller the route accepts (so validation, not authentication, answers) through the real
 * handler on DynamoDB Local. Never a 5xx; every 4xx is the one error body with its status; and a
 * scan of the table before and after shows a refused request wrote nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKeyOf, routes, type RouteDefinition } from '../../../functions/routes.js';
import { errorCodes, type ErrorCode } from '../../../shared/errors/index.js';
import { changes, dropProofTable, invoke, snapshot, writeCount, type ProofAnswer, type ProofRequest } from './proofStack.js';
import { buildWorld, callerRoleOfAuth, type ProofWorld } from './proofWorld.js';
import { routeCases } from './routeCases.js';

let world: ProofWorld;
let statusOfCode: Record<ErrorCode, number>;
beforeAll(async () => {
  world = await buildWorld();
  ({ statusOfCode } = await import('../../../functions/http/errorResponse.js'));
}, 120_000);
afterAll(() => dropProofTable());

interface FuzzCase {
  name: string;
  request: ProofRequest;
  /** Invalid by construction: anything but a 4xx is a failure. */
  mustReject: boolean;
}

const megabyte = 1024 * 1024;

/** Strings an attacker or a broken client sends where text is expected. */
const hostileStrings = [
  '',
  '   ',
  '\u0000\u0007\u001b[31m\r\n',
  'Ω≈ç√∫😀👨‍👩‍👧‍👦\u202e\ufeff',
  '\ud800',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  'LOT#x#SESSION#y',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '${7*7}{{7*7}}',
  'a'.repeat(10_000),
  'Ω'.repeat(1_100),
];

/** Values of the wrong type for any field (null is not one: some fields are nullable, a device's plate read). */
const wrongTypes: unknown[] = [true, {}, [], { $ne: null }, ['x']];
/** Numbers no amount, count or limit may be. */
const badNumbers: unknown[] = [-1, -100_000, 0.5, 1e308, 2 ** 53 + 2, '12'];
/** Path parameter values; API Gateway never routes an empty segment, so none is empty. */
const hostileParams = [' ', '..', '%', '\u0000', 'Ω😀', 'LOT#x', "' OR 1=1", 'a'.repeat(2_100), 'Ω'.repeat(800)];
/**
 * Well-formed ids that name a prototype's property: whatever the answer, never a 5xx. (Not a
 * refusal by construction: a body fuzzed earlier may have created a lot or merchant of that id.)
 */
const unknownIds = ['__proto__', 'constructor'];
const hostileQueryValues = ['-1', 'abc', '1e308', '9'.repeat(400), '\u0000', '__proto__', '', 'a'.repeat(5_000)];
const hostileIdempotencyKeys = ['', ' ', 'a'.repeat(1_000), 'é', 'key with spaces'];
const malformedJson = ['{', '{"a":', '[1,2', "{'a':1}", 'nul', '{"a":1}}', '\ufeff{}', 'NaN'];

/** A valid-looking request for a route without an entry in routeCases.ts, from the proof world's ids. */
const genericRequest = (route: RouteDefinition): ProofRequest => {
  const fixtureParams: Record<string, string> = {
    lotId: world.lotX.lotId,
    laneId: 'lane-east-out',
    plate: world.plates.waiting,
    sessionId: world.sessions.waiting,
    orderId: world.paidOrderId,
    merchantId: world.merchants.A,
    deviceId: world.devices.L.deviceId,
    noticeId: world.noticeId,
    date: new Date().toISOString().slice(0, 10),
    month: new Date().toISOString().slice(0, 7),
  };
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? '');
  return {
    params: Object.fromEntries(names.map((name) => [name, fixtureParams[name] ?? 'proof-fixture'])),
    ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: {} } : {}),
  };
};

const withBody = (base: ProofRequest, body: unknown): ProofRequest => ({ ...base, body });

const casesOf = (route: RouteDefinition, base: ProofRequest): FuzzCase[] => {
  const cases: FuzzCase[] = [];
  const add = (name: string, request: ProofRequest, mustReject: boolean) => cases.push({ name, request, mustReject });
  const readsBody = base.body !== undefined;
  if (readsBody) {
    for (const text of malformedJson) add(`malformed body ${JSON.stringify(text)}`, withBody(base, text), true);
    const topLevel = Array.isArray(base.body) ? ['null', 'true', '42', '"text"', '{}', '[]'] : ['null', 'true', '42', '"text"', '[]', '[{}]'];
    if (typeof base.body !== 'string') for (const text of topLevel) add(`body ${text}`, withBody(base, text), true);
    add('1 MB body', withBody(base, JSON.stringify({ padding: 'x'.repeat(megabyte), ...(typeof base.body === 'object' ? base.body : {}) })), true);
    add('deeply nested body', withBody(base, `${'['.repeat(20_000)}${']'.repeat(20_000)}`), true);
  }
  if (readsBody && typeof base.body === 'object' && base.body !== null && !Array.isArray(base.body)) {
    const body = base.body as Record<string, unknown>;
    const serialized = JSON.stringify(body);
    add('prototype-pollution keys', withBody(base, `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${serialized.slice(1)}`), false);
    add('an unknown field', withBody(base, { ...body, isAdmin: true, merchantId: 'mch-someone-else' }), false);
    for (const [field, value] of Object.entries(body)) {
      add(`${field} = null`, withBody(base, { ...body, [field]: null }), false);
      add(`${field} missing`, withBody(base, Object.fromEntries(Object.entries(body).filter(([key]) => key !== field))), false);
      const others = typeof value === 'number' ? [...wrongTypes, ...badNumbers] : typeof value === 'string' ? [...wrongTypes, 12_345] : Array.isArray(value) ? [...wrongTypes.filter((wrong) => !Array.isArray(wrong)), Array(1_000).fill(value[0])] : [];
      for (const wrong of others) add(`${field} = ${JSON.stringify(wrong).slice(0, 40)}`, withBody(base, { ...body, [field]: wrong }), true);
      if (typeof value === 'string') for (const text of hostileStrings) add(`${field} = hostile ${JSON.stringify(text).slice(0, 30)}`, withBody(base, { ...body, [field]: text }), false);
    }
  }
  for (const name of Object.keys(base.params ?? {})) {
    for (const value of hostileParams) {
      // Removing what is not there may answer 204: a DELETE is idempotent.
      add(`path ${name} = ${JSON.stringify(value).slice(0, 30)}`, { ...base, params: { ...base.params, [name]: value } }, route.method !== 'DELETE');
    }
    for (const value of unknownIds) add(`path ${name} = ${value}`, { ...base, params: { ...base.params, [name]: value } }, false);
  }
  for (const name of Object.keys(base.query ?? {})) {
    for (const value of hostileQueryValues) add(`query ${name} = ${JSON.stringify(value).slice(0, 30)}`, { ...base, query: { ...base.query, [name]: value } }, false);
  }
  if (base.headers?.['idempotency-key'] !== undefined) {
    for (const key of hostileIdempotencyKeys) add(`Idempotency-Key ${JSON.stringify(key).slice(0, 30)}`, { ...base, headers: { ...base.headers, 'idempotency-key': key } }, true);
  }
  return cases;
};

/** What is wrong with one answer, or nothing. */
const judge = (answer: ProofAnswer, written: string[], mustReject: boolean, refusedInside?: (answer: ProofAnswer) => boolean): string | undefined => {
  if (answer.status >= 500) return `server error ${answer.status}`;
  if (({} as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  if (answer.status >= 400) {
    const code = answer.json?.error?.code as ErrorCode | undefined;
    if (code === undefined || !errorCodes.includes(code) || typeof answer.json.error.message !== 'string' || answer.json.error.message === '') return 'no error body';
    if (statusOfCode[code] !== answer.status) return `status ${answer.status} for ${code}`;
    if (written.length > 0) return `refused but wrote ${written.slice(0, 3).join('; ').slice(0, 600)}`;
    return undefined;
  }
  if (mustReject && !(refusedInside?.(answer) === true && written.length === 0)) return `accepted (${answer.status}) what must be refused`;
  return undefined;
};

describe('bad input', () => {
  it.each(routes.map((route) => [routeKeyOf(route), route] as const))('%s: never a 5xx, refusals are clear and write nothing', async (routeKey, route) => {
    const entry = routeCases[routeKey];
    const base = entry ? await entry.request(world) : genericRequest(route);
    const caller = world.callers[callerRoleOfAuth[route.auth]];
    const problems: string[] = [];
    let before = await snapshot();
    const attempt = async (name: string, request: ProofRequest, mustReject: boolean) => {
      const writesBefore = await writeCount();
      const answer = await invoke(routeKey, caller, request);
      const after = (await writeCount()) === writesBefore ? before : await snapshot();
      const problem = judge(answer, changes(before, after), mustReject, entry?.refusedInside);
      before = after;
      if (problem !== undefined) problems.push(`${name}: ${problem} — answered ${answer.status} ${answer.text.slice(0, 200)}`);
      return problem === undefined;
    };

    for (const { name, request, mustReject } of casesOf(route, base)) await attempt(name, request, mustReject);

    // fast-check: arbitrary JSON bodies and fields, arbitrary path parameters.
    const names = Object.keys(base.params ?? {});
    const bodyCase = fc.jsonValue({ maxDepth: 3 }).map((body) => withBody(base, JSON.stringify(body)));
    const fieldCase =
      typeof base.body === 'object' && base.body !== null && !Array.isArray(base.body) && Object.keys(base.body).length > 0
        ? fc.tuple(fc.constantFrom(...Object.keys(base.body)), fc.jsonValue({ maxDepth: 2 })).map(([field, value]) => withBody(base, { ...(base.body as object), [field]: value }))
        : undefined;
    const paramCase =
      names.length > 0
        ? fc.tuple(fc.constantFrom(...names), fc.string({ unit: 'binary', minLength: 1, maxLength: 300 })).map(([name, value]) => ({ ...base, params: { ...base.params, [name]: value } }))
        : undefined;
    const arbitraries = [...(base.body !== undefined ? [bodyCase] : []), ...(fieldCase ? [fieldCase] : []), ...(paramCase ? [paramCase] : [])];
    if (arbitraries.length > 0) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(...arbitraries), async (request) => attempt(`fast-check ${JSON.stringify(request).slice(0, 160)}`, request, false)),
        { numRuns: 15, endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(problems, routeKey).toEqual([]);
  }, 300_000);
});
