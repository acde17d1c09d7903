import { z } from 'zod';
import { principalIdSchema } from '../access/principals.js';
import { couponTemplateSchema, couponExpiresAt, CouponRefused, type CouponTemplate } from '../coupons/index.js';
import { DomainError, parseOrThrow } from '../errors/index.js';
import { fenSchema, formatYuan } from '../money/index.js';
import { LedgerRefused } from './ledgerRefused.js';
import { availableFen, billingSchema, changeBilling, merchantSchema, staffSchema, type Merchant, type MerchantAccount, type Staff } from './merchant.js';

/*
 * What an administrator does to merchants (issue 5, the merchant part of issue 8's admin API):
 * create one, change its name, unit, credit limit or status, manage its staff logins and coupon
 * templates, move its money. Every such action leaves an audit entry in the lot's trail beside
 * the lot administrators' (shared/lots adminAudit.ts): `merchantAdminActions` are the actions.
 */
export const merchantAdminActions = [
  'createMerchant',
  'updateMerchant',
  'createStaff',
  'updateStaff',
  'createTemplate',
  'retireTemplate',
  'rechargeMerchant',
  'settleMerchant',
  'adjustMerchant',
] as const;

export type MerchantAdminAction = (typeof merchantAdminActions)[number];

/**
 * The id of something an admin creates. Names JavaScript gives every object are refused: reports
 * and clients index by these ids, and `__proto__` as a key is a trap there.
 */
export const newIdSchema = principalIdSchema.refine((id) => !['__proto__', 'constructor', 'prototype'].includes(id), { message: 'is a reserved name' });

export const newMerchantSchema = z.object({
  merchantId: newIdSchema,
  lotId: principalIdSchema,
  name: merchantSchema.shape.name,
  shopUnit: merchantSchema.shape.shopUnit,
  billing: billingSchema,
});

export type NewMerchant = z.infer<typeof newMerchantSchema>;

/** A new merchant, active from `at`; its account starts empty (`openAccount`). */
export const createMerchant = (input: NewMerchant, at: string): Merchant => merchantSchema.parse({ ...input, status: 'active', createdAt: at });

export const merchantPatchSchema = z.object({
  name: merchantSchema.shape.name.optional(),
  shopUnit: merchantSchema.shape.shopUnit.optional(),
  /** `suspended` stops its staff granting; `active` lets them again. */
  status: merchantSchema.shape.status.optional(),
  /** Credit and both merchants only. */
  creditLimitFen: fenSchema.optional(),
});

export type MerchantPatch = z.infer<typeof merchantPatchSchema>;

export interface MerchantRevision {
  merchant: Merchant;
  /**
   * The account at the next version when the change matters to grants (credit limit, status):
   * an in-flight grant's account condition then fails and it re-reads the merchant. Else null.
   */
  account: MerchantAccount | null;
  /** The fields that changed, old → new, for the audit entry. */
  changes: Record<string, { from: unknown; to: unknown }>;
}

/**
 * An admin's change to a merchant. A credit limit below what the merchant already uses (owed
 * plus held beyond its balance) is refused: available money would go negative. A prepaid
 * merchant has no credit limit to change.
 */
export const reviseMerchant = (merchant: Merchant, account: MerchantAccount, patch: MerchantPatch): MerchantRevision => {
  let next: Merchant = { ...merchant, ...(patch.name === undefined ? {} : { name: patch.name }), ...(patch.shopUnit === undefined ? {} : { shopUnit: patch.shopUnit }) };
  let nextAccount: MerchantAccount | null = null;
  if (patch.creditLimitFen !== undefined && (merchant.billing.mode === 'prepaid' ? 0 : merchant.billing.creditLimitFen) !== patch.creditLimitFen) {
    if (merchant.billing.mode === 'prepaid') {
      throw new DomainError('VALIDATION_FAILED', 'A prepaid merchant has no credit limit', {
        issues: [{ path: 'body.creditLimitFen', message: 'the merchant is prepaid' }],
      });
    }
    const inUseFen = account.heldFen - account.balanceFen;
    if (patch.creditLimitFen < inUseFen) {
      throw new LedgerRefused(
        'CREDIT_LIMIT_BELOW_USE',
        `The merchant already uses ${formatYuan(inUseFen)} of credit (owed and held); the limit cannot go below that`,
        { creditLimitFen: patch.creditLimitFen, inUseFen, availableFen: availableFen(account) },
      );
    }
    const changed = changeBilling(next, account, { mode: merchant.billing.mode, creditLimitFen: patch.creditLimitFen });
    next = changed.merchant;
    nextAccount = changed.account;
  }
  if (patch.status !== undefined && patch.status !== merchant.status) {
    next = { ...next, status: patch.status };
    nextAccount ??= { ...account, version: account.version + 1 };
  }
  const changes = Object.fromEntries(
    (['name', 'shopUnit', 'status', 'billing'] as const)
      .filter((field) => JSON.stringify(merchant[field]) !== JSON.stringify(next[field]))
      .map((field) => [field, { from: merchant[field], to: next[field] }]),
  );
  // Nothing changed (a retried request): nothing to write, nothing to audit.
  if (Object.keys(changes).length === 0) return { merchant, account: null, changes };
  return { merchant: merchantSchema.parse(next), account: nextAccount, changes };
};

export const newStaffSchema = z.object({
  staffId: newIdSchema,
  name: staffSchema.shape.name,
  role: staffSchema.shape.role,
  login: z.string().regex(/^[a-z0-9._-]{3,40}$/, { message: 'must be 3–40 of a-z 0-9 . _ -' }),
});

export type NewStaff = z.infer<typeof newStaffSchema>;

/** A new staff member of an active or suspended merchant, signing in with `login` and a hashed password. */
export const createStaff = (merchant: Merchant, input: NewStaff, passwordHash: string): Staff =>
  staffSchema.parse({ ...input, merchantId: merchant.merchantId, status: 'active', passwordHash });

/** Disable or enable a member, or give them a new password hash (a reset). */
export const reviseStaff = (staff: Staff, change: { status?: Staff['status'] | undefined; passwordHash?: string | undefined }): Staff => {
  if (change.status === undefined && change.passwordHash === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'Give a status or a new password', { issues: [{ path: 'body', message: 'must change something' }] });
  }
  if (change.passwordHash !== undefined && staff.login === undefined) {
    throw new DomainError('CONFLICT', `${staff.name} signs in with WeChat and has no password`, { reason: 'NO_PASSWORD_LOGIN' });
  }
  return staffSchema.parse({ ...staff, ...(change.status === undefined ? {} : { status: change.status }), ...(change.passwordHash === undefined ? {} : { passwordHash: change.passwordHash }) });
};

/**
 * A new coupon template of a merchant, active. A validity that has already run out (an `until`
 * date in the past, in the lot's zone) is refused: no coupon could ever be granted from it.
 */
export const createTemplate = (merchant: Merchant, fields: Record<string, unknown>, { at, timezone }: { at: string; timezone: string }): CouponTemplate => {
  const template = parseOrThrow(couponTemplateSchema, { ...fields, merchantId: merchant.merchantId, status: 'active' }, 'coupon template');
  couponExpiresAt(template.validity, at, timezone);
  return template;
};

/** Whether staff can grant from a template at `at`: active, and its validity not run out. */
export const grantableNow = (template: CouponTemplate, { at, timezone }: { at: string; timezone: string }): boolean => {
  if (template.status !== 'active') return false;
  try {
    couponExpiresAt(template.validity, at, timezone);
    return true;
  } catch {
    return false;
  }
};

/** A retired template grants no more coupons; those granted stay valid. */
export const retireTemplate = (template: CouponTemplate): CouponTemplate => {
  if (template.status === 'retired') throw new CouponRefused('TEMPLATE_RETIRED', `Template ${template.name} is already retired`, { templateId: template.templateId });
  return { ...template, status: 'retired' };
};
