// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import type { MerchantAccountView } from './merchantApi.js';

/**
 * How the merchant pays for coupons, in words. When the API does not name the mode, only what
 * the credit limit shows is said: none means prepaid; with one, credit alone and prepaid plus
 * credit look alike.
 */
export const billingModeText = (account: MerchantAccountView): string => {
  if (account.billing) return { prepaid: '预付费', credit: '授信月结', both: '预付费 + 授信' }[account.billing.mode];
  return account.creditLimitFen === 0 ? '预付费' : '含授信额度';
};

export interface AccountLine {
  label: string;
  value: string;
}

/** The home screen's account lines: balance, held, credit limit, billing mode. */
export const accountLines = (account: MerchantAccountView): AccountLine[] => [
  { label: '账户余额', value: formatYuan(account.balanceFen) },
  { label: '已发未用（冻结）', value: formatYuan(account.heldFen) },
  { label: '授信额度', value: formatYuan(account.creditLimitFen) },
  { label: '结算方式', value: billingModeText(account) },
];

/** A warning when the available amount does not cover a coupon of `priceFen`, else null. */
export const lowBalanceText = (availableFen: number, priceFen: number | null): string | null => {
  if (availableFen <= 0) return '可用额度已用完，请联系停车场管理处充值';
  if (priceFen !== null && availableFen < priceFen) return `可用额度不足 ${formatYuan(priceFen)}，无法发放此券`;
  return null;
};
