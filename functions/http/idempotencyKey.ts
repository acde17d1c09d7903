/**
 * The `Idempotency-Key` header: the caller's name for one attempt, so a retried request (a lost
 * answer, a second tap) acts once. Printable ASCII without spaces, at most 128; the mini-program's
 * keys are random attempt ids, so the routes it calls ask for at least 8.
 */
import { DomainError } from '../../shared/errors/index.js';
import { created, ok, type Reply } from './replies.js';

type Headers = Record<string, string | undefined>;

const invalidKey = (minLength: number, sent: boolean): DomainError =>
  new DomainError('VALIDATION_FAILED', `${sent ? 'The' : 'An'} Idempotency-Key header must be ${minLength}–128 printable characters`, {
    issues: [{ path: 'headers.idempotency-key', message: `${sent ? '' : 'required: '}${minLength}–128 printable ASCII characters without spaces` }],
  });

/** The key of a route that may be retried without one (then it is simply not deduplicated). */
export const optionalIdempotencyKey = (headers: Headers, minLength = 1): string | undefined => {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (key.length < minLength || !/^[\x21-\x7e]{1,128}$/.test(key)) throw invalidKey(minLength, true);
  return key;
};

/** The key of a route that moves money or a barrier: refused without one. */
export const requiredIdempotencyKey = (headers: Headers, minLength = 1): string => {
  const key = optionalIdempotencyKey(headers, minLength);
  if (key === undefined) throw invalidKey(minLength, false);
  return key;
};

/** A reply given again for a repeated key says so. */
export const markReplayed = (reply: Reply, replayed: boolean): Reply =>
  replayed ? { ...reply, headers: { ...reply.headers, 'idempotent-replayed': 'true' } } : reply;

/** A creating route's answer: 201 the first time, 200 marked as a replay for a repeated key. */
export const createdOrReplayed = (answer: unknown, replayed: boolean, location?: string): Reply =>
  replayed ? markReplayed(ok(answer), true) : created(answer, location);
