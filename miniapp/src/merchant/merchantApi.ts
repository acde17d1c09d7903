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
  /** The billing mode, when the API names it. */
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

/** A claim code as the API shows it: the code, its mini-program scene and how many were claimed. */
export interface ClaimCodeView {
  code: ClaimCode;
  scene: string;
  claimedCount: number;
}

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

/** Takes back a coupon not used yet (owners any of the merchant's, clerks their own); answers it as revoked. */
export const revokeCoupon = (couponId: string): Promise<{ coupon: Coupon; account?: MerchantAccountView }> =>
  merchantRequest<{ coupon: Coupon; account?: MerchantAccountView }>('POST', `/merchant/coupons/${encodeURIComponent(couponId)}/revoke`);

/** The merchant's codes, newest first. */
export const fetchClaimCodes = async (): Promise<ClaimCodeView[]> =>
  listOf<ClaimCodeView>(await merchantRequest<unknown>('GET', '/merchant/claim-codes'), 'claimCodes');

/** Owners only. */
export const createClaimCode = async (input: ClaimCodeRequest): Promise<ClaimCodeView> => ({
  ...(await merchantRequest<Omit<ClaimCodeView, 'claimedCount'>>('POST', '/merchant/claim-codes', { body: input })),
  claimedCount: 0,
});

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

/** h5: hands a file to the browser as a download. */
export const downloadInBrowser = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** The printable PNG of a claim code (the API's QR route): a download on h5, the photo album in WeChat. */
export const saveClaimQrPng = async (token: string): Promise<void> => {
  const staff = currentStaff();
  if (staff === null) throw signedOut();
  const url = `${apiBaseUrl()}/merchant/claim-codes/${token}/qr?size=large`;
  const header = { authorization: `Bearer ${staff.token}` };
  if (process.env.TARO_ENV === 'h5') {
    const response = await fetch(url, { headers: header }).catch(() => null);
    if (response === null) throw new ApiError('NETWORK_FAILED', '网络连接失败，请检查网络后重试', null);
    if (!response.ok) throw new ApiError(response.status === 404 ? 'NOT_FOUND' : 'BAD_RESPONSE', `服务暂时不可用（HTTP ${response.status}）`, response.status);
    downloadInBrowser(await response.blob(), `claim-${token}.png`);
    return;
  }
  const { statusCode, tempFilePath } = await Taro.downloadFile({ url, header });
  if (statusCode !== 200) throw new ApiError('BAD_RESPONSE', `服务暂时不可用（HTTP ${statusCode}）`, statusCode);
  await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath });
  void Taro.showToast({ title: '已保存到相册', icon: 'success' });
};
