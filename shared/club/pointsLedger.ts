import { z } from 'zod';
import { DomainError, parseOrThrow } from '../errors/index.js';
import { fenSchema } from '../money/index.js';
import { periodKeySchema, type PeriodKey } from './clubCalendar.js';
import { clubIdSchema } from './clubConfig.js';

/*
 * A membership's points as an immutable ledger. The balance on the membership item is a cache
 * of the sum of its entries, kept equal by writing each entry and the balance in one
 * transaction (see index.ts). Every entry's id is derived from its source (the payment order,
 * the session, the review period, …), so a retried write creates nothing new.
 */

export const pointsEntryKinds = ['earn', 'redeem', 'reward', 'expire', 'adjustment'] as const;
export type PointsEntryKind = (typeof pointsEntryKinds)[number];

const instant = z.iso.datetime({ offset: true });

export const pointsEntrySchema = z
  .object({
    /** `<kind>.<source>`: unique within the membership, the same for a retry of the same source. */
    entryId: z.string().min(1),
    membershipId: clubIdSchema,
    kind: z.enum(pointsEntryKinds),
    /** Signed: earn and reward add, redeem and expire take away, an adjustment either. */
    points: z.int().refine((points) => points !== 0, { message: 'must not be zero' }),
    at: instant,
    /** The session whose exit the points paid for (redeem). */
    sessionId: z.string().min(1).optional(),
    /** The payment order that earned the points (earn). */
    orderId: z.string().min(1).optional(),
    /** What the points were earned on, in fen (earn). */
    feePaidFen: fenSchema.optional(),
    /** The review period rewarded (reward). */
    period: periodKeySchema.optional(),
    /** Why, for the member's statement and the console. */
    reason: z.string().min(1),
  })
  .superRefine((entry, context) => {
    const sign = { earn: 1, reward: 1, redeem: -1, expire: -1, adjustment: 0 }[entry.kind];
    if (sign !== 0 && Math.sign(entry.points) !== sign) {
      context.addIssue({ code: 'custom', path: ['points'], message: `must be ${sign > 0 ? 'positive' : 'negative'} for ${entry.kind}` });
    }
  });

export type PointsEntry = z.infer<typeof pointsEntrySchema>;

/** The part of a membership the ledger needs. */
export interface PointsHolder {
  membershipId: string;
  pointsBalance: number;
}

/**
 * Points for a fee paid: one point per whole yuan, times the tier's multiplier, rounded DOWN to a
 * whole point (¥12.34 at ×1.5 = 18 points). The multiplier has at most two decimals, so this is
 * integer arithmetic: floor(fen × multiplier×100 / 10 000).
 */
export const earnPoints = (feePaidFen: number, multiplier: number): number =>
  Math.floor((feePaidFen * Math.round(multiplier * 100)) / 10_000);

const insufficient = (holder: PointsHolder, points: number): DomainError =>
  new DomainError('CONFLICT', `Membership ${holder.membershipId} has ${holder.pointsBalance} points, fewer than ${points}`, {
    reason: 'insufficientPoints',
    balance: holder.pointsBalance,
    points,
  });

/** The balance after an entry; never below zero. */
export const postPoints = (holder: PointsHolder, entry: PointsEntry): number => {
  const balance = holder.pointsBalance + entry.points;
  if (balance < 0) throw insufficient(holder, -entry.points);
  return balance;
};

/** Points earned on a paid payment order: one earn per order. Null when it earns nothing. */
export const earnEntry = ({
  membership,
  orderId,
  feePaidFen,
  multiplier,
  at,
}: {
  membership: PointsHolder;
  orderId: string;
  feePaidFen: number;
  multiplier: number;
  at: string;
}): PointsEntry | null => {
  const points = earnPoints(feePaidFen, multiplier);
  if (points === 0) return null;
  return {
    entryId: `earn.${orderId}`,
    membershipId: membership.membershipId,
    kind: 'earn',
    points,
    at,
    orderId,
    feePaidFen,
    reason: `parking fee paid ×${multiplier}`,
  };
};

/** Points taken off one session's fee at its exit: one redeem per session. */
export const redeemPoints = ({
  membership,
  points,
  sessionId,
  at,
}: {
  membership: PointsHolder;
  points: number;
  sessionId: string;
  at: string;
}): PointsEntry => {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw new DomainError('VALIDATION_FAILED', 'Points to redeem must be a positive whole number', { points });
  }
  if (points > membership.pointsBalance) throw insufficient(membership, points);
  const entryId = `redeem.${sessionId}`;
  return { entryId, membershipId: membership.membershipId, kind: 'redeem', points: -points, at, sessionId, reason: 'redeemed at exit' };
};

/** A half-yearly review's reward: one per period. */
export const rewardEntry = ({
  membership,
  period,
  points,
  at,
}: {
  membership: PointsHolder;
  period: PeriodKey;
  points: number;
  at: string;
}): PointsEntry => ({
  entryId: `reward.${period}`,
  membershipId: membership.membershipId,
  kind: 'reward',
  points,
  at,
  period,
  reason: `half-yearly review ${period}`,
});

/** The whole balance expires when a membership ends (it ends once). Null when nothing is left. */
export const expireEntry = ({ membership, at, reason }: { membership: PointsHolder; at: string; reason: string }): PointsEntry | null =>
  membership.pointsBalance === 0
    ? null
    : { entryId: 'expire.end', membershipId: membership.membershipId, kind: 'expire', points: -membership.pointsBalance, at, reason };

/** A club admin's correction, idempotent by the admin's `adjustmentId`; never below zero. */
export const adjustmentEntry = ({
  membership,
  adjustmentId,
  points,
  at,
  reason,
}: {
  membership: PointsHolder;
  adjustmentId: string;
  points: number;
  at: string;
  reason: string;
}): PointsEntry => {
  const entry = parseOrThrow(
    pointsEntrySchema,
    { entryId: `adjustment.${adjustmentId}`, membershipId: membership.membershipId, kind: 'adjustment', points, at, reason },
    'points adjustment',
  );
  postPoints(membership, entry);
  return entry;
};

export interface PointsSummary {
  balance: number;
  /** Points by kind, signed (redeemed and expired are ≤ 0). */
  byKind: Record<PointsEntryKind, number>;
  entries: number;
}

/** Entries hold only primitives; attribute order differs between stores. */
const sameEntry = (a: PointsEntry, b: PointsEntry): boolean => {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PointsEntry>;
  return [...fields].every((field) => a[field] === b[field]);
};

/**
 * The balance from the entries, as a set: a copy of an entry (same id, same content) counts
 * once, in any order. Two different entries under one id, or a negative total, mean the store
 * broke an invariant: INTERNAL.
 */
export const foldPoints = (entries: readonly PointsEntry[]): PointsSummary => {
  const byId = new Map<string, PointsEntry>();
  for (const entry of entries) {
    const known = byId.get(entry.entryId);
    if (known && !sameEntry(known, entry)) {
      throw new DomainError('INTERNAL', `Two different points entries share the id ${entry.entryId}`, { entryId: entry.entryId });
    }
    byId.set(entry.entryId, entry);
  }
  const byKind: Record<PointsEntryKind, number> = { earn: 0, redeem: 0, reward: 0, expire: 0, adjustment: 0 };
  for (const entry of byId.values()) byKind[entry.kind] += entry.points;
  const balance = Object.values(byKind).reduce((sum, points) => sum + points, 0);
  if (balance < 0) throw new DomainError('INTERNAL', `Points entries sum to ${balance}`, { balance });
  return { balance, byKind, entries: byId.size };
};
