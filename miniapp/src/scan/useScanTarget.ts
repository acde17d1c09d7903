import { useEffect, useMemo } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { parseQuery } from './scanContext.js';
import { pageUrlOf, scanTargetOf, type ScanTarget } from './scanTarget.js';
import { rememberLot } from './lastLot.js';

/**
 * The code that opened `page`, if any. On h5 a printed code may put its query before the hash
 * (`/app/?lot=…`), which the hash router does not see, so the location's own query is read too
 * (the router's params win). A code for another page (an ordinary QR code's URL that WeChat
 * opened this page for) goes there instead. The lot is remembered for home.
 */
export const useScanTarget = (page: string): ScanTarget | null => {
  const { params } = useRouter();
  const target = useMemo(() => {
    const locationQuery = process.env.TARO_ENV === 'h5' ? parseQuery(window.location.search) : {};
    return scanTargetOf(page, { ...locationQuery, ...params });
  }, [page, params]);
  const elsewhere = target !== null && pageUrlOf(target).slice(1, page.length + 1) !== page;
  useEffect(() => {
    if (target !== null && target.kind !== 'claim') rememberLot(target.lotId);
    if (target !== null && elsewhere) void Taro.redirectTo({ url: pageUrlOf(target) });
  }, [target, elsewhere]);
  return elsewhere ? null : target;
};
