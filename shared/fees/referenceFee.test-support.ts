import type { Schedule } from './tariffSchema.js';

/**
 * The fee rules of DESIGN.md read as literally as possible, as the yardstick for the fast engine
 * (tests and benchmark). Deliberately naive and independent of grossFee.ts: every unit is visited,
 * the local time comes from Intl on every look-up, and band occurrences are found by reading
 * the clock minute by minute from the start of billing (units start on whole minutes from there,
 * and no band stretch is shorter than a minute).
 */
export const referenceGrossFee = (schedule: Schedule, timezone: string, entry: number, exit: number): number => {
  const minute = 60_000;
  const day = 86_400_000;
  if (Math.ceil((exit - entry) / minute) <= schedule.freeMinutes) return 0;

  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const local = (t: number) => {
    const part = Object.fromEntries(format.formatToParts(t).map(({ type, value }) => [type, value]));
    return {
      date: `${part.year}-${part.month}-${part.day}`,
      seconds: Number(part.hour) * 3600 + Number(part.minute) * 60 + Number(part.second),
    };
  };
  const seconds = (time: string) => Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60;
  const bandIndexAt = (t: number) => {
    const now = local(t).seconds;
    return schedule.bands.findIndex(({ from, to }) =>
      seconds(from) < seconds(to) ? now >= seconds(from) && now < seconds(to) : now >= seconds(from) || now < seconds(to),
    );
  };

  const start = schedule.freeMinutesDeducted ? entry + schedule.freeMinutes * minute : entry;
  // Occurrence numbering: a new number each time the band read minute by minute changes.
  let scanned = start;
  let scannedBand = bandIndexAt(start);
  let occurrence = 0;
  const occurrenceAt = (t: number) => {
    while (scanned < t) {
      scanned += minute;
      const band = bandIndexAt(scanned);
      if (band !== scannedBand) {
        occurrence += 1;
        scannedBand = band;
      }
    }
    return occurrence;
  };

  const capLeft = new Map<number, number>();
  const dayLeft = new Map<string, number>();
  let total = 0;
  let t = start;
  let firstUnit = true;
  while (t < exit) {
    const band = schedule.bands[bandIndexAt(t)]!;
    const length = firstUnit && schedule.first ? schedule.first.minutes : band.unitMinutes;
    const price = firstUnit && schedule.first ? schedule.first.price : band.unitPrice;
    const occurrenceKey = occurrenceAt(t);
    const windowKey = schedule.capWindow === 'rolling24h' ? String(Math.floor((t - entry) / day)) : local(t).date;
    const bandLeft = capLeft.get(occurrenceKey) ?? band.cap ?? Infinity;
    const windowLeft = dayLeft.get(windowKey) ?? schedule.dailyCap ?? Infinity;
    const charged = Math.min(price, bandLeft, windowLeft);
    capLeft.set(occurrenceKey, bandLeft - charged);
    dayLeft.set(windowKey, windowLeft - charged);
    total += charged;
    t += length * minute;
    firstUnit = false;
  }
  return total;
};
