import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, isTimeZone } from './index.js';
import { offsetAt } from './zoneClock.js';

/** The zone's offset as Intl names it ("GMT-04:00", "GMT" for zero), in ms. */
const intlOffset = (zone: string, t: number): number => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(t)
    .find(({ type }) => type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
};

describe('zone clock', () => {
  it('knows the offset Intl gives at any instant of 2020–2030, DST zones included', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z') / 1000, max: Date.parse('2030-12-31T00:00:00Z') / 1000 }),
        (zone, seconds) => {
          expect(offsetAt(zone, seconds * 1000)).toBe(intlOffset(zone, seconds * 1000));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('switches offset at the exact second of a DST change', () => {
    const change = Date.parse('2026-03-08T07:00:00Z');
    expect(offsetAt('America/New_York', change - 1000)).toBe(-5 * 3_600_000);
    expect(offsetAt('America/New_York', change)).toBe(-4 * 3_600_000);
  });

  it.each([
    ['Asia/Shanghai', '2026-03-01T03:40:00Z', '2026-03-01T11:40:00+08:00'],
    ['America/New_York', '2026-07-01T16:00:00Z', '2026-07-01T12:00:00-04:00'],
    ['America/New_York', '2026-01-01T03:00:00.250Z', '2025-12-31T22:00:00.250-05:00'],
    ['Asia/Kolkata', '2026-03-01T00:00:00Z', '2026-03-01T05:30:00+05:30'],
    ['UTC', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00+00:00'],
  ])('writes instants in %s with its offset: %s → %s', (zone, instant, text) => {
    expect(formatInstant(Date.parse(instant), zone)).toBe(text);
    expect(Date.parse(text)).toBe(Date.parse(instant));
  });

  it.each([
    ['Asia/Shanghai', true],
    ['Etc/UTC', true],
    ['Europe/Atlantis', false],
    ['+08:00', false],
  ])('%s is a time zone: %s', (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });
});
