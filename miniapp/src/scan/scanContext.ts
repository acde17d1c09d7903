/**
 * Where a scanned code says the driver is. Every code the car park prints (in-lot, entry lane,
 * exit lane) carries the lot and, for a lane's code, the lane. The same code reaches the app in
 * three shapes, all read here:
 * - h5, or a weapp page opened with a query: `?lot=…&lane=…`;
 * - weapp opened by a mini-program code (wxacode.getUnlimited): `scene` = the URL-encoded query
 *   `lot=…&lane=…` (WeChat caps `scene` at 32 characters);
 * - weapp opened by an ordinary QR code ("扫普通链接二维码打开小程序"): `q` = the URL-encoded URL
 *   printed on the code, whose query (before or after `#`) holds `lot` and `lane`.
 * Pure and free of Taro so that it is tested on its own; the WeChat runtime has no
 * URLSearchParams, hence the small parser.
 */
export interface ScanContext {
  lotId: string;
  /** Null for the in-lot code, which is not tied to a lane. */
  laneId: string | null;
}

/** Page parameters as Taro hands them over (router params, plus the h5 location query). */
export type EntryParams = Readonly<Record<string, string | undefined>>;

// Ids are printed into URLs; anything else is a damaged or forged code, not a place to guess.
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

const decode = (text: string): string | null => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
};

/** `a=1&b=2` → { a: '1', b: '2' }; a leading `?` is ignored, undecodable pairs are dropped. */
export const parseQuery = (query: string): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const pair of query.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const cut = pair.indexOf('=');
    const key = decode(cut === -1 ? pair : pair.slice(0, cut));
    const value = decode(cut === -1 ? '' : pair.slice(cut + 1));
    if (key !== null && value !== null) result[key] = value;
  }
  return result;
};

/** The query of a URL, including a query inside its hash (`/app/#/pages/index/index?lot=…`). */
const queryOfUrl = (url: string): Record<string, string> =>
  url
    .split('#')
    .map((part) => {
      const start = part.indexOf('?');
      return start === -1 ? {} : parseQuery(part.slice(start + 1));
    })
    .reduce((merged, next) => ({ ...merged, ...next }), {});

const fromLotAndLane = (lot: string | undefined, lane: string | undefined): ScanContext | null => {
  if (lot === undefined || !idPattern.test(lot)) return null;
  if (lane === undefined || lane === '') return { lotId: lot, laneId: null };
  return idPattern.test(lane) ? { lotId: lot, laneId: lane } : null;
};

/** The lot and lane the app was opened for, or null when it was not opened from a code. */
export const readScanContext = (params: EntryParams): ScanContext | null => {
  if (params.scene) {
    const scene = decode(params.scene);
    if (scene === null) return null;
    const query = parseQuery(scene);
    return fromLotAndLane(query.lot, query.lane);
  }
  if (params.q) {
    const url = decode(params.q);
    if (url === null) return null;
    const query = queryOfUrl(url);
    return fromLotAndLane(query.lot, query.lane);
  }
  return fromLotAndLane(params.lot, params.lane);
};
