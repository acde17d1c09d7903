import { DomainError } from '../errors/index.js';

/*
 * Staff logins are guarded against password guessing: failed attempts are counted per login name
 * and per source IP in fixed windows. Once a counter reaches its limit, that login name (or
 * address) is locked until its window ends, even for the right password: a guesser learns
 * nothing more. The per-address limit is higher, since a shop's staff may share one address.
 * Counting applies to any name, known or not, so a lockout says nothing about which logins exist.
 */
export interface FailureLimit {
  /** Failed attempts allowed per window; the next attempt is refused. */
  failures: number;
  windowSeconds: number;
}

export const staffLoginLimits = {
  perLogin: { failures: 5, windowSeconds: 15 * 60 },
  perSourceIp: { failures: 30, windowSeconds: 15 * 60 },
} as const satisfies Record<string, FailureLimit>;

export type LoginCounterKind = keyof typeof staffLoginLimits;

/** The window an instant falls in, as the epoch second it starts. */
export const failureWindowStart = (atMs: number, { windowSeconds }: FailureLimit): number =>
  Math.floor(atMs / 1000 / windowSeconds) * windowSeconds;

export interface FailureCount {
  kind: LoginCounterKind;
  /** Failures so far in the window of `atMs`. */
  failures: number;
}

/**
 * Refuses the attempt at `atMs` when a counter has reached its limit: RATE_LIMITED with
 * `retryAfterSeconds` until the later window ends.
 */
export const checkLoginAllowed = (counts: readonly FailureCount[], atMs: number): void => {
  const locked = counts.filter(({ kind, failures }) => failures >= staffLoginLimits[kind].failures);
  if (locked.length === 0) return;
  const retryAfterSeconds = Math.max(
    ...locked.map(({ kind }) => {
      const limit = staffLoginLimits[kind];
      return failureWindowStart(atMs, limit) + limit.windowSeconds - Math.floor(atMs / 1000);
    }),
  );
  throw new DomainError('RATE_LIMITED', `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, {
    reason: 'LOGIN_LOCKED',
    lockedBy: locked.map(({ kind }) => kind),
    retryAfterSeconds,
  });
};
