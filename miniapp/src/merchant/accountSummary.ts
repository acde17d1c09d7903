// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import type { MerchantAccountView } from './merchantApi.js';

/** How the merchant pays for coupons, in words; inferred from the credit limit when the API does not say. */
export const billingModeText = (account: MerchantAccountView): string => {
  const mode = account.billing?.mode ?? (account.creditLimitFen === 0 ? 'prepaid' : account.balanceFen > 0 ? 'both' : 'credit');
  return { prepaid: '预付费', credit: '授信月结', both: '预付费 + 授信' }[mode];
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

/** A warning when the merchant can no longer afford its cheapest coupon, else null. */
export const lowBalanceText = (account: MerchantAccountView, cheapestPriceFen: number | null): string | null => {
  if (account.availableFen <= 0) return '可用额度已用完，请联系停车场管理处充值';
  if (cheapestPriceFen !== null && account.availableFen < cheapestPriceFen) return `可用额度不足 ${formatYuan(cheapestPriceFen)}，无法再发券`;
  return null;
};
