/**
 * Where the API is. The H5 build is served under /app/ by the same origin as the API (the local
 * stack, or the cloud behind one domain), so it calls its own origin. A weapp has no origin of
 * its own; it calls the URL fixed at build time (config/index.ts, PARKADE_API_URL).
 */
export const apiBaseUrl = (): string =>
  process.env.TARO_ENV === 'h5' ? window.location.origin : PARKADE_WEAPP_API_BASE_URL;
