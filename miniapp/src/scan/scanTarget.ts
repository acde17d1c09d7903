import { parseQuery, readScanContext, type EntryParams } from './scanContext.js';

/**
 * Which page a scanned code is for. The car park prints four kinds of code; each names its page
 * (the mini-program code's `page`, or the path in the h5 URL) and carries its place:
 * - in-lot code      pages/index/index  lot=<lotId>                 → pay by plate
 * - exit-lane code   pages/exit/index   lot=<lotId>&lane=<laneId>   → the car at that lane, no typing
 * - entry-lane code  pages/entry/index  lot=<lotId>&lane=<laneId>   → a temporary plate for a car without one
 * - claim code       pages/claim/index  c=<token>                   → claim a merchant's coupon
 * The place arrives as page parameters, a weapp `scene`, or inside the URL of an ordinary QR
 * code (`q`), all read by readScanContext; the claim token the same ways (shared/merchants
 * claimScene). A code for a page we do not know, or with a damaged place, is no target.
 */
export type ScanTarget =
  | { kind: 'inLot'; lotId: string }
  | { kind: 'exitLane'; lotId: string; laneId: string }
  | { kind: 'entryLane'; lotId: string; laneId: string }
  | { kind: 'claim'; token: string };

export const codePages = {
  inLot: 'pages/index/index',
  exitLane: 'pages/exit/index',
  entryLane: 'pages/entry/index',
  claim: 'pages/claim/index',
} as const satisfies Record<ScanTarget['kind'], string>;

const claimTokenPattern = /^[0-9A-Za-z]{22}$/;
const pagePattern = /pages\/[a-z]+\/index/;

const decoded = (text: string): string | null => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
};

const claimTokenOf = (params: EntryParams): string | null => {
  const fromScene = params.scene === undefined ? undefined : parseQuery(decoded(params.scene) ?? '').c;
  const token = fromScene ?? params.c;
  return token !== undefined && claimTokenPattern.test(token) ? token : null;
};

/** The page path and the merged query of a URL or mini-program path (query before or after `#`). */
const pageAndQueryOf = (text: string): { page: string | null; query: Record<string, string> } => {
  const query = text
    .split('#')
    .map((part) => (part.includes('?') ? parseQuery(part.slice(part.indexOf('?') + 1)) : {}))
    .reduce((merged, next) => ({ ...merged, ...next }), {});
  return { page: pagePattern.exec(text)?.[0] ?? null, query };
};

/** What the code that opened `page` with these parameters is for; null when not opened by a code. */
export const scanTargetOf = (page: string, params: EntryParams): ScanTarget | null => {
  // An ordinary QR code's URL names its own page; WeChat may have opened any page for it.
  if (params.q !== undefined) {
    const url = decoded(params.q);
    return url === null ? null : scanTargetOfText(url, page);
  }
  if (page === codePages.claim) {
    const token = claimTokenOf(params);
    return token === null ? null : { kind: 'claim', token };
  }
  const place = readScanContext(params);
  if (place === null) return null;
  if (page === codePages.exitLane || page === codePages.entryLane) {
    if (place.laneId === null) return null;
    return { kind: page === codePages.exitLane ? 'exitLane' : 'entryLane', lotId: place.lotId, laneId: place.laneId };
  }
  return page === codePages.inLot ? { kind: 'inLot', lotId: place.lotId } : null;
};

/**
 * The target of a code's text as the in-app scanner reads it: a printed URL, or a mini-program
 * code's path (`pages/exit/index?scene=…`). A URL without a page (`…/app/?lot=…`) is for
 * `defaultPage`, the page that printed in-lot codes open.
 */
export const scanTargetOfText = (text: string, defaultPage: string = codePages.inLot): ScanTarget | null => {
  const { page, query } = pageAndQueryOf(text.trim());
  const { q: _nested, ...params } = query;
  return scanTargetOf(page ?? defaultPage, params);
};

const queryOf = (target: ScanTarget): string =>
  target.kind === 'claim'
    ? `c=${target.token}`
    : target.kind === 'inLot'
      ? `lot=${target.lotId}`
      : `lot=${target.lotId}&lane=${target.laneId}`;

/** Where the app goes for a target (Taro.navigateTo / redirectTo). */
export const pageUrlOf = (target: ScanTarget): string => `/${codePages[target.kind]}?${queryOf(target)}`;

/** The h5 link a printed code holds for a target, for the app served at `appUrl`. */
export const printedCodeUrl = (appUrl: string, target: ScanTarget): string => `${appUrl.replace(/\/+$/, '')}/#${pageUrlOf(target)}`;
