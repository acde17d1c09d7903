import Taro from '@tarojs/taro';
import type { Coupon } from '@shared/coupons/coupon.js';
import type { CouponTemplate } from '@shared/coupons/couponTemplate.js';
import type { Billing } from '@shared/merchants/merchant.js';
import type { ClaimCode } from '@shared/merchants/claimCode.js';
import { apiBaseUrl } from '../api/apiBaseUrl.js';
import { ApiError } from '../api/apiRequest.js';
import { currentStaff, merchantRequest, signedOut, signOutStaff } from './staffSession.js';

/** The merchant's money as functions/merchants/recharges.ts `accountView` answers it. */
export interface MerchantAccountView {
  merchantId: string;
  balanceFen: number;
  heldFen: number;
  creditLimitFen: number;
  availableFen: number;
  /** Newer APIs also name the merchant and its billing mode. */
  name?: string;
  billing?: Billing;
}

export interface RecentEntry {
  plate: string;
  enteredAt: string;
}

export interface GrantAnswer {
  coupon: Coupon;
  account: MerchantAccountView;
}

/** A claim code with how many coupons it has given so far. */
export type ClaimCodeView = ClaimCode & { claimedCount?: number };

export interface ClaimCodeRequest {
  templateId: string;
  kind: ClaimCode['kind'];
  quota: number;
  perDriverLimit: number;
  expiresAt: string;
}

export type { Coupon, CouponTemplate };

/** Lists come as `{ <name>: [...] }`; an absent list is an empty one. */
const listOf = <T>(answer: unknown, name: string): T[] => {
  if (Array.isArray(answer)) return answer as T[];
  const list = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[name] : undefined;
  return Array.isArray(list) ? (list as T[]) : [];
};

export const fetchAccount = (): Promise<MerchantAccountView> => merchantRequest<MerchantAccountView>('GET', '/merchant/account');

/** The templates staff may grant now (retired ones are left out by the API). */
export const fetchTemplates = async (): Promise<CouponTemplate[]> =>
  listOf<CouponTemplate>(await merchantRequest<unknown>('GET', '/merchant/templates'), 'templates').filter((template) => template.status !== 'retired');

/** Plates that entered the merchant's lot recently and are still parked, newest first. */
export const fetchRecentEntries = async (): Promise<RecentEntry[]> =>
  listOf<RecentEntry>(await merchantRequest<unknown>('GET', '/merchant/recent-entries'), 'entries');

/** Grants one coupon; the same `attemptKey` again (a double tap, a retry) grants it once. */
export const grantCoupon = (input: { templateId: string; plate: string; receiptFen?: number }, attemptKey: string): Promise<GrantAnswer> =>
  merchantRequest<GrantAnswer>('POST', '/merchant/coupons', { body: input, headers: { 'idempotency-key': attemptKey } });

/** The grants of a local date (`yyyy-mm-dd`), today when absent. */
export const fetchGrants = (date?: string): Promise<{ date: string; coupons: Coupon[] }> =>
  merchantRequest<{ date: string; coupons: Coupon[] }>('GET', `/merchant/coupons${date ? `?date=${date}` : ''}`);

export const revokeCoupon = (couponId: string): Promise<unknown> =>
  merchantRequest<unknown>('POST', `/merchant/coupons/${encodeURIComponent(couponId)}/revoke`, { body: {} });

export const fetchClaimCodes = async (): Promise<ClaimCodeView[]> =>
  listOf<ClaimCodeView>(await merchantRequest<unknown>('GET', '/merchant/claim-codes'), 'codes');

export const createClaimCode = (input: ClaimCodeRequest): Promise<{ code: ClaimCode; scene: string }> =>
  merchantRequest<{ code: ClaimCode; scene: string }>('POST', '/merchant/claim-codes', { body: input });

/**
 * A month's statement CSV as text. Not through apiRequest, which reads every answer as JSON;
 * an error answer is still the API's JSON error body.
 */
export const fetchStatementCsv = async (month: string): Promise<string> => {
  const staff = currentStaff();
  if (staff === null) throw signedOut();
  let response: Taro.request.SuccessCallbackResult<string>;
  try {
    response = await Taro.request<string>({
      url: `${apiBaseUrl()}/merchant/statements/${month}`,
      method: 'GET',
      header: { authorization: `Bearer ${staff.token}` },
      dataType: 'text',
      responseType: 'text',
    });
  } catch {
    throw new ApiError('NETWORK_FAILED', '网络连接失败，请检查网络后重试', null);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data;
  let body: { error?: { code?: string; message?: string; details?: unknown } } = {};
  try {
    body = JSON.parse(response.data) as typeof body;
  } catch {
    // not the API's error body: reported by status below
  }
  if (response.statusCode === 401) signOutStaff();
  const code = (body.error?.code ?? 'BAD_RESPONSE') as ApiError['code'];
  throw new ApiError(code, body.error?.message ?? `服务暂时不可用（HTTP ${response.statusCode}）`, response.statusCode, body.error?.details);
};
