import Taro from '@tarojs/taro';
import { apiRequest, ApiError, type ApiRequestOptions } from '../api/apiRequest.js';

/*
 * The signed-in merchant staff member. Their token is kept apart from the driver's
 * (auth/driverLogin.ts): the same phone can be a customer's and a clerk's, and switching
 * between driver and merchant mode signs neither out.
 */

const staffKey = 'parkade.merchantStaff';

export type StaffRole = 'owner' | 'clerk';

export interface StaffSession {
  token: string;
  expiresAt: string;
  login: string;
  merchantId: string;
  staffId: string;
  role: StaffRole;
}

interface LoginAnswer {
  token: string;
  expiresAt: string;
  staff: { kind: 'merchant'; merchantId: string; staffId: string; role: StaffRole };
}

const isStaffSession = (value: unknown): value is StaffSession => {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return (
    ['token', 'expiresAt', 'login', 'merchantId', 'staffId'].every((key) => typeof fields[key] === 'string') &&
    (fields.role === 'owner' || fields.role === 'clerk')
  );
};

/** The kept session while its token has more than a minute left, else null (sign in again). */
export const currentStaff = (): StaffSession | null => {
  const kept: unknown = Taro.getStorageSync(staffKey);
  if (!isStaffSession(kept)) return null;
  return Date.parse(kept.expiresAt) - Date.now() > 60_000 ? kept : null;
};

export const signInStaff = async (login: string, password: string): Promise<StaffSession> => {
  const answer = await apiRequest<LoginAnswer>('POST', '/merchant/login', { body: { login, password } });
  const { merchantId, staffId, role } = answer.staff;
  const session: StaffSession = { token: answer.token, expiresAt: answer.expiresAt, login, merchantId, staffId, role };
  Taro.setStorageSync(staffKey, session);
  return session;
};

export const signOutStaff = (): void => Taro.removeStorageSync(staffKey);

/** Thrown when there is no usable staff token: the page sends the person to the login. */
export const signedOut = (): ApiError => new ApiError('UNAUTHORIZED', '请先登录商户账号', 401);

/** An API call as the signed-in staff member; a token the API refuses signs them out. */
export const merchantRequest = async <T>(method: 'GET' | 'POST', path: string, options: Omit<ApiRequestOptions, 'token'> = {}): Promise<T> => {
  const staff = currentStaff();
  if (staff === null) throw signedOut();
  try {
    return await apiRequest<T>(method, path, { ...options, token: staff.token });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHORIZED') signOutStaff();
    throw error;
  }
};
