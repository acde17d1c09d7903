import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPlate } from '../plates/index.js';
import type { LanePresence } from '../sessions/index.js';
import { newTemporaryPlate, temporaryPlateAlphabet } from './temporaryPlate.js';
import { orderQuoteProblem, quoteLifetimeSeconds } from './driverQuote.js';
import { presenceLeftBy, presenceReleasedBy } from './lanePayment.js';
import { bindablePlate } from './plateBinding.js';
import { lookupWindowOf, plateLookupLimit } from './lookupLimit.js';

describe('temporary plates', () => {
  it('are always temporary plates by the plate rules, whatever the random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), (first, second) => {
        const sources = [first, second.map((byte) => byte % 200)];
        let call = 0;
        const plate = newTemporaryPlate(() => sources[Math.min(call++, 1)]!);
        expect(classifyPlate(plate)).toBe('temporary');
      }),
    );
  });

  it('use every character of the alphabet and no I or O', () => {
    const seen = new Set(Array.from({ length: 400 }, () => newTemporaryPlate().slice(1)).join(''));
    expect([...seen].sort().join('')).toBe(temporaryPlateAlphabet);
  });
});

describe('an order against the quote', () => {
  const now = new Date('2026-03-01T11:10:00+08:00');
  it('passes when it pays what is due at a recent quote instant', () => {
    expect(orderQuoteProblem({ amountFen: 1100, coversUntil: '2026-03-01T11:08:00+08:00' }, 1100, now)).toBeNull();
  });
  it('is stale when the amount differs, the quote is old or from the future, or nothing is due', () => {
    expect(orderQuoteProblem({ amountFen: 900, coversUntil: '2026-03-01T11:08:00+08:00' }, 1100, now)).toBe('amountChanged');
    const old = new Date(now.getTime() - (quoteLifetimeSeconds + 1) * 1000).toISOString();
    expect(orderQuoteProblem({ amountFen: 1100, coversUntil: old }, 1100, now)).toBe('quoteExpired');
    expect(orderQuoteProblem({ amountFen: 1100, coversUntil: '2026-03-01T11:20:00+08:00' }, 1100, now)).toBe('quoteExpired');
    expect(orderQuoteProblem({ amountFen: 1100, coversUntil: '2026-03-01T11:08:00+08:00' }, 0, now)).toBe('nothingDue');
  });
});

const presence: LanePresence = {
  lotId: 'lot-demo',
  laneId: 'lane-east-out',
  eventId: 'e-1',
  readAt: '2026-03-01T11:10:00+08:00',
  readPlate: '粤B12345',
  plate: '粤B12345',
  sessionId: 's-1',
  decision: 'pay',
  due: 1100,
  candidates: [],
  expiresAt: 0,
};

describe('the lane a payment releases', () => {
  it('is the lane where that session’s car waits', () => {
    expect(presenceReleasedBy(presence, { sessionId: 's-1', plate: '粤B12345' })).toBe(presence);
    expect(presenceReleasedBy(presence, { sessionId: 's-2', plate: '粤B67890', laneId: 'lane-east-out' })).toBeNull();
  });
  it('is claimed for a no-plate car only by a payment made with that lane’s code', () => {
    const noPlate = { ...presence, readPlate: null, plate: null, sessionId: null, due: null };
    expect(presenceReleasedBy(noPlate, { sessionId: 's-9', plate: '临ABC123', laneId: 'lane-east-out' })).toMatchObject({ sessionId: 's-9', plate: '临ABC123' });
    expect(presenceReleasedBy(noPlate, { sessionId: 's-9', plate: '临ABC123' })).toBeNull();
    expect(presenceReleasedBy({ ...noPlate, readPlate: '粤B1234', candidates: ['粤B12345', '粤B12346'] }, { sessionId: 's-9', plate: '临ABC123', laneId: 'lane-east-out' })).toBeNull();
  });
});

describe('the lane a free departure releases', () => {
  const noPlate: LanePresence = { ...presence, readPlate: null, plate: null, sessionId: null, due: null };
  const ambiguous: LanePresence = { ...noPlate, readPlate: '粤B1234', decision: 'manual', candidates: ['粤B12345', '粤B12346'] };
  const nobody = { temporary: null, bound: [] };
  it('is the car the lane names, for its driver only (a bound plate, or the temporary plate the phone found)', () => {
    expect(presenceLeftBy(presence, { temporary: null, bound: [{ sessionId: 's-1', plate: '粤B12345' }] })).toBe(presence);
    expect(presenceLeftBy(presence, { temporary: { sessionId: 's-1', plate: '粤B12345' }, bound: [] })).toBe(presence);
    expect(presenceLeftBy(presence, nobody)).toBeNull();
    expect(presenceLeftBy(presence, { temporary: { sessionId: 's-9', plate: '临ABC123' }, bound: [{ sessionId: 's-2', plate: '粤B12346' }] })).toBeNull();
  });
  it('is the driver’s own no-plate car at a lane that read no plate, and nothing for a driver without one', () => {
    expect(presenceLeftBy(noPlate, { temporary: { sessionId: 's-9', plate: '临ABC123' }, bound: [] })).toMatchObject({ sessionId: 's-9', plate: '临ABC123', eventId: 'e-1' });
    expect(presenceLeftBy(noPlate, { temporary: null, bound: [{ sessionId: 's-1', plate: '粤B12345' }] })).toBeNull();
  });
  it('after an ambiguous read, is the one candidate the driver bound; two or none is nobody’s to claim', () => {
    expect(presenceLeftBy(ambiguous, { temporary: null, bound: [{ sessionId: 's-2', plate: '粤B12346' }] })).toMatchObject({ sessionId: 's-2', plate: '粤B12346', readPlate: '粤B1234' });
    const both = [{ sessionId: 's-1', plate: '粤B12345' }, { sessionId: 's-2', plate: '粤B12346' }];
    expect(presenceLeftBy(ambiguous, { temporary: null, bound: both })).toBeNull();
    expect(presenceLeftBy(ambiguous, { temporary: { sessionId: 's-9', plate: '临ABC123' }, bound: [{ sessionId: 's-3', plate: '粤B99999' }] })).toBeNull();
  });
});

describe('plate binding and lookups', () => {
  it('stores the normalised plate and refuses temporary ones', () => {
    expect(bindablePlate(' 粤b-12345 ')).toBe('粤B12345');
    expect(() => bindablePlate('临ABC123')).toThrow(/Temporary plates/);
  });
  it('counts lookups in fixed windows', () => {
    const start = lookupWindowOf(new Date('2026-03-01T03:00:00Z'), plateLookupLimit);
    expect(lookupWindowOf(new Date('2026-03-01T03:09:59Z'), plateLookupLimit)).toBe(start);
    expect(lookupWindowOf(new Date('2026-03-01T03:10:00Z'), plateLookupLimit)).toBe(start + plateLookupLimit.windowSeconds);
  });
});
