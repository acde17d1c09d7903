import { describe, expect, it } from 'vitest';
import { benefitsAt } from './memberBenefits.js';
import { memberCard, memberCardSchema, visitGrantOf, type VisitGrant } from './memberCard.js';
import { config, member, stay } from './clubFixtures.test-support.js';

const grant = (sessionId: string, grantedAt: string): VisitGrant => ({
  membershipId: 'mem-1',
  sessionId,
  tierId: 'gold',
  month: '2026-03',
  freeMinutes: 90,
  perVisitMinutes: 60,
  quotaMinutesUsed: 30,
  pointsRedeemed: 0,
  amountOff: 0,
  grantedAt,
});

describe('the member card', () => {
  it('shows this month’s quota, the benefits of the tier and the latest visits first', () => {
    const gold = member('2026-01-10T12:00:00+08:00', { tierId: 'gold' });
    const card = memberCard({
      membership: gold,
      config,
      usage: { month: '2026-03', quotaMinutesUsed: 30 },
      visits: [grant('s-1', '2026-03-02T10:00:00+08:00'), grant('s-2', '2026-03-05T10:00:00+08:00')],
      at: '2026-03-10T12:00:00+08:00',
    });
    expect(memberCardSchema.parse(card)).toEqual(card);
    expect(card).toMatchObject({ tier: { tierId: 'gold', name: '金卡' }, entitled: true, benefits: { freeMinutesPerVisit: 60, monthlyFreeHours: 2 } });
    expect(card.monthlyQuota).toEqual({ month: '2026-03', totalMinutes: 120, usedMinutes: 30, leftMinutes: 90 });
    expect(card.recentVisits.map((visit) => visit.sessionId)).toEqual(['s-2', 's-1']);
  });

  it('starts each local month with the whole quota, and shows no benefits after the grace', () => {
    const gold = member('2026-01-10T12:00:00+08:00', { tierId: 'gold' });
    // 1 April 00:00 in Shanghai is still 31 March in UTC: the March counter no longer counts.
    const april = memberCard({ membership: gold, config, usage: { month: '2026-03', quotaMinutesUsed: 120 }, visits: [], at: '2026-03-31T16:00:00Z' });
    expect(april.monthlyQuota).toEqual({ month: '2026-04', totalMinutes: 120, usedMinutes: 0, leftMinutes: 120 });
    expect(memberCard({ membership: gold, config, usage: null, visits: [], at: gold.graceUntil }).entitled).toBe(false);
  });
});

describe('the visit grant to record', () => {
  it('is the grant of a visit that got something, and nothing for a visit that got nothing', () => {
    const gold = member('2026-01-10T12:00:00+08:00', { tierId: 'gold' });
    const granted = benefitsAt({ membership: gold, config, at: '2026-03-02T12:10:00+08:00', visitStay: stay('2026-03-02T10:00:00+08:00', '2026-03-02T12:10:00+08:00'), monthlyUsage: null });
    expect(visitGrantOf(gold, 's-1', granted, '2026-03-02T12:10:01+08:00')).toMatchObject({ sessionId: 's-1', tierId: 'gold', freeMinutes: granted.freeMinutes, quotaMinutesUsed: granted.quotaMinutesUsed });
    const short = benefitsAt({ membership: gold, config, at: '2026-03-02T10:10:00+08:00', visitStay: stay('2026-03-02T10:00:00+08:00', '2026-03-02T10:10:00+08:00'), monthlyUsage: null });
    expect(visitGrantOf(gold, 's-2', short, '2026-03-02T10:10:01+08:00')).toBeNull();
  });
});
