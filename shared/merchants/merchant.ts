import { z } from 'zod';
import { principalIdSchema, staffRoles } from '../access/principals.js';
import { DomainError } from '../errors/index.js';
import { fenSchema } from '../money/index.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset' });

/**
 * How a merchant pays for coupons. `prepaid`: from a balance it recharges, never below 0.
 * `credit`: it does not prepay; the balance goes negative down to −creditLimitFen and is
 * settled monthly. `both`: a prepaid balance, then credit up to the limit.
 */
export const billingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('prepaid') }),
  z.object({ mode: z.literal('credit'), creditLimitFen: fenSchema }),
  z.object({ mode: z.literal('both'), creditLimitFen: fenSchema }),
]);

export type Billing = z.infer<typeof billingSchema>;

export const merchantSchema = z.object({
  merchantId: principalIdSchema,
  lotId: principalIdSchema,
  name: z.string().trim().min(1).max(60),
  /** Where the shop is in the mall, e.g. "L2-031". */
  shopUnit: z.string().trim().min(1).max(20),
  billing: billingSchema,
  /** A suspended merchant cannot grant; coupons it granted before are still honoured. */
  status: z.enum(['active', 'suspended']),
  createdAt: instant,
});

export type Merchant = z.infer<typeof merchantSchema>;

/** A stored password hash: `scrypt$N$r$p$<salt base64>$<key base64>` (as scripts/local/seedDemoLot.ts writes). */
export const passwordHashSchema = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, {
  message: 'must be an scrypt hash',
});

/**
 * A member of a merchant's staff. They sign in with a login and password, or with WeChat once
 * they have bound their openid by an invite code; owners manage staff and revoke any of the
 * merchant's coupons, clerks grant.
 */
export const staffSchema = z
  .object({
    staffId: principalIdSchema,
    merchantId: principalIdSchema,
    name: z.string().trim().min(1).max(40),
    role: z.enum(staffRoles),
    status: z.enum(['active', 'disabled']),
    login: z.string().regex(/^[a-z0-9._-]{3,40}$/, { message: 'must be 3–40 of a-z 0-9 . _ -' }).optional(),
    passwordHash: passwordHashSchema.optional(),
    /** The WeChat openid bound by invite code. */
    openId: principalIdSchema.optional(),
  })
  .refine((staff) => (staff.login === undefined) === (staff.passwordHash === undefined), {
    message: 'a login needs a password hash and a password hash a login',
    path: ['passwordHash'],
  });

export type Staff = z.infer<typeof staffSchema>;

/**
 * A merchant's money, kept beside its ledger. `balanceFen` is what it has paid in minus what
 * coupons have cost (negative = owed, on credit). `heldFen` is reserved for granted coupons not
 * yet used. `creditLimitFen` is the credit in force (0 when prepaid). `version` goes up by one
 * with every change (each ledger entry, each billing change): every write of the account is
 * conditional on the version it read.
 */
export const merchantAccountSchema = z.object({
  merchantId: principalIdSchema,
  balanceFen: z.int(),
  heldFen: fenSchema,
  creditLimitFen: fenSchema,
  version: z.int().nonnegative(),
});

export type MerchantAccount = z.infer<typeof merchantAccountSchema>;

/** The credit a billing mode grants: none when prepaid. */
export const creditLimitOf = (billing: Billing): number => (billing.mode === 'prepaid' ? 0 : billing.creditLimitFen);

/** A new merchant's account: nothing paid, nothing held. */
export const openAccount = (merchant: Merchant): MerchantAccount => ({
  merchantId: merchant.merchantId,
  balanceFen: 0,
  heldFen: 0,
  creditLimitFen: creditLimitOf(merchant.billing),
  version: 0,
});

/**
 * What the merchant can still grant: balance − held + credit limit. Prepaid: the unreserved
 * balance. Credit: the unused credit (the balance is ≤ 0). Both: the unreserved balance plus the
 * credit. A lowered limit can make it negative: nothing more can be granted until it recovers.
 */
export const availableFen = (account: MerchantAccount): number => account.balanceFen - account.heldFen + account.creditLimitFen;

/**
 * A new billing mode or credit limit (an admin's decision, not a movement of money: no ledger
 * entry). The account's limit follows; the version moves so a concurrent grant re-reads it.
 */
export const changeBilling = (merchant: Merchant, account: MerchantAccount, billing: Billing): { merchant: Merchant; account: MerchantAccount } => {
  if (account.merchantId !== merchant.merchantId) {
    throw new DomainError('VALIDATION_FAILED', 'The account is not this merchant’s', { merchantId: merchant.merchantId, accountOf: account.merchantId });
  }
  const parsed = billingSchema.parse(billing);
  return {
    merchant: { ...merchant, billing: parsed },
    account: { ...account, creditLimitFen: creditLimitOf(parsed), version: account.version + 1 },
  };
};
