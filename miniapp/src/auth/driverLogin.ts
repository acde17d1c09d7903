import Taro from '@tarojs/taro';
import { apiRequest, ApiError, type ApiRequestOptions } from '../api/apiRequest.js';

/*
 * The driver's sign-in. In WeChat the login code comes from `Taro.login`; a browser has no
 * WeChat, so the h5 build makes up a code once and keeps it: the local login simulator maps a
 * code's `<who>` (the part before the first "-") to the same openid every time, so the same
 * browser stays the same driver, and another browser is another driver.
 */

const tokenKey = 'parkade.driverToken';
const h5CodeKey = 'parkade.h5LoginCode';

interface StoredToken {
  token: string;
  expiresAt: string;
}

interface LoginAnswer extends StoredToken {
  driver: { driverId: string; phone: string | null; plates: string[] };
}

const h5LoginCode = (): string => {
  const kept: unknown = Taro.getStorageSync(h5CodeKey);
  if (typeof kept === 'string' && kept !== '') return kept;
  const code = `h5${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}-login`;
  Taro.setStorageSync(h5CodeKey, code);
  return code;
};

/** h5's stand-in for WeChat's phone-number button: the simulator gives each `<who>` its own number. */
export const simulatedPhoneCode = (): string => `${h5LoginCode().split('-', 1)[0]}-phone`;

const weChatLoginCode = async (): Promise<string> =>
  process.env.TARO_ENV === 'h5' ? h5LoginCode() : (await Taro.login()).code;

// Refresh a minute early so that a token never expires between reading it and the API checking it.
const isFresh = (stored: StoredToken): boolean => Date.parse(stored.expiresAt) - Date.now() > 60_000;

const storedToken = (): StoredToken | null => {
  const kept: unknown = Taro.getStorageSync(tokenKey);
  if (typeof kept !== 'object' || kept === null || !('token' in kept) || !('expiresAt' in kept)) return null;
  const { token, expiresAt } = kept;
  return typeof token === 'string' && typeof expiresAt === 'string' ? { token, expiresAt } : null;
};

let signingIn: Promise<string> | null = null;

/** The driver's token: the kept one while fresh, else a new login (one at a time). */
export const driverToken = (): Promise<string> => {
  const kept = storedToken();
  if (kept && isFresh(kept)) return Promise.resolve(kept.token);
  signingIn ??= (async () => {
    try {
      const answer = await apiRequest<LoginAnswer>('POST', '/driver/login', { body: { code: await weChatLoginCode() } });
      Taro.setStorageSync(tokenKey, { token: answer.token, expiresAt: answer.expiresAt });
      return answer.token;
    } finally {
      signingIn = null;
    }
  })();
  return signingIn;
};

/** An API call as the signed-in driver; a token the API no longer accepts is replaced once. */
export const driverRequest = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: Omit<ApiRequestOptions, 'token'> = {}): Promise<T> => {
  try {
    return await apiRequest<T>(method, path, { ...options, token: await driverToken() });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHORIZED') throw error;
    Taro.removeStorageSync(tokenKey);
    return apiRequest<T>(method, path, { ...options, token: await driverToken() });
  }
};
