import { z } from 'zod';
import { principalIdSchema } from '../access/principals.js';
import { CouponRefused, type CouponTemplate } from '../coupons/index.js';
import { DomainError } from '../errors/index.js';
import { checkMerchantActive } from './ledger.js';
import { LedgerRefused } from './ledgerRefused.js';
import { issueCoupon, type Grant, type IssueInput } from './grantCoupon.js';
import type { Merchant, Staff } from './merchant.js';

/*
 * Self-service claim codes (DESIGN.md journey 5). A code is a 22-character base62 token: 16
 * random bytes (128 bits; 62^22 > 2^130, so every token is exactly 22 characters). The
 * mini-program code carries it as its `scene` (`c=<token>`, 24 of WeChat's 32 characters);
 * the H5 build reads the same from the query string. Codes come `static` (printed, long-lived)
 * or `dynamic` (shown on the clerk's phone, minutes long), each with a quota, an expiry and a
 * per-driver limit. Spend-threshold templates cannot be claimed: only staff can see a receipt.
 */
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const claimTokenBytes = 16;
export const claimTokenLength = 22;

export const claimTokenSchema = z.string().regex(/^[0-9A-Za-z]{22}$/, { message: 'must be a 22-character claim code' });

/** A fresh token from `randomBytes` (node:crypto's in production; the core stays deterministic). */
export const newClaimToken = (randomBytes: (size: number) => Uint8Array): string => {
  const bytes = randomBytes(claimTokenBytes);
  if (bytes.length !== claimTokenBytes) throw new Error(`randomBytes gave ${bytes.length} bytes, not ${claimTokenBytes}`);
  let value = bytes.reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
  let token = '';
  for (let index = 0; index < claimTokenLength; index += 1) {
    token = base62[Number(value % 62n)]! + token;
    value /= 62n;
  }
  return token;
};

/** The mini-program page a claim code opens. */
export const claimPage = 'pages/claim/index';

/** The `scene` of the code's mini-program QR (wxacode.getUnlimited allows 32 characters). */
export const claimScene = (token: string): string => `c=${claimTokenSchema.parse(token)}`;

/** The token in a scanned scene (as WeChat hands it over, possibly URL-encoded), or null. */
export const parseClaimScene = (scene: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return null;
  }
  const match = /^c=([0-9A-Za-z]{22})$/.exec(decoded);
  return match ? match[1]! : null;
};

/** The H5 link for the same code (printed QR images can hold either). */
export const claimUrl = (appUrl: string, token: string): string => `${appUrl.replace(/\/+$/, '')}/#/${claimPage}?${claimScene(token)}`;

/** How long codes may live. */
export const claimCodeLifetimes = { dynamicMaxMinutes: 10, staticMaxDays: 366 } as const;

export const claimCodeSchema = z.object({
  token: claimTokenSchema,
  merchantId: principalIdSchema,
  lotId: principalIdSchema,
  templateId: principalIdSchema,
  kind: z.enum(['static', 'dynamic']),
  /** Claims in all. */
  quota: z.int().min(1).max(100_000),
  /** Claims per driver. */
  perDriverLimit: z.int().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  createdBy: principalIdSchema,
  status: z.enum(['active', 'revoked']),
});

export type ClaimCode = z.infer<typeof claimCodeSchema>;

/** A merchant's staff make a claim code for one of its templates. */
export const createClaimCode = ({
  token,
  template,
  merchant,
  staff,
  kind,
  quota,
  perDriverLimit,
  at,
  expiresAt,
}: {
  token: string;
  template: CouponTemplate;
  merchant: Merchant;
  staff: Staff;
  kind: ClaimCode['kind'];
  quota: number;
  perDriverLimit: number;
  at: string;
  expiresAt: string;
}): ClaimCode => {
  checkMerchantActive(merchant);
  if (staff.merchantId !== merchant.merchantId || template.merchantId !== merchant.merchantId) {
    throw new LedgerRefused('NOT_THIS_MERCHANT', 'Claim codes are made by a merchant’s staff for its own templates', {
      staffId: staff.staffId,
      templateId: template.templateId,
    });
  }
  if (staff.status !== 'active') throw new LedgerRefused('STAFF_DISABLED', `${staff.name} can no longer make claim codes`, { staffId: staff.staffId });
  if (template.status !== 'active') throw new CouponRefused('TEMPLATE_RETIRED', `Template ${template.name} is retired`, { templateId: template.templateId });
  if (template.kind === 'spendThreshold') {
    throw new DomainError('VALIDATION_FAILED', 'Spend-threshold coupons need a receipt: staff grant them by plate', { templateId: template.templateId });
  }
  const lifetime = Date.parse(expiresAt) - Date.parse(at);
  const maxLifetime = kind === 'dynamic' ? claimCodeLifetimes.dynamicMaxMinutes * 60_000 : claimCodeLifetimes.staticMaxDays * 86_400_000;
  if (!(lifetime > 0 && lifetime <= maxLifetime)) {
    throw new DomainError('VALIDATION_FAILED', `A ${kind} code must expire after it is made and within ${kind === 'dynamic' ? `${claimCodeLifetimes.dynamicMaxMinutes} minutes` : `${claimCodeLifetimes.staticMaxDays} days`}`, {
      expiresAt,
    });
  }
  if (perDriverLimit > quota) throw new DomainError('VALIDATION_FAILED', 'The per-driver limit cannot exceed the quota', { quota, perDriverLimit });
  return claimCodeSchema.parse({
    token,
    merchantId: merchant.merchantId,
    lotId: merchant.lotId,
    templateId: template.templateId,
    kind,
    quota,
    perDriverLimit,
    createdAt: at,
    expiresAt,
    createdBy: staff.staffId,
    status: 'active',
  });
};

export const claimRefusalCodes = ['CLAIM_CODE_REVOKED', 'CLAIM_CODE_EXPIRED', 'CLAIM_QUOTA_EXHAUSTED', 'CLAIM_PER_DRIVER_LIMIT'] as const;
export type ClaimRefusal = (typeof claimRefusalCodes)[number];

export class ClaimRefused extends DomainError {
  constructor(
    readonly reason: ClaimRefusal,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super('CONFLICT', message, { reason, ...details });
    this.name = 'ClaimRefused';
  }
}

export interface Claim extends Grant {
  /** The code's claim count after this one (write conditional on `claimedCount < quota`). */
  claimedCount: number;
  /** This driver's claims on the code after this one (write conditional on `< perDriverLimit`). */
  claimsByDriver: number;
}

/**
 * A driver claims a coupon with a scanned code (journey 5): it lands on the plate's open
 * session, or waits for its next one. Refused when the code is revoked or expired, its quota
 * is used up, the driver has reached the per-driver limit, or for any reason a grant is.
 */
export const claimCoupon = ({
  code,
  driver,
  claimsByDriver,
  claimedCount,
  ...input
}: Omit<IssueInput, 'receiptFen'> & {
  code: ClaimCode;
  driver: { driverId: string };
  /** This driver's claims on this code so far. */
  claimsByDriver: number;
  /** The code's claims so far. */
  claimedCount: number;
}): Claim => {
  const { template, merchant, at } = input;
  if (code.merchantId !== merchant.merchantId || code.templateId !== template.templateId) {
    throw new DomainError('VALIDATION_FAILED', 'The claim code names another merchant or template', { token: code.token });
  }
  if (code.status !== 'active') throw new ClaimRefused('CLAIM_CODE_REVOKED', 'This code has been withdrawn by the shop');
  if (Date.parse(at) >= Date.parse(code.expiresAt)) {
    throw new ClaimRefused('CLAIM_CODE_EXPIRED', `This code expired at ${code.expiresAt}`, { expiresAt: code.expiresAt });
  }
  if (claimedCount >= code.quota) throw new ClaimRefused('CLAIM_QUOTA_EXHAUSTED', 'All coupons of this code have been claimed', { quota: code.quota });
  if (claimsByDriver >= code.perDriverLimit) {
    throw new ClaimRefused('CLAIM_PER_DRIVER_LIMIT', `Each driver may claim ${code.perDriverLimit} of these`, { perDriverLimit: code.perDriverLimit });
  }
  const grant = issueCoupon({ ...input, grantedBy: { kind: 'claim', token: code.token, driverId: driver.driverId } });
  return { ...grant, claimedCount: claimedCount + 1, claimsByDriver: claimsByDriver + 1 };
};
