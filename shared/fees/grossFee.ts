import { bandMinutes, minutesOfDay, type Schedule } from './tariffSchema.js';
import { DAY, MINUTE, modulo, ZoneCursor } from './zoneClock.js';

/** Rule 1: minutes started, counting a started minute in full (ceil of the seconds / 60). */
export const billableMinutes = (entry: number, exit: number): number => Math.max(0, Math.ceil((exit - entry) / MINUTE));

interface PricedBand {
  index: number;
  /** Local time of day where the band starts, and how long it lasts, in ms. */
  from: number;
  length: number;
  unit: number;
  price: number;
  cap: number;
}

/** A schedule in the units the walk uses: ms, and Infinity for "no cap". */
interface Plan {
  bands: PricedBand[];
  /** [start, end) pieces of the local day, in order, each in one band (a wrapping band gives two). */
  pieces: { start: number; end: number; band: PricedBand }[];
  dailyCap: number;
  rolling: boolean;
}

const plans = new WeakMap<Schedule, Plan>();

const planOf = (schedule: Schedule): Plan => {
  let plan = plans.get(schedule);
  if (plan) return plan;
  const bands = schedule.bands.map((band, index) => ({
    index,
    from: minutesOfDay(band.from) * MINUTE,
    length: bandMinutes(band) * MINUTE,
    unit: band.unitMinutes * MINUTE,
    price: band.unitPrice,
    cap: band.cap ?? Infinity,
  }));
  const pieces = bands
    .flatMap((band) => {
      const end = band.from + band.length;
      return end <= DAY ? [{ start: band.from, end, band }] : [{ start: band.from, end: DAY, band }, { start: 0, end: end - DAY, band }];
    })
    .sort((a, b) => a.start - b.start);
  plan = { bands, pieces, dailyCap: schedule.dailyCap ?? Infinity, rolling: schedule.capWindow === 'rolling24h' };
  plans.set(schedule, plan);
  return plan;
};

const bandAt = (plan: Plan, timeOfDay: number): PricedBand => {
  for (const piece of plan.pieces) if (timeOfDay < piece.end) return piece.band;
  throw new Error('bands do not cover the day (the tariff schema should have refused them)');
};

/** One continuous stretch of a band, with what is left of its cap. */
interface Occurrence {
  band: PricedBand;
  end: number;
  left: number;
}

/**
 * Walks one stay. Units are taken a stretch at a time: within one band occurrence and one cap
 * window every unit has the same length and price, so n units cost min(n × price, what is left of
 * either cap) and the walk never visits single units. Across windows it looks for the state at a
 * window's first unit repeating (same phase in the day, same carried-over band cap) while the
 * zone's offset stays the same, and then adds whole cycles at once.
 */
class StayWalk {
  private readonly clock: ZoneCursor;
  private total = 0;
  private occurrence: Occurrence | undefined;
  private window: { key: number; end: number } | undefined;
  /** What is left of each cap window's dailyCap, by window key (local date, or n-th 24 h). */
  private readonly windowsLeft = new Map<number, number>();

  constructor(
    private readonly plan: Plan,
    timezone: string,
    private readonly entry: number,
    private readonly exit: number,
  ) {
    this.clock = new ZoneCursor(timezone, exit);
  }

  /** Gross fee of the units laid from `start` (the optional first unit, then the bands). */
  run(start: number, first: Schedule['first']): number {
    let t = start;
    if (first) {
      this.enter(t);
      this.charge(first.price);
      t += first.minutes * MINUTE;
    }
    const seen = new Map<string, { t: number; total: number; until: number }>();
    while (t < this.exit) {
      const newWindow = this.enter(t);
      if (newWindow) {
        const skipped = this.skipCycles(t, seen);
        if (skipped > t) {
          t = skipped;
          continue;
        }
      }
      const { band } = this.occurrence!;
      const stretchEnd = Math.min(this.occurrence!.end, this.window!.end, this.exit);
      const units = Math.ceil((stretchEnd - t) / band.unit);
      this.charge(units * band.price);
      t += units * band.unit;
    }
    return this.total;
  }

  /** Points the occurrence and window at those of a unit starting at t; true when the window is new. */
  private enter(t: number): boolean {
    const band = bandAt(this.plan, this.clock.timeOfDay(t));
    const occurrence = this.occurrence;
    if (!occurrence || occurrence.band !== band || t >= occurrence.end) {
      this.occurrence = { band, end: this.occurrenceEnd(t, band), left: band.cap };
    }
    if (this.window && t < this.window.end) return false;
    this.window = this.windowAt(t);
    return true;
  }

  /** Charges up to `price`, lowered to what is left of the band occurrence's cap and the window's dailyCap. */
  private charge(price: number): void {
    const occurrence = this.occurrence!;
    const key = this.window!.key;
    const windowLeft = this.windowsLeft.get(key) ?? this.plan.dailyCap;
    const charged = Math.min(price, occurrence.left, windowLeft);
    occurrence.left -= charged;
    this.windowsLeft.set(key, windowLeft - charged);
    this.total += charged;
  }

  /** The first instant after t at which the local time is no longer in `band` (at least the horizon). */
  private occurrenceEnd(t: number, band: PricedBand): number {
    if (band.length === DAY) return Infinity;
    let at = t;
    for (;;) {
      const segment = this.clock.segmentAt(at);
      const into = modulo(at + segment.offset - band.from, DAY);
      const end = at + band.length - into;
      if (end < segment.until) return end;
      at = segment.until;
      // The clock changed inside the band; the occurrence goes on if the new local time is still in it.
      if (at >= this.exit || bandAt(this.plan, this.clock.timeOfDay(at)) !== band) return at;
    }
  }

  /** The cap window of a unit starting at t: its key and the first instant after t outside it. */
  private windowAt(t: number): { key: number; end: number } {
    if (this.plan.rolling) {
      const key = Math.floor((t - this.entry) / DAY);
      return { key, end: this.entry + (key + 1) * DAY };
    }
    const key = this.clock.localDate(t);
    let at = t;
    for (;;) {
      const segment = this.clock.segmentAt(at);
      if (Math.floor((at + segment.offset) / DAY) !== key) return { key, end: at };
      const midnight = (key + 1) * DAY - segment.offset;
      if (midnight < segment.until || segment.until >= this.exit) return { key, end: midnight };
      at = segment.until;
    }
  }

  /**
   * At a window's first unit t: if the same state was seen one or more whole days earlier under
   * the same offset, the stay repeats from there; add as many whole cycles as fit before the exit
   * and the next offset change. Returns the unit start after the skip (t when nothing is skipped).
   */
  private skipCycles(t: number, seen: Map<string, { t: number; total: number; until: number }>): number {
    const segment = this.clock.segmentAt(t);
    const occurrence = this.occurrence!;
    const phase = this.plan.rolling ? modulo(t - this.entry, DAY) : modulo(t + segment.offset, DAY);
    const windowLeft = this.windowsLeft.get(this.window!.key) ?? this.plan.dailyCap;
    const state = `${phase}|${occurrence.band.index}|${occurrence.left}|${windowLeft}`;
    const before = seen.get(state);
    seen.set(state, { t, total: this.total, until: segment.until });
    if (!before || before.until !== segment.until || windowLeft !== this.plan.dailyCap) return t;
    const cycle = t - before.t;
    const cycles = Math.min(Math.floor((this.exit - t) / cycle), Math.ceil((segment.until - t) / cycle) - 1);
    if (cycles <= 0) return t;
    const skipped = t + cycles * cycle;
    this.total += cycles * (this.total - before.total);
    // The window before the one skipped to mirrors the window before t's (a clock turned back
    // over midnight could return to it).
    const previousLeft = this.windowsLeft.get(this.window!.key - 1);
    if (previousLeft !== undefined && !this.plan.rolling) this.windowsLeft.set(this.window!.key - 1 + (cycles * cycle) / DAY, previousLeft);
    this.window = undefined;
    // The unit at `skipped` is in the mirror of t's occurrence, with as much of its cap left.
    this.occurrence = { band: occurrence.band, end: this.occurrenceEnd(skipped, occurrence.band), left: occurrence.left };
    return skipped;
  }
}

/**
 * Gross fee in fen of a stay [entry, exit) (epoch ms) under one schedule, by DESIGN.md "Fees"
 * rules 1–5, with calendar logic in `timezone`.
 */
export const grossFee = (schedule: Schedule, timezone: string, entry: number, exit: number): number => {
  if (billableMinutes(entry, exit) <= schedule.freeMinutes) return 0;
  const start = schedule.freeMinutesDeducted ? entry + schedule.freeMinutes * MINUTE : entry;
  return new StayWalk(planOf(schedule), timezone, entry, exit).run(start, schedule.first);
};
