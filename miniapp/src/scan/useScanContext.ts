import { useMemo } from 'react';
import { useRouter } from '@tarojs/taro';
import { parseQuery, readScanContext, type ScanContext } from './scanContext.js';

/**
 * The scan context of the current page. On h5 a printed code may put its query before the hash
 * (`/app/?lot=…`), which the hash router does not see, so the location's own query is read too;
 * the router's params win when both carry a key.
 */
export const useScanContext = (): ScanContext | null => {
  const { params } = useRouter();
  return useMemo(() => {
    const locationQuery = process.env.TARO_ENV === 'h5' ? parseQuery(window.location.search) : {};
    return readScanContext({ ...locationQuery, ...params });
  }, [params]);
};
