/**
 * Local time in an IANA time zone from Intl alone, fast enough for the fee engine.
 *
 * Intl is slow per call (microseconds), so each zone's UTC offsets are learnt once per block of
 * four weeks: the offset is sampled every 7 days and each change is bisected to the second.
 * (This assumes a zone changes its offset at most once in 7 days, true of every zone in use:
 * DST periods and their Ramadan breaks last months or weeks.)
 */
export const MINUTE = 60_000;
export const DAY = 86_400_000;

const sampleLength = 7 * DAY;
const blockLength = 4 * sampleLength;

/** Offsets within one block: `offsets[i]` applies from `starts[i]`; `starts[0]` is the block start. */
interface Block {
  starts: number[];
  offsets: number[];
}

/** A stretch [from, until) with one offset; `until` is the next change, or some instant ≥ the horizon. */
export interface OffsetSegment {
  offset: number;
  from: number;
  until: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const blocksByZone = new Map<string, Map<number, Block>>();

const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
};

/** True for a time zone Intl knows by name (offset strings like "+08:00" are not IANA zones). */
export const isTimeZone = (zone: string): boolean => {
  if (/^[+-]/.test(zone)) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
};

/** local − UTC in ms at instant t, straight from Intl (whole seconds). */
const intlOffset = (zone: string, t: number): number => {
  const part: Record<string, number> = {};
  for (const { type, value } of formatterFor(zone).formatToParts(t)) part[type] = Number(value);
  const local = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return local - Math.floor(t / 1000) * 1000;
};

/** The first whole second in (low, high] with the offset found at high. */
const bisectChange = (zone: string, low: number, high: number, before: number): number => {
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (intlOffset(zone, middle) === before) low = middle;
    else high = middle;
  }
  return high;
};

const learnBlock = (zone: string, index: number): Block => {
  const start = index * blockLength;
  const block: Block = { starts: [start], offsets: [intlOffset(zone, start)] };
  let current = block.offsets[0]!;
  for (let sample = start + sampleLength; sample <= start + blockLength; sample += sampleLength) {
    const offset = intlOffset(zone, sample);
    if (offset === current) continue;
    const change = bisectChange(zone, sample - sampleLength, sample, current);
    if (change < start + blockLength) {
      block.starts.push(change);
      block.offsets.push(offset);
    }
    current = offset;
  }
  return block;
};

const blockAt = (zone: string, index: number): Block => {
  let blocks = blocksByZone.get(zone);
  if (!blocks) {
    blocks = new Map();
    blocksByZone.set(zone, blocks);
  }
  let block = blocks.get(index);
  if (!block) {
    block = learnBlock(zone, index);
    blocks.set(index, block);
  }
  return block;
};

/** The offset segment containing t, looking ahead for the next change no further than `horizon`. */
export const offsetSegment = (zone: string, t: number, horizon: number): OffsetSegment => {
  let index = Math.floor(t / blockLength);
  const block = blockAt(zone, index);
  let at = 0;
  while (at + 1 < block.starts.length && block.starts[at + 1]! <= t) at += 1;
  const offset = block.offsets[at]!;
  const from = block.starts[at]!;
  if (at + 1 < block.starts.length) return { offset, from, until: block.starts[at + 1]! };
  let until = (index + 1) * blockLength;
  while (until < horizon) {
    index += 1;
    const next = blockAt(zone, index);
    if (next.offsets[0] !== offset) return { offset, from, until };
    if (next.starts.length > 1) return { offset, from, until: next.starts[1]! };
    until = (index + 1) * blockLength;
  }
  return { offset, from, until };
};

/** local − UTC in ms at instant t. */
export const offsetAt = (zone: string, t: number): number => offsetSegment(zone, t, t).offset;

/**
 * A reader of one zone's clock for one computation: remembers the segment it last used, so
 * walking forward through a stay costs a comparison per look-up.
 */
export class ZoneCursor {
  private segment: OffsetSegment = { offset: 0, from: 0, until: 0 };

  constructor(
    readonly zone: string,
    private readonly horizon: number,
  ) {}

  segmentAt(t: number): OffsetSegment {
    if (t < this.segment.from || t >= this.segment.until) this.segment = offsetSegment(this.zone, t, this.horizon);
    return this.segment;
  }

  offsetAt(t: number): number {
    return this.segmentAt(t).offset;
  }

  /** Local time of day at t, in ms since local midnight. */
  timeOfDay(t: number): number {
    return modulo(t + this.offsetAt(t), DAY);
  }

  /** Days since 1970-01-01 of the local calendar date at t. */
  localDate(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY);
  }
}

export const modulo = (value: number, divisor: number): number => ((value % divisor) + divisor) % divisor;

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/**
 * Instant t as ISO 8601 in the zone's local time with its offset, e.g. "2026-03-01T11:40:00+08:00"
 * (milliseconds only when there are some). Offsets with seconds (local mean time before ~1900)
 * cannot be written in ISO 8601, so those instants are written in UTC.
 */
export const formatInstant = (t: number, zone: string): string => {
  const offset = offsetAt(zone, t);
  if (offset % MINUTE !== 0) return new Date(t).toISOString().replace('.000Z', 'Z');
  const local = new Date(t + offset).toISOString().replace('.000Z', 'Z').slice(0, -1);
  const minutes = Math.abs(offset) / MINUTE;
  return `${local}${offset < 0 ? '-' : '+'}${twoDigits(Math.trunc(minutes / 60))}:${twoDigits(minutes % 60)}`;
};
