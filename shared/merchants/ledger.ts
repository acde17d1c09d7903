import { z } from 'zod';
import { principalIdSchema } from '../access/principals.js';
import { endUnusedCoupon, expireCoupon, localMonth, revokeCoupon, useCoupon, type Coupon } from '../coupons/index.js';
import { DomainError } from '../errors/index.js';
import { formatYuan } from '../money/index.js';
import { LedgerRefused } from './ledgerRefused.js';
import { availableFen, type Merchant, type MerchantAccount } from './merchant.js';

/*
 * The merchant ledger: every movement of a merchant's money is one immutable entry, and the
 * account is the fold of its entries. Sign convention, per entry:
 *   amountFen    = the signed change of the BALANCE (+ money in, − money the car park earns)
 *   heldDeltaFen = the signed change of the HELD amount (+ reserved, − reservation ended)
 *
 *   kind        amountFen   heldDeltaFen   couponId
 *   recharge    +a          0              –          money paid in ahead (prepaid, both)
 *   hold        0           +price         ✓          a coupon granted
 *   capture     −price      −price         ✓          the coupon used: the car park earns its price
 *   release     0           −price         ✓          the coupon expired, was revoked, or its visit did not need it (reason)
 *   settlement  +a          0              –          money paid in against what is owed
 *   adjustment  ±a          0              –          an admin's correction (reason required)
 *
 * So balance = Σ amountFen and held = Σ heldDeltaFen; per coupon, hold = capture + release.
 */
export const ledgerKinds = ['recharge', 'hold', 'capture', 'release', 'settlement', 'adjustment'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** Why a hold was released: its deadline passed unattached, the merchant took it back, or its visit did not need it. */
export const releaseCauses = ['expired', 'revoked', 'unused'] as const;
export type ReleaseCause = (typeof releaseCauses)[number];

export const ledgerEntrySchema = z
  .object({
    /** `<merchantId>.<account version after it>`: unique, and in the order the entries were written. */
    entryId: z.string().min(1),
    merchantId: principalIdSchema,
    kind: z.enum(ledgerKinds),
    amountFen: z.int(),
    heldDeltaFen: z.int(),
    couponId: principalIdSchema.optional(),
    at: z.iso.datetime({ offset: true }),
    /** Who moved it: `staff:<id>`, `driver:<id>` (a claim), `admin:<arn>`, `system:<job>`. */
    by: z.string().min(1).max(300),
    /** Required for adjustments; `expired`/`revoked` on releases. */
    reason: z.string().min(1).max(200).optional(),
    /** `yyyy-mm` of `at` in the lot's zone: the statement the entry belongs to. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  })
  .superRefine((entry, context) => {
    const problem = entryShapeProblem(entry);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

type EntryShape = Pick<LedgerEntry, 'kind' | 'amountFen' | 'heldDeltaFen' | 'couponId' | 'reason'>;

/** The sign convention above, as a check. */
const entryShapeProblem = ({ kind, amountFen, heldDeltaFen, couponId, reason }: EntryShape): string | null => {
  const forCoupon = kind === 'hold' || kind === 'capture' || kind === 'release';
  if (forCoupon !== (couponId !== undefined)) return `a ${kind} entry ${forCoupon ? 'needs' : 'has no'} couponId`;
  switch (kind) {
    case 'recharge':
    case 'settlement':
      return amountFen > 0 && heldDeltaFen === 0 ? null : `a ${kind} adds a positive amount to the balance only`;
    case 'adjustment':
      if (reason === undefined) return 'an adjustment needs a reason';
      return amountFen !== 0 && heldDeltaFen === 0 ? null : 'an adjustment changes the balance only, by a non-zero amount';
    case 'hold':
      return amountFen === 0 && heldDeltaFen >= 0 ? null : 'a hold reserves its price without touching the balance';
    case 'capture':
      return amountFen === heldDeltaFen && amountFen <= 0 ? null : 'a capture takes its price off both balance and held';
    case 'release':
      if (!releaseCauses.includes(reason as ReleaseCause)) return 'a release gives its cause as reason';
      return amountFen === 0 && heldDeltaFen <= 0 ? null : 'a release ends a reservation without touching the balance';
  }
};

/** The balance and held amount the entries add up to. */
export const foldLedger = (entries: readonly Pick<LedgerEntry, 'amountFen' | 'heldDeltaFen'>[]): { balanceFen: number; heldFen: number } =>
  entries.reduce(
    (account, entry) => ({ balanceFen: account.balanceFen + entry.amountFen, heldFen: account.heldFen + entry.heldDeltaFen }),
    { balanceFen: 0, heldFen: 0 },
  );

/** Holds not yet captured or released, by coupon id → price. Their sum is the account's `heldFen`. */
export const openHolds = (entries: readonly LedgerEntry[]): Map<string, number> => {
  const open = new Map<string, number>();
  for (const entry of entries) {
    if (entry.couponId === undefined) continue;
    if (entry.kind === 'hold') open.set(entry.couponId, entry.heldDeltaFen);
    else open.delete(entry.couponId);
  }
  return open;
};

/** When, by whom, and in which zone a movement happens. */
export interface Movement {
  at: string;
  by: string;
  /** The lot's zone: it files the entry under its local month. */
  timezone: string;
}

export interface LedgerStep {
  entries: LedgerEntry[];
  nextAccount: MerchantAccount;
}

export interface CouponLedgerStep extends LedgerStep {
  /** The coupon in its new status: write it with the entry, conditional on its old status. */
  coupon: Coupon;
}

const post = (account: MerchantAccount, shape: EntryShape, { at, by, timezone }: Movement): LedgerStep => {
  const version = account.version + 1;
  const entry = ledgerEntrySchema.parse({
    entryId: `${account.merchantId}.${version}`,
    merchantId: account.merchantId,
    ...shape,
    at,
    by,
    month: localMonth(at, timezone),
  });
  return {
    entries: [entry],
    nextAccount: {
      ...account,
      balanceFen: account.balanceFen + entry.amountFen,
      heldFen: account.heldFen + entry.heldDeltaFen,
      version,
    },
  };
};

const positive = (amountFen: number, what: string) => {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new DomainError('VALIDATION_FAILED', `A ${what} must be a positive whole number of fen`, { amountFen });
  }
};

const sameMerchant = (account: MerchantAccount, merchantId: string, what: string) => {
  if (account.merchantId !== merchantId) {
    throw new LedgerRefused('NOT_THIS_MERCHANT', `This ${what} belongs to another merchant`, { merchantId: account.merchantId, owner: merchantId });
  }
};

/** Money paid in ahead. A credit-only merchant pays in by `settle` instead. */
export const recharge = ({ account, merchant, amountFen, ...movement }: { account: MerchantAccount; merchant: Merchant; amountFen: number } & Movement): LedgerStep => {
  sameMerchant(account, merchant.merchantId, 'account');
  positive(amountFen, 'recharge');
  if (merchant.billing.mode === 'credit') {
    throw new LedgerRefused('RECHARGE_NOT_ALLOWED', 'A credit merchant pays by settlement, not recharge', { billing: 'credit' });
  }
  return post(account, { kind: 'recharge', amountFen, heldDeltaFen: 0 }, movement);
};

/** A suspended merchant cannot grant. */
export const checkMerchantActive = (merchant: Merchant): void => {
  if (merchant.status !== 'active') {
    throw new LedgerRefused('MERCHANT_SUSPENDED', `Merchant ${merchant.name} is suspended and cannot grant coupons`, { merchantId: merchant.merchantId });
  }
};

/**
 * Reserves a newly granted coupon's price. Refused for a suspended merchant, or when the price
 * is more than what is available (balance − held + credit): then nothing may be written.
 */
export const holdForGrant = ({ account, merchant, coupon, ...movement }: { account: MerchantAccount; merchant: Merchant; coupon: Coupon } & Movement): LedgerStep => {
  sameMerchant(account, merchant.merchantId, 'account');
  sameMerchant(account, coupon.merchantId, 'coupon');
  checkMerchantActive(merchant);
  const available = availableFen(account);
  if (coupon.priceFen > available) {
    throw new LedgerRefused(
      'INSUFFICIENT_FUNDS',
      `The coupon costs ${formatYuan(coupon.priceFen)} but only ${formatYuan(Math.max(0, available))} is available`,
      { priceFen: coupon.priceFen, availableFen: available, shortfallFen: coupon.priceFen - available },
    );
  }
  return post(account, { kind: 'hold', amountFen: 0, heldDeltaFen: coupon.priceFen, couponId: coupon.couponId }, movement);
};

/** The coupon was used: its price moves from held to the car park. Refused unless it is attached. */
export const captureOnUse = ({ account, coupon, ...movement }: { account: MerchantAccount; coupon: Coupon } & Movement): CouponLedgerStep => {
  sameMerchant(account, coupon.merchantId, 'coupon');
  const used = useCoupon(coupon, movement.at);
  return {
    // 0 − price, not −price: a free coupon's entries hold 0, never −0.
    ...post(account, { kind: 'capture', amountFen: 0 - coupon.priceFen, heldDeltaFen: 0 - coupon.priceFen, couponId: coupon.couponId }, movement),
    coupon: used,
  };
};

/** The coupon expired (at or after its deadline), was revoked, or ended unused: its price is free again. */
export const releaseHold = ({
  account,
  coupon,
  cause,
  ...movement
}: { account: MerchantAccount; coupon: Coupon; cause: ReleaseCause } & Movement): CouponLedgerStep => {
  sameMerchant(account, coupon.merchantId, 'coupon');
  const ended = { expired: expireCoupon, revoked: revokeCoupon, unused: endUnusedCoupon }[cause](coupon, movement.at);
  return {
    ...post(account, { kind: 'release', amountFen: 0, heldDeltaFen: 0 - coupon.priceFen, couponId: coupon.couponId, reason: cause }, movement),
    coupon: ended,
  };
};

/** What a merchant owes: the negative part of its balance. */
export const amountDueFen = (account: Pick<MerchantAccount, 'balanceFen'>): number => Math.max(0, -account.balanceFen);

/**
 * Money paid in against what is owed; never more than that (money paid ahead is a recharge).
 * `reference` (the bank transfer's, say) is kept as the entry's reason.
 */
export const settle = ({
  account,
  amountFen,
  reference,
  ...movement
}: { account: MerchantAccount; amountFen: number; reference?: string | undefined } & Movement): LedgerStep => {
  positive(amountFen, 'settlement');
  const due = amountDueFen(account);
  if (amountFen > due) {
    throw new LedgerRefused('SETTLEMENT_EXCEEDS_DUE', `The merchant owes ${formatYuan(due)}, less than ${formatYuan(amountFen)}`, {
      amountFen,
      dueFen: due,
    });
  }
  return post(account, { kind: 'settlement', amountFen, heldDeltaFen: 0, ...(reference === undefined ? {} : { reason: reference }) }, movement);
};

/**
 * An admin's correction of the balance, either way, with a reason. It records a fact, so it is
 * not refused for lack of funds: a negative result is owed like credit.
 */
export const adjust = ({ account, amountFen, reason, ...movement }: { account: MerchantAccount; amountFen: number; reason: string } & Movement): LedgerStep => {
  if (!Number.isSafeInteger(amountFen) || amountFen === 0) {
    throw new DomainError('VALIDATION_FAILED', 'An adjustment must be a non-zero whole number of fen', { amountFen });
  }
  if (reason.trim() === '') throw new DomainError('VALIDATION_FAILED', 'An adjustment needs a reason', {});
  return post(account, { kind: 'adjustment', amountFen, heldDeltaFen: 0, reason: reason.trim() }, movement);
};
