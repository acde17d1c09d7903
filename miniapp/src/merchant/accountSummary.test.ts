import { describe, expect, it } from 'vitest';
import { accountLines, billingModeText, lowBalanceText } from './accountSummary.js';

const account = { merchantId: 'm-1', balanceFen: 12_000, heldFen: 1_500, creditLimitFen: 100_000, availableFen: 110_500 };

describe('the merchant home’s account', () => {
  it('balance, held, credit limit and billing mode in yuan and words', () => {
    expect(accountLines({ ...account, billing: { mode: 'both', creditLimitFen: 100_000 } })).toEqual([
      { label: '账户余额', value: '¥120.00' },
      { label: '已发未用（冻结）', value: '¥15.00' },
      { label: '授信额度', value: '¥1000.00' },
      { label: '结算方式', value: '预付费 + 授信' },
    ]);
  });

  it('the billing mode the API names, else what the credit limit implies', () => {
    expect(billingModeText({ ...account, billing: { mode: 'credit', creditLimitFen: 100_000 } })).toBe('授信月结');
    expect(billingModeText({ ...account, creditLimitFen: 0 })).toBe('预付费');
    expect(billingModeText(account)).toBe('含授信额度');
  });

  it('warns when nothing more can be granted', () => {
    expect(lowBalanceText(0, 500)).toBe('可用额度已用完，请联系停车场管理处充值');
    expect(lowBalanceText(300, 500)).toBe('可用额度不足 ¥5.00，无法发放此券');
    expect(lowBalanceText(account.availableFen, 500)).toBeNull();
  });
});
