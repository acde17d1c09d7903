import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { clubConfigSchema } from './clubConfig.js';
import { clubAdmin, config, member } from './clubFixtures.test-support.js';
import {
  expiryCheck,
  halfYearlyReview,
  monthlyActivityCheck,
  qualifyingTier,
  qualifyingWindow,
  reviewWindow,
  tierUpgrade,
} from './clubSchedules.js';
import { entitledAt, reinstateMembership, suspendMembership, type Membership } from './membership.js';

const quiet = { visits: 0, feesPaidFen: 0 };
const busy = { visits: 3, feesPaidFen: 2_000 };

describe('tiers', () => {
  it('the highest tier whose visits AND fees thresholds are met; the entry tier otherwise', () => {
    expect(qualifyingTier(quiet, config).tierId).toBe('silver');
    expect(qualifyingTier({ visits: 8, feesPaidFen: 50_000 }, config).tierId).toBe('gold');
    expect(qualifyingTier({ visits: 8, feesPaidFen: 49_999 }, config).tierId).toBe('silver');
    expect(qualifyingTier({ visits: 40, feesPaidFen: 100_000 }, config).tierId).toBe('platinum');
    expect(qualifyingTier({ visits: 14, feesPaidFen: 900_000 }, config).tierId).toBe('gold');
  });

  it('a member moves up as soon as the rolling window qualifies, never down between reviews', () => {
    const silver = member();
    expect(tierUpgrade({ membership: silver, activity: { visits: 8, feesPaidFen: 50_000 }, config })).toMatchObject({ tierId: 'gold', version: 2 });
    expect(tierUpgrade({ membership: { ...silver, tierId: 'platinum' }, activity: quiet, config })).toBeNull();
    expect(tierUpgrade({ membership: { ...silver, status: 'SUSPENDED' }, activity: { visits: 99, feesPaidFen: 999_999 }, config })).toBeNull();
    expect(qualifyingWindow('2026-07-01T00:00:00+08:00', config).from).toBe('2026-04-02T00:00:00+08:00');
  });
});

describe('monthly activity check', () => {
  const joined = member('2026-01-10T12:00:00+08:00');
  const check = (membership: Membership, month: string, activity = quiet, at = '2026-12-31T00:00:00+08:00', clubConfig = config) =>
    monthlyActivityCheck({ membership, monthActivity: activity, config: clubConfig, month, at });
  const run = (months: [string, typeof quiet][], start = joined, clubConfig = config) =>
    months.reduce((membership, [month, activity]) => check(membership, month, activity, undefined, clubConfig).change?.membership ?? membership, start);

  it('the join month is not judged: the first month checked is the next one', () => {
    expect(check(joined, '2026-01').result).toBe('alreadyChecked');
    expect(check(joined, '2026-02').result).toBe('low');
  });

  it('the third consecutive low month lapses the membership and expires its points', () => {
    const twoLow = run([['2026-02', quiet], ['2026-03', quiet]], { ...joined, pointsBalance: 250 });
    expect(twoLow).toMatchObject({ status: 'ACTIVE', lowActivityMonths: 2 });
    const third = check(twoLow, '2026-04');
    expect(third.result).toBe('lapsed');
    expect(third.change?.membership).toMatchObject({ status: 'LAPSED', statusReason: 'lowActivity', lowActivityMonths: 3, lastCheckedMonth: '2026-04', pointsBalance: 0 });
    expect(third.change?.points).toMatchObject({ kind: 'expire', points: -250 });
    expect(entitledAt(third.change!.membership, '2026-05-01T00:00:00+08:00')).toBe(false);
  });

  it('a month that meets the minimum resets the count: low, low, met, low, low is still active', () => {
    const after = run([['2026-02', quiet], ['2026-03', quiet], ['2026-04', busy], ['2026-05', quiet], ['2026-06', quiet]]);
    expect(after).toMatchObject({ status: 'ACTIVE', lowActivityMonths: 2, lastCheckedMonth: '2026-06' });
  });

  it('with downgradeFirst, three low months drop one tier and start the count again; from the entry tier they lapse', () => {
    const downgrading = clubConfigSchema.parse({ ...config, lowActivity: { months: 3, action: 'downgradeFirst' } });
    const low = (months: string[]): [string, typeof quiet][] => months.map((month) => [month, quiet]);
    const gold = run(low(['2026-02', '2026-03', '2026-04']), { ...joined, tierId: 'platinum' }, downgrading);
    expect(gold).toMatchObject({ status: 'ACTIVE', tierId: 'gold', lowActivityMonths: 0 });
    const silver = run(low(['2026-05', '2026-06', '2026-07']), gold, downgrading);
    expect(silver).toMatchObject({ status: 'ACTIVE', tierId: 'silver' });
    expect(run(low(['2026-08', '2026-09', '2026-10']), silver, downgrading)).toMatchObject({ status: 'LAPSED', statusReason: 'lowActivity' });
  });

  it('runs once per month and in order: a re-run writes nothing, a skipped month is refused', () => {
    const february = check(joined, '2026-02').change!.membership;
    expect(check(february, '2026-02')).toEqual({ result: 'alreadyChecked', change: null });
    expect(() => check(february, '2026-04')).toThrowError(expect.objectContaining({ code: 'PRECONDITION_FAILED', details: expect.objectContaining({ expected: '2026-03' }) }));
  });

  it('a month is judged only once it is over: not at its last second, yes at the next month’s first', () => {
    expect(() => check(joined, '2026-02', quiet, '2026-02-28T23:59:59+08:00')).toThrow(DomainError);
    expect(() => check(joined, '2026-02', quiet, '2026-02-28T15:59:59Z')).toThrow(DomainError);
    expect(check(joined, '2026-02', quiet, '2026-02-28T16:00:00Z').result).toBe('low');
  });

  it('suspended months pass unjudged; the count restarts on reinstatement', () => {
    const low = check(joined, '2026-02').change!.membership;
    const suspended = suspendMembership({ membership: low, by: clubAdmin, at: '2026-03-02T09:00:00+08:00', note: 'dispute' });
    const march = check(suspended, '2026-03');
    expect(march.result).toBe('notJudged');
    expect(march.change?.membership).toMatchObject({ status: 'SUSPENDED', lowActivityMonths: 1, lastCheckedMonth: '2026-03' });
    const back = reinstateMembership({ membership: march.change!.membership, by: clubAdmin, at: '2026-04-02T09:00:00+08:00', note: 'ok' });
    expect(back.lowActivityMonths).toBe(0);
  });
});

describe('half-yearly review', () => {
  const joined = { ...member('2026-01-10T12:00:00+08:00'), pointsBalance: 40 };
  const afterH1 = '2026-07-01T00:00:00+08:00';
  const review = (membership: Membership, activity: typeof quiet, at = afterH1, period = '2026-H1') =>
    halfYearlyReview({ membership, activity, config, period, at });

  it('moves the member to the tier its activity qualifies for and credits that tier’s reward once', () => {
    const outcome = review(joined, { visits: 16, feesPaidFen: 120_000 });
    expect(outcome.result).toBe('reviewed');
    expect(outcome.change?.membership).toMatchObject({ tierId: 'platinum', lastReviewedPeriod: '2026-H1', pointsBalance: 40 + 1_500 });
    expect(outcome.change?.points).toMatchObject({ entryId: 'reward.2026-H1', kind: 'reward', points: 1_500, period: '2026-H1' });
    expect(review(outcome.change!.membership, { visits: 16, feesPaidFen: 120_000 })).toEqual({ result: 'alreadyReviewed', change: null });
  });

  it('downgrades a member who no longer qualifies; the entry tier without qualifying earns no reward', () => {
    const outcome = review({ ...joined, tierId: 'gold' }, { visits: 2, feesPaidFen: 1_000 });
    expect(outcome.change?.membership).toMatchObject({ tierId: 'silver', pointsBalance: 40 });
    expect(outcome.change?.points).toBeNull();
  });

  it('runs only once the half-year is over (the first second of 1 July, local)', () => {
    expect(() => review(joined, busy, '2026-06-30T23:59:59+08:00')).toThrowError(expect.objectContaining({ code: 'PRECONDITION_FAILED' }));
    expect(() => review(joined, busy, '2026-06-30T15:59:59Z')).toThrow(DomainError);
    expect(review(joined, busy, '2026-06-30T16:00:00Z').result).toBe('reviewed');
    expect(reviewWindow('2026-H2', config)).toEqual({ from: '2026-10-03T00:00:00+08:00', until: '2027-01-01T00:00:00+08:00' });
  });

  it('an earlier period after a later one was reviewed is a no-op; suspended members are marked reviewed with no change', () => {
    const h2 = review(joined, busy, '2027-01-01T00:00:00+08:00', '2026-H2').change!.membership;
    expect(review(h2, busy).result).toBe('alreadyReviewed');
    const suspended = review({ ...joined, status: 'SUSPENDED', tierId: 'gold' }, quiet);
    expect(suspended.result).toBe('notReviewed');
    expect(suspended.change).toMatchObject({ membership: { tierId: 'gold', lastReviewedPeriod: '2026-H1' }, points: null });
  });
});

describe('expiry', () => {
  // Joined 10 January 2026, 12:00 local; 6-month coverage → valid until 10 July 12:00, grace until 20 July 12:00.
  const joined = member('2026-01-10T12:00:00+08:00');
  const check = (membership: Membership, at: string) => expiryCheck({ membership, config, at });

  it('is valid up to the last second of the coverage period', () => {
    expect(joined.validUntil).toBe('2026-07-10T12:00:00+08:00');
    expect(check(joined, '2026-07-10T11:59:59+08:00')).toEqual({ result: 'valid', change: null });
  });

  it('renews an ACTIVE member automatically: the validity moves by the coverage period', () => {
    const renewed = check(joined, '2026-07-10T12:00:00+08:00');
    expect(renewed.result).toBe('renewed');
    expect(renewed.change?.membership).toMatchObject({ validUntil: '2027-01-10T12:00:00+08:00', graceUntil: '2027-01-20T12:00:00+08:00', version: 2 });
  });

  it('a late job renews past every missed period, counted from the coverage start so month ends do not drift', () => {
    const endOfMonth = member('2026-01-31T09:00:00+08:00');
    expect(endOfMonth.validUntil).toBe('2026-07-31T09:00:00+08:00');
    const renewed = check(endOfMonth, '2027-03-01T00:00:00+08:00').change!.membership;
    expect(renewed.validUntil).toBe('2027-07-31T09:00:00+08:00');
    const monthly = clubConfigSchema.parse({ ...config, coverageMonths: 1 });
    const viaFebruary = expiryCheck({ membership: member('2026-01-31T09:00:00+08:00', {}, monthly), config: monthly, at: '2026-03-01T00:00:00+08:00' });
    expect(viaFebruary.change?.membership.validUntil).toBe('2026-03-31T09:00:00+08:00');
  });

  it('an ACTIVE member whose renewal has not run yet keeps benefits through the grace, exactly 10 days', () => {
    expect(entitledAt(joined, '2026-07-20T11:59:59+08:00')).toBe(true);
    expect(entitledAt(joined, '2026-07-20T12:00:00+08:00')).toBe(false);
  });

  it('a SUSPENDED member is not renewed: in grace for exactly 10 days, then LAPSED', () => {
    const suspended = suspendMembership({ membership: { ...joined, pointsBalance: 90 }, by: clubAdmin, at: '2026-07-01T09:00:00+08:00', note: 'dispute' });
    expect(check(suspended, '2026-07-10T12:00:00+08:00')).toEqual({ result: 'inGrace', change: null });
    expect(check(suspended, '2026-07-20T11:59:59+08:00').result).toBe('inGrace');
    const lapsed = check(suspended, '2026-07-20T12:00:00+08:00');
    expect(lapsed.result).toBe('lapsed');
    expect(lapsed.change?.membership).toMatchObject({ status: 'LAPSED', statusReason: 'expired', pointsBalance: 0 });
    expect(lapsed.change?.points).toMatchObject({ kind: 'expire', points: -90 });
  });

  it('reinstated within the grace, the next check renews it', () => {
    const suspended = suspendMembership({ membership: joined, by: clubAdmin, at: '2026-07-01T09:00:00+08:00', note: 'dispute' });
    const back = reinstateMembership({ membership: suspended, by: clubAdmin, at: '2026-07-15T09:00:00+08:00', note: 'resolved' });
    expect(check(back, '2026-07-16T00:00:00+08:00').change?.membership.validUntil).toBe('2027-01-10T12:00:00+08:00');
  });

  it('ended and pending memberships have nothing to check', () => {
    expect(check({ ...joined, status: 'LAPSED' }, '2030-01-01T00:00:00+08:00')).toEqual({ result: 'notApplicable', change: null });
    expect(check({ ...joined, status: 'PENDING' }, '2030-01-01T00:00:00+08:00').result).toBe('notApplicable');
  });
});
