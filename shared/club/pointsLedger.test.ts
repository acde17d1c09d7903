import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import {
  adjustmentEntry,
  earnEntry,
  earnPoints,
  expireEntry,
  foldPoints,
  pointsEntrySchema,
  postPoints,
  redeemPoints,
  rewardEntry,
  type PointsEntry,
} from './pointsLedger.js';

const at = '2026-03-10T11:10:00+08:00';
const holder = (pointsBalance: number) => ({ membershipId: 'mem-1', pointsBalance });

describe('earning', () => {
  it('one point per whole yuan times the multiplier, rounded down', () => {
    expect(earnPoints(1_234, 1)).toBe(12);
    expect(earnPoints(1_234, 1.5)).toBe(18);
    expect(earnPoints(1_100, 2)).toBe(22);
    expect(earnPoints(99, 1)).toBe(0);
    expect(earnPoints(100, 1.01)).toBe(1);
    expect(earnPoints(10_000, 1.15)).toBe(115);
  });

  it('one earn per payment order: the entry id comes from the order', () => {
    const first = earnEntry({ membership: holder(0), orderId: 'ord-7', feePaidFen: 1_100, multiplier: 1.5, at });
    const retry = earnEntry({ membership: holder(16), orderId: 'ord-7', feePaidFen: 1_100, multiplier: 1.5, at: '2026-03-10T11:10:05+08:00' });
    expect(first).toMatchObject({ entryId: 'earn.ord-7', kind: 'earn', points: 16, orderId: 'ord-7', feePaidFen: 1_100 });
    expect(retry?.entryId).toBe(first?.entryId);
    expect(earnEntry({ membership: holder(0), orderId: 'ord-8', feePaidFen: 50, multiplier: 1, at })).toBeNull();
    expect(pointsEntrySchema.parse(first)).toEqual(first);
  });
});

describe('redeeming and the other movements', () => {
  it('redeems no more than the balance, one redeem per session', () => {
    expect(redeemPoints({ membership: holder(500), points: 500, sessionId: 'ses-1', at })).toMatchObject({ entryId: 'redeem.ses-1', kind: 'redeem', points: -500 });
    expect(() => redeemPoints({ membership: holder(499), points: 500, sessionId: 'ses-1', at })).toThrowError(
      expect.objectContaining({ code: 'CONFLICT', details: expect.objectContaining({ reason: 'insufficientPoints' }) }),
    );
    expect(() => redeemPoints({ membership: holder(10), points: 0, sessionId: 'ses-1', at })).toThrow(DomainError);
  });

  it('a review reward per period, an expiry of the whole balance, adjustments by id and never below zero', () => {
    expect(rewardEntry({ membership: holder(0), period: '2026-H1', points: 500, at })).toMatchObject({ entryId: 'reward.2026-H1', points: 500 });
    expect(expireEntry({ membership: holder(321), at, reason: 'lapsed' })).toMatchObject({ entryId: 'expire.end', points: -321 });
    expect(expireEntry({ membership: holder(0), at, reason: 'lapsed' })).toBeNull();
    expect(adjustmentEntry({ membership: holder(10), adjustmentId: 'adj-1', points: -10, at, reason: 'goodwill reversal' })).toMatchObject({
      entryId: 'adjustment.adj-1',
      points: -10,
    });
    expect(() => adjustmentEntry({ membership: holder(10), adjustmentId: 'adj-2', points: -11, at, reason: 'x' })).toThrowError(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => adjustmentEntry({ membership: holder(10), adjustmentId: 'adj-3', points: 0, at, reason: 'x' })).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('an entry’s sign must match its kind', () => {
    expect(pointsEntrySchema.safeParse({ entryId: 'earn.x', membershipId: 'mem-1', kind: 'earn', points: -5, at, reason: 'x' }).success).toBe(false);
    expect(pointsEntrySchema.safeParse({ entryId: 'redeem.x', membershipId: 'mem-1', kind: 'redeem', points: 5, at, reason: 'x' }).success).toBe(false);
  });
});

describe('folding the ledger', () => {
  const entries: PointsEntry[] = [
    earnEntry({ membership: holder(0), orderId: 'ord-1', feePaidFen: 5_000, multiplier: 2, at })!,
    rewardEntry({ membership: holder(100), period: '2026-H1', points: 500, at }),
    redeemPoints({ membership: holder(600), points: 300, sessionId: 'ses-1', at }),
  ];

  it('sums by kind; copies of an entry count once in any order', () => {
    const summary = foldPoints([...entries, entries[0]!, ...[...entries].reverse()]);
    expect(summary).toEqual({ balance: 300, byKind: { earn: 100, reward: 500, redeem: -300, expire: 0, adjustment: 0 }, entries: 3 });
  });

  it('two different entries under one id, or a negative sum, are a broken store', () => {
    expect(() => foldPoints([...entries, { ...entries[0]!, points: 999 }])).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => foldPoints([entries[2]!])).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
  });

  type Operation =
    | { kind: 'earn'; order: number; fen: number }
    | { kind: 'redeem'; session: number; points: number }
    | { kind: 'reward'; period: '2026-H1' | '2026-H2' | '2027-H1'; points: number }
    | { kind: 'adjust'; id: number; points: number };
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    fc.record({ kind: fc.constant('earn' as const), order: fc.integer({ min: 0, max: 15 }), fen: fc.integer({ min: 0, max: 20_000 }) }),
    fc.record({ kind: fc.constant('redeem' as const), session: fc.integer({ min: 0, max: 15 }), points: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant('reward' as const), period: fc.constantFrom('2026-H1' as const, '2026-H2' as const, '2027-H1' as const), points: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ kind: fc.constant('adjust' as const), id: fc.integer({ min: 0, max: 5 }), points: fc.integer({ min: -300, max: 300 }).filter((points) => points !== 0) }),
  );

  it('whatever happens, with retries, the balance equals the sum of the entries and is never negative', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), fc.double({ min: 1, max: 3, noNaN: true }), (operations, rawMultiplier) => {
        const multiplier = Math.round(rawMultiplier * 100) / 100;
        // The store: entries by id (attribute_not_exists) and the balance written with each.
        const ledger = new Map<string, PointsEntry>();
        let account = holder(0);
        for (const step of operations) {
          let entry: PointsEntry | null = null;
          try {
            if (step.kind === 'earn') entry = earnEntry({ membership: account, orderId: `ord-${step.order}`, feePaidFen: step.fen, multiplier, at });
            if (step.kind === 'redeem') entry = redeemPoints({ membership: account, points: step.points, sessionId: `ses-${step.session}`, at });
            if (step.kind === 'reward') entry = rewardEntry({ membership: account, period: step.period, points: step.points, at });
            if (step.kind === 'adjust') entry = adjustmentEntry({ membership: account, adjustmentId: `adj-${step.id}`, points: step.points, at, reason: 'test' });
          } catch (error) {
            if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
          }
          if (entry && !ledger.has(entry.entryId)) {
            account = holder(postPoints(account, entry));
            ledger.set(entry.entryId, entry);
          }
          expect(account.pointsBalance).toBeGreaterThanOrEqual(0);
          expect(foldPoints([...ledger.values()]).balance).toBe(account.pointsBalance);
        }
      }),
    );
  });
});
