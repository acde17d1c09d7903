import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/apiError.js';
import { fetchQuote, type DriverQuote } from '../api/driverPayments.js';
import { refusalText } from '../api/refusalText.js';

/** A plate's state in the lot, as home shows it. */
export type Stay = { state: 'checking' } | { state: 'parked'; quote: DriverQuote } | { state: 'away' } | { state: 'unknown'; message: string };

// Quotes are rate-limited per driver (shared/drivers plateLookupLimit: 20 per 10 minutes).
const refreshMs = 2 * 60_000;
const tickMs = 30_000;

const stayOf = async (lotId: string, plate: string): Promise<Stay> => {
  try {
    return { state: 'parked', quote: await fetchQuote(lotId, plate) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return { state: 'away' };
    return { state: 'unknown', message: refusalText(error) };
  }
};

/**
 * The stays of `plates` in `lotId`: every plate is quoted once, then the parked ones again every
 * two minutes; `now` ticks meanwhile so that durations keep running.
 */
export const useCurrentStays = (lotId: string | null, plates: readonly string[]) => {
  const [stays, setStays] = useState<Record<string, Stay>>({});
  const [now, setNow] = useState(() => new Date());
  const known = useRef<Record<string, Stay>>({});
  const key = plates.join(',');

  const refresh = useCallback(
    async (onlyParked: boolean) => {
      if (lotId === null) return;
      const wanted = key === '' ? [] : key.split(',');
      const asked = wanted.filter((plate) => !onlyParked || known.current[plate]?.state === 'parked');
      const answers = await Promise.all(asked.map(async (plate) => [plate, await stayOf(lotId, plate)] as const));
      known.current = { ...Object.fromEntries(wanted.map((plate) => [plate, known.current[plate] ?? { state: 'checking' }])), ...Object.fromEntries(answers) };
      setStays(known.current);
      setNow(new Date());
    },
    [lotId, key],
  );

  useEffect(() => {
    void refresh(false);
    const refreshing = setInterval(() => void refresh(true), refreshMs);
    const ticking = setInterval(() => setNow(new Date()), tickMs);
    return () => {
      clearInterval(refreshing);
      clearInterval(ticking);
    };
  }, [refresh]);

  return { stays, now, refresh: () => refresh(false) };
};
