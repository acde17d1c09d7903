import { useCallback, useEffect, useRef, useState } from 'react';
import { refusalText } from '../api/refusalText.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

/** Loads on mount (and whenever `load` changes: pass a stable function) and on `reload`; a failure becomes the sentence a driver reads. */
export const useLoad = <T>(load: () => Promise<T>): [Loaded<T>, () => Promise<void>] => {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const reload = useCallback(async () => {
    try {
      const value = await load();
      if (mounted.current) setLoaded({ state: 'ready', value });
    } catch (error) {
      if (mounted.current) setLoaded({ state: 'failed', message: refusalText(error) });
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [loaded, reload];
};
