import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { merchantRefusalText } from './merchantRefusalText.js';
import { currentStaff, type StaffSession } from './staffSession.js';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; data: T };

export const merchantLoginPage = '/pages/merchant/index';

/**
 * What a merchant page shows: `load` run at mount and on `reload`, with its loading and failed
 * states. A page opened without a signed-in staff member (or whose token the API refused) goes
 * to the login instead.
 */
export const useMerchantData = <T>(load: () => Promise<T>): { staff: StaffSession | null; loaded: Loaded<T>; reload: () => Promise<void> } => {
  const [staff] = useState(currentStaff);
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const reload = useCallback(async () => {
    setLoaded({ state: 'loading' });
    try {
      const data = await load();
      if (mounted.current) setLoaded({ state: 'loaded', data });
    } catch (error) {
      if (currentStaff() === null) {
        void Taro.reLaunch({ url: merchantLoginPage });
        return;
      }
      if (mounted.current) setLoaded({ state: 'failed', message: merchantRefusalText(error) });
    }
    // `load` is the page's own function of its inputs; the page passes a memoised one.
  }, [load]);

  useEffect(() => {
    if (staff === null) void Taro.reLaunch({ url: merchantLoginPage });
    else void reload();
  }, [staff, reload]);

  return { staff, loaded, reload };
};
