import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.js';
import { availableFen } from './merchant.js';
import { createMerchant, createTemplate, grantableNow, newMerchantSchema, reviseMerchant, reviseStaff, retireTemplate } from './merchantAdmin.js';
import { accountWith, merchantWith, onCredit, prepaid, staffOf, template, twoHours } from './merchantFixtures.test-support.js';

const reasonOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return (error.details as { reason?: string } | undefined)?.reason ?? error.code;
    throw error;
  }
  return 'accepted';
};

describe('createMerchant', () => {
  it('makes an active merchant and refuses credit billing without a limit', () => {
    const merchant = createMerchant({ merchantId: 'm-new', lotId: 'lot-demo', name: '新店', shopUnit: 'L3-001', billing: { mode: 'prepaid' } }, '2026-03-01T09:00:00+08:00');
    expect(merchant).toMatchObject({ status: 'active', createdAt: '2026-03-01T09:00:00+08:00' });
    expect(() => createMerchant({ merchantId: 'm-new', lotId: 'lot-demo', name: '新店', shopUnit: 'L3-001', billing: { mode: 'credit' } as never }, '2026-03-01T09:00:00+08:00')).toThrow();
  });

  it('refuses ids every JavaScript object already has', () => {
    for (const id of ['__proto__', 'constructor', 'prototype']) expect(newMerchantSchema.safeParse({ merchantId: id, lotId: 'lot-demo', name: '新店', shopUnit: 'L3-001', billing: { mode: 'prepaid' } }).success).toBe(false);
    expect(newMerchantSchema.safeParse({ merchantId: 'proto', lotId: 'lot-demo', name: '新店', shopUnit: 'L3-001', billing: { mode: 'prepaid' } }).success).toBe(true);
  });
});

describe('reviseMerchant', () => {
  it('never leaves less available than zero: a limit below the credit in use is refused, one at or above it taken', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 100_000 }), (balanceFen, heldFen, limit) => {
        const merchant = merchantWith({ mode: 'both', creditLimitFen: 100_000 });
        const account = { ...accountWith(merchant, balanceFen), heldFen, version: 7 };
        const inUse = heldFen - balanceFen;
        const outcome = reasonOf(() => reviseMerchant(merchant, account, { creditLimitFen: limit }));
        if (limit < inUse) return outcome === 'CREDIT_LIMIT_BELOW_USE';
        const { account: next } = reviseMerchant(merchant, account, { creditLimitFen: limit });
        return limit === 100_000 ? next === null : next !== null && next.creditLimitFen === limit && availableFen(next) >= 0 && next.version === 8;
      }),
    );
  });

  it('moves the account version when suspending, not when renaming, and reports what changed', () => {
    const account = accountWith(onCredit);
    const suspended = reviseMerchant(onCredit, account, { status: 'suspended' });
    expect(suspended.merchant.status).toBe('suspended');
    expect(suspended.account?.version).toBe(account.version + 1);
    expect(suspended.changes).toEqual({ status: { from: 'active', to: 'suspended' } });
    const renamed = reviseMerchant(onCredit, account, { name: '喜茶旗舰店' });
    expect(renamed.account).toBeNull();
    expect(renamed.changes).toEqual({ name: { from: '喜茶', to: '喜茶旗舰店' } });
    expect(reviseMerchant(onCredit, account, { name: '喜茶', status: 'active' }).changes).toEqual({});
  });

  it('refuses a credit limit for a prepaid merchant', () => {
    expect(reasonOf(() => reviseMerchant(prepaid, accountWith(prepaid), { creditLimitFen: 1_000 }))).toBe('VALIDATION_FAILED');
  });
});

describe('staff and templates', () => {
  it('resets a password only for a login with one, and needs a change', () => {
    const clerk = { ...staffOf(prepaid), login: 'tea-clerk', passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5' };
    expect(reviseStaff(clerk, { status: 'disabled' }).status).toBe('disabled');
    expect(reasonOf(() => reviseStaff(staffOf(prepaid), { passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5' }))).toBe('NO_PASSWORD_LOGIN');
    expect(reasonOf(() => reviseStaff(clerk, {}))).toBe('VALIDATION_FAILED');
  });

  it('makes a template of the merchant, active; refuses one whose validity is over, and retires once', () => {
    const at = '2026-03-01T09:00:00+08:00';
    const made = createTemplate(prepaid, { templateId: 't-new', name: '减5元', kind: 'amount', value: 500, priceFen: 400, validity: { until: '2026-03-31' }, merchantId: 'other' }, { at, timezone: 'Asia/Shanghai' });
    expect(made).toMatchObject({ merchantId: prepaid.merchantId, status: 'active', membersOnly: false });
    expect(reasonOf(() => createTemplate(prepaid, { templateId: 't-old', name: '旧', kind: 'full', priceFen: 0, validity: { until: '2026-02-28' } }, { at, timezone: 'Asia/Shanghai' }))).toBe('TEMPLATE_EXPIRED');
    expect(reasonOf(() => createTemplate(prepaid, { templateId: 't-bad', name: '坏', kind: 'percent', value: 120, priceFen: 0, validity: { hours: 1 } }, { at, timezone: 'Asia/Shanghai' }))).toBe('VALIDATION_FAILED');
    const retired = retireTemplate(twoHours);
    expect(retired.status).toBe('retired');
    expect(reasonOf(() => retireTemplate(retired))).toBe('TEMPLATE_RETIRED');
  });
});

describe('grantableNow', () => {
  it('offers active templates whose validity has not run out in the lot’s zone', () => {
    const zone = { at: '2026-03-31T23:30:00+08:00', timezone: 'Asia/Shanghai' };
    expect(grantableNow(twoHours, zone)).toBe(true);
    expect(grantableNow(retireTemplate(twoHours), zone)).toBe(false);
    expect(grantableNow(template({ kind: 'full', validity: { until: '2026-03-31' } }), zone)).toBe(true);
    expect(grantableNow(template({ kind: 'full', validity: { until: '2026-03-30' } }), zone)).toBe(false);
  });
});
