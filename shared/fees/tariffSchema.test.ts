import { describe, expect, it } from 'vitest';
import { DomainError, parseOrThrow } from '../errors/index.js';
import { designTariff } from './designTariff.test-support.js';
import { TariffSchema } from './index.js';

type RawBand = { from: string; to: string; unitMinutes: number; unitPrice: number; cap?: number };

const withBands = (bands: RawBand[]) => ({
  ...designTariff,
  schedules: { default: { ...designTariff.schedules.default, bands } },
});

const band = (from: string, to: string): RawBand => ({ from, to, unitMinutes: 30, unitPrice: 200 });

/** The problems parseOrThrow reports, as "path: message". */
const problems = (raw: unknown): string[] => {
  try {
    parseOrThrow(TariffSchema, raw, 'tariff');
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError & { details: { issues: { path: string; message: string }[] } }).details.issues.map(
      ({ path, message }) => `${path}: ${message}`,
    );
  }
  throw new Error('expected the tariff to be refused');
};

describe('TariffSchema', () => {
  it("accepts DESIGN.md's tariff and fills the defaults", () => {
    const { timezone, ...noZone } = designTariff;
    const { capWindow, ...noWindow } = designTariff.schedules.default;
    const tariff = TariffSchema.parse({ ...noZone, schedules: { default: noWindow } });
    expect(timezone).toBe('Asia/Shanghai');
    expect(capWindow).toBe('calendarDay');
    expect(tariff.timezone).toBe('Asia/Shanghai');
    expect(tariff.schedules.default.capWindow).toBe('calendarDay');
  });

  it('accepts any vehicle class beside default, large and newEnergy', () => {
    const schedule = designTariff.schedules.default;
    const tariff = TariffSchema.parse({ ...designTariff, schedules: { default: schedule, large: schedule, newEnergy: schedule, coach: schedule } });
    expect(Object.keys(tariff.schedules)).toEqual(['default', 'large', 'newEnergy', 'coach']);
  });

  it.each([
    ['a whole-day band', [band('00:00', '24:00')]],
    ['a band wrapping midnight', [band('06:00', '18:00'), band('18:00', '06:00')]],
    ['a band ending at 24:00 and one starting at 00:00', [band('00:00', '12:00'), band('12:00', '24:00')]],
    ['bands in any order', [band('12:00', '00:00'), band('00:00', '07:30'), band('07:30', '12:00')]],
  ])('accepts %s', (_, bands) => {
    expect(TariffSchema.safeParse(withBands(bands)).success).toBe(true);
  });

  it.each([
    ['a gap', [band('08:00', '22:00'), band('22:00', '03:00'), band('04:00', '08:00')], 'bands leave 03:00–04:00 uncovered'],
    ['a gap across midnight', [band('02:00', '22:00')], 'bands leave 22:00–02:00 uncovered'],
    ['an overlap', [band('08:00', '22:00'), band('21:00', '08:00')], 'bands overlap at 21:00–22:00'],
    ['an overlap across midnight', [band('08:00', '01:00'), band('23:00', '08:00')], 'bands overlap at 23:00–01:00'],
    ['the same band twice', [band('00:00', '24:00'), band('00:00', '24:00')], 'bands overlap all day'],
  ])('refuses %s, naming it', (_, bands, message) => {
    expect(problems(withBands(bands))).toContain(`schedules.default.bands: ${message}`);
  });

  it('refuses no bands at all', () => {
    expect(problems(withBands([]))).toContain('schedules.default.bands: needs at least one band');
  });

  it.each([
    ['an hour past 23', { from: '25:00', to: '08:00' }, 'schedules.default.bands.0.from'],
    ['minutes past 59', { from: '08:60', to: '08:00' }, 'schedules.default.bands.0.from'],
    ['a single-digit hour', { from: '8:00', to: '08:00' }, 'schedules.default.bands.0.from'],
    ['24:00 as a start', { from: '24:00', to: '08:00' }, 'schedules.default.bands.0.from'],
    ['a time past 24:00', { from: '08:00', to: '24:30' }, 'schedules.default.bands.0.to'],
    ['an empty band', { from: '08:00', to: '08:00' }, 'schedules.default.bands.0.to'],
  ])('refuses %s', (_, times, path) => {
    const bad = withBands([{ ...band('08:00', '08:00'), ...times }]);
    expect(problems(bad).some((problem) => problem.startsWith(`${path}: `))).toBe(true);
  });

  it.each([
    ['a unit of 0 minutes', { unitMinutes: 0 }, 'schedules.default.bands.0.unitMinutes: unitMinutes must be more than 0'],
    ['a negative price', { unitPrice: -1 }, 'schedules.default.bands.0.unitPrice: must not be negative'],
    ['a price in fractions of a fen', { unitPrice: 1.5 }, 'schedules.default.bands.0.unitPrice: must be a whole number of fen'],
  ])('refuses %s', (_, change, problem) => {
    expect(problems(withBands([{ ...band('00:00', '24:00'), ...change }]))).toContain(problem);
  });

  it.each(['Mars/Olympus_Mons', 'Asia/Shangai', '+08:00', ''])('refuses the time zone %j', (timezone) => {
    expect(problems({ ...designTariff, timezone })).toContain('timezone: must be an IANA time zone such as Asia/Shanghai');
  });

  it.each(['America/New_York', 'UTC', 'Australia/Lord_Howe'])('accepts the time zone %s', (timezone) => {
    expect(TariffSchema.parse({ ...designTariff, timezone }).timezone).toBe(timezone);
  });

  it('refuses a tariff without a default schedule and an unknown cap window', () => {
    expect(problems({ ...designTariff, schedules: { large: designTariff.schedules.default } })).toContain(
      'schedules.default: Invalid input: expected object, received undefined',
    );
    const rollingWeek = { ...designTariff.schedules.default, capWindow: 'rollingWeek' };
    expect(problems({ ...designTariff, schedules: { default: rollingWeek } }).some((p) => p.startsWith('schedules.default.capWindow: '))).toBe(true);
  });
});
