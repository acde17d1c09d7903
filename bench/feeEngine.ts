import { grossFee, quoteStay, TariffSchema } from '../shared/fees/index.js';
import { designTariff } from '../shared/fees/designTariff.test-support.js';
import { referenceGrossFee } from '../shared/fees/referenceFee.test-support.js';
import type { Benchmark } from './benchmark.js';
import { measure, timeOnce, type Measurement } from './measure.js';

const minute = 60_000;
const day = 86_400_000;

/** A fixed pseudo-random sequence (mulberry32), so every run measures the same stays. */
const randomSequence = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

interface Stay {
  entry: number;
  exit: number;
}

/** Typical stays: 10 minutes to 8 hours, entering at any second of March 2026 (Shanghai). */
const typicalStays = (count: number): Stay[] => {
  const random = randomSequence(2026);
  const march = Date.parse('2026-03-01T00:00:00+08:00');
  return Array.from({ length: count }, () => {
    const entry = march + Math.floor(random() * 31 * 86_400) * 1000;
    return { entry, exit: entry + Math.floor(600 + random() * (8 * 3600 - 600)) * 1000 };
  });
};

const request = (timezone: string, { entry, exit }: Stay) => ({
  tariff: { ...designTariff, timezone },
  enteredAt: new Date(entry).toISOString(),
  exitAt: new Date(exit).toISOString(),
});

const cycling = <T>(items: readonly T[], work: (item: T) => unknown) => {
  let next = 0;
  return () => {
    work(items[next]!);
    next = (next + 1) % items.length;
  };
};

const rate = (measurement: Measurement) => Math.round(measurement.perSecond).toLocaleString('en-US');
const micros = (value: number) => (value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US'));

export const feeEngine: Benchmark = {
  name: 'fee-engine',
  title: 'Fee engine',
  run() {
    const schedule = TariffSchema.parse(designTariff).schedules.default;
    const yearStay: Stay = { entry: Date.parse('2026-03-01T09:00:00+08:00'), exit: Date.parse('2026-03-01T09:00:00+08:00') + 365 * day };

    // First, in a zone this process has not used yet: includes learning the zone's offsets from Intl.
    const cold = timeOnce(() => grossFee(schedule, 'Europe/Paris', yearStay.entry, yearStay.exit));

    const stays = typicalStays(1000);
    const typicalEngine = measure(cycling(stays, ({ entry, exit }) => grossFee(schedule, 'Asia/Shanghai', entry, exit)));
    const requests = stays.map((stay) => request('Asia/Shanghai', stay));
    const typicalQuote = measure(cycling(requests, quoteStay));
    const typicalReference = measure(
      cycling(stays, ({ entry, exit }) => referenceGrossFee(schedule, 'Asia/Shanghai', entry, exit)),
      { samples: 3, sampleMs: 500 },
    );
    const typicalAgree = stays.every(
      ({ entry, exit }) =>
        grossFee(schedule, 'Asia/Shanghai', entry, exit) === referenceGrossFee(schedule, 'Asia/Shanghai', entry, exit),
    );

    // One-year stays, the exit moved by a minute per call so nothing is answered from a cache.
    const yearExits = Array.from({ length: 1000 }, (_, i) => yearStay.exit + i * minute);
    const yearEngine = (zone: string) => measure(cycling(yearExits, (exit) => grossFee(schedule, zone, yearStay.entry, exit)));
    const yearShanghai = yearEngine('Asia/Shanghai');
    const yearNewYork = yearEngine('America/New_York');
    const yearRequests = yearExits.map((exit) => request('Asia/Shanghai', { entry: yearStay.entry, exit }));
    const yearQuote = measure(cycling(yearRequests, quoteStay));
    const yearReference = (zone: string) => timeOnce(() => referenceGrossFee(schedule, zone, yearStay.entry, yearStay.exit));
    const referenceShanghai = yearReference('Asia/Shanghai');
    const referenceNewYork = yearReference('America/New_York');
    const yearAgree =
      referenceShanghai.value === grossFee(schedule, 'Asia/Shanghai', yearStay.entry, yearStay.exit) &&
      referenceNewYork.value === grossFee(schedule, 'America/New_York', yearStay.entry, yearStay.exit);

    const typicalSpeedup = typicalReference.microseconds / typicalEngine.microseconds;
    const yearSpeedup = referenceShanghai.microseconds / yearShanghai.microseconds;
    const markdown = `
DESIGN.md's example tariff (day units of 30 min, night units of 60 min with a night cap, first hour,
daily cap). \`grossFee\` is the engine alone; \`quoteStay\` is the whole \`parkade quote\` answer from
raw JSON (zod validation of the tariff and request, discounts, payments, formatting). The reference
is the naive unit-by-unit engine in shared/fees/referenceFee.test-support.ts (Intl on every look-up,
band occurrences found minute by minute), run on the same inputs.

## Typical stays (1,000 stays of 10 min – 8 h in March 2026, Asia/Shanghai)

| Engine | Quotes per second | µs per quote |
|---|---:|---:|
| \`grossFee\` | ${rate(typicalEngine)} | ${micros(typicalEngine.microseconds)} |
| \`quoteStay\` (validation included) | ${rate(typicalQuote)} | ${micros(typicalQuote.microseconds)} |
| naive reference | ${rate(typicalReference)} | ${micros(typicalReference.microseconds)} |

Speed-up of \`grossFee\` over the reference: **${typicalSpeedup.toFixed(0)}×**. Same fee on all 1,000 stays: ${typicalAgree ? 'yes' : '**NO**'}.

## One-year stay (365 days from 2026-03-01 09:00 +08:00)

| Engine | µs per quote |
|---|---:|
| \`grossFee\`, Asia/Shanghai | ${micros(yearShanghai.microseconds)} |
| \`grossFee\`, America/New_York (two DST changes) | ${micros(yearNewYork.microseconds)} |
| \`quoteStay\`, Asia/Shanghai (validation included) | ${micros(yearQuote.microseconds)} |
| \`grossFee\`, first quote in a zone new to the process (Europe/Paris, learns its offsets from Intl) | ${micros(cold.microseconds)} |
| naive reference, Asia/Shanghai | ${micros(referenceShanghai.microseconds)} |
| naive reference, America/New_York | ${micros(referenceNewYork.microseconds)} |

Speed-up of \`grossFee\` over the reference (Asia/Shanghai): **${Math.round(yearSpeedup).toLocaleString('en-US')}×**. Same fee as the reference in both zones: ${yearAgree ? 'yes' : '**NO**'}.
`;
    return {
      markdown,
      summary: [
        `typical stays: grossFee ${rate(typicalEngine)}/s, quoteStay ${rate(typicalQuote)}/s, reference ${rate(typicalReference)}/s (${typicalSpeedup.toFixed(0)}×), agree: ${typicalAgree}`,
        `one-year stay: grossFee ${micros(yearShanghai.microseconds)} µs (New York ${micros(yearNewYork.microseconds)} µs), quoteStay ${micros(yearQuote.microseconds)} µs, first in a new zone ${micros(cold.microseconds)} µs, reference ${micros(referenceShanghai.microseconds)} µs (${Math.round(yearSpeedup)}×), agree: ${yearAgree}`,
      ],
    };
  },
};
