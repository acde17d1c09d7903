import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachCoupon, couponPolicySchema, isCouponOpen, type Coupon, type CouponFace } from '../coupons/index.js';
import { isDomainError } from '../errors/index.js';
import {
  adjust,
  availableFen,
  captureOnUse,
  changeBilling,
  foldLedger,
  grantCoupon,
  ledgerEntrySchema,
  openAccount,
  openHolds,
  recharge,
  releaseHold,
  settle,
  type Billing,
  type LedgerEntry,
  type Merchant,
  type MerchantAccount,
} from './index.js';
import { calendar, merchantWith, openSessionOf, staffOf, template, timezone } from './merchantFixtures.test-support.js';

const face: fc.Arbitrary<CouponFace> = fc.oneof(
  fc.integer({ min: 1, max: 600 }).map((value) => ({ kind: 'minutes' as const, value })),
  fc.integer({ min: 1, max: 5000 }).map((value) => ({ kind: 'amount' as const, value })),
  fc.integer({ min: 1, max: 100 }).map((value) => ({ kind: 'percent' as const, value })),
  fc.constant({ kind: 'full' as const }),
);

const billing: fc.Arbitrary<Billing> = fc.oneof(
  fc.constant({ mode: 'prepaid' as const }),
  fc.integer({ min: 0, max: 20_000 }).map((creditLimitFen) => ({ mode: 'credit' as const, creditLimitFen })),
  fc.integer({ min: 0, max: 20_000 }).map((creditLimitFen) => ({ mode: 'both' as const, creditLimitFen })),
);

const pick = fc.nat(); // which coupon, modulo how many there are
const operation = fc.oneof(
  fc.record({ op: fc.constant('recharge' as const), amountFen: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ op: fc.constant('grant' as const), priceFen: fc.integer({ min: 0, max: 4000 }), face, inLot: fc.boolean() }),
  fc.record({ op: fc.constant('grant' as const), priceFen: fc.integer({ min: 0, max: 4000 }), face, inLot: fc.boolean() }),
  fc.record({ op: fc.constant('attach' as const), pick }),
  fc.record({ op: fc.constant('use' as const), pick }),
  fc.record({ op: fc.constant('expire' as const), pick, early: fc.boolean() }),
  fc.record({ op: fc.constant('revoke' as const), pick }),
  fc.record({ op: fc.constant('settle' as const), amountFen: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ op: fc.constant('adjust' as const), amountFen: fc.integer({ min: -5000, max: 5000 }).filter((fen) => fen !== 0) }),
  fc.record({ op: fc.constant('rebill' as const), billing }),
);

const policy = couponPolicySchema.parse({ maxCouponsPerSession: 1000, maxGrantsPerPlatePerMerchantPerDay: 1000 });
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('merchant ledger properties', () => {
  it('for any sequence of movements (refusals skipped): balance = Σ entries, held = Σ open holds, money is conserved', () => {
    fc.assert(
      fc.property(billing, fc.array(operation, { maxLength: 60 }), (initialBilling, operations) => {
        let merchant: Merchant = merchantWith(initialBilling);
        let account: MerchantAccount = openAccount(merchant);
        const entries: LedgerEntry[] = [];
        const coupons = new Map<string, Coupon>();
        const staff = staffOf(merchant);
        let clock = Date.parse('2026-03-01T08:00:00+08:00');
        const tick = () => new Date((clock += 60_000)).toISOString();
        const movement = () => ({ at: tick(), by: 'staff:s-clerk', timezone });
        const nth = (index: number) => [...coupons.values()][index % Math.max(1, coupons.size)];
        const apply = (step: { entries: LedgerEntry[]; nextAccount: MerchantAccount; coupon?: Coupon }) => {
          entries.push(...step.entries);
          account = step.nextAccount;
          if (step.coupon) coupons.set(step.coupon.couponId, step.coupon);
        };
        const attempt = (run: () => void) => {
          try {
            run();
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        };

        for (const [index, step] of operations.entries()) {
          const before = account;
          attempt(() => {
            switch (step.op) {
              case 'recharge':
                return apply(recharge({ account, merchant, amountFen: step.amountFen, ...movement() }));
              case 'grant': {
                const fields = step.face.kind === 'full' ? { kind: 'full' } : { kind: step.face.kind, value: step.face.value };
                const at = tick();
                const grant = grantCoupon({
                  couponId: `c${index}`,
                  template: template({ ...fields, priceFen: step.priceFen }),
                  merchant,
                  account,
                  staff,
                  plate: '粤B12345',
                  at,
                  calendar,
                  policy,
                  openSession: step.inLot ? openSessionOf('粤B12345') : null,
                  todaysGrantsForPlateByMerchant: 0,
                  sessionCoupons: [],
                });
                apply(grant);
                expect(availableFen(account)).toBeGreaterThanOrEqual(0);
                expect(grant.coupon.priceFen).toBeLessThanOrEqual(availableFen(before));
                return;
              }
              case 'attach': {
                const coupon = nth(step.pick);
                if (coupon) coupons.set(coupon.couponId, attachCoupon(coupon, 'session-2'));
                return;
              }
              case 'use': {
                const coupon = nth(step.pick);
                if (coupon) apply(captureOnUse({ account, coupon, ...movement() }));
                return;
              }
              case 'expire': {
                const coupon = nth(step.pick);
                if (!coupon) return;
                const at = step.early ? tick() : coupon.expiresAt;
                return apply(releaseHold({ account, coupon, cause: 'expired', ...movement(), at }));
              }
              case 'revoke': {
                const coupon = nth(step.pick);
                if (coupon) apply(releaseHold({ account, coupon, cause: 'revoked', ...movement() }));
                return;
              }
              case 'settle':
                return apply(settle({ account, amountFen: step.amountFen, ...movement(), by: 'admin:arn' }));
              case 'adjust':
                return apply(adjust({ account, amountFen: step.amountFen, reason: 'correction', ...movement(), by: 'admin:arn' }));
              case 'rebill': {
                const changed = changeBilling(merchant, account, step.billing);
                merchant = changed.merchant;
                account = changed.account;
                return;
              }
            }
          });

          // The account is the fold of its entries; held is the open holds, which are the open coupons.
          expect(foldLedger(entries)).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
          const open = openHolds(entries);
          expect(sum([...open.values()])).toBe(account.heldFen);
          const openCoupons = [...coupons.values()].filter(isCouponOpen);
          expect(new Set(open.keys())).toEqual(new Set(openCoupons.map((coupon) => coupon.couponId)));
          expect(account.heldFen).toBeGreaterThanOrEqual(0);
        }

        const byKind = (kind: LedgerEntry['kind'], field: 'amountFen' | 'heldDeltaFen') =>
          sum(entries.filter((entry) => entry.kind === kind).map((entry) => entry[field]));
        const priceOf = (...statuses: Coupon['status'][]) =>
          sum([...coupons.values()].filter((coupon) => statuses.includes(coupon.status)).map((coupon) => coupon.priceFen));
        // What merchants are charged is what the car park earns: the prices of the used coupons.
        expect(0 - byKind('capture', 'amountFen')).toBe(priceOf('used'));
        // What was released is what expired or was revoked; everything held is accounted for.
        expect(0 - byKind('release', 'heldDeltaFen')).toBe(priceOf('expired', 'revoked'));
        expect(byKind('hold', 'heldDeltaFen')).toBe(priceOf('waiting', 'attached', 'used', 'expired', 'revoked'));
        expect(account.balanceFen).toBe(byKind('recharge', 'amountFen') + byKind('settlement', 'amountFen') + byKind('adjustment', 'amountFen') - priceOf('used'));
        // Per coupon: held = captured + released (or still held).
        for (const coupon of coupons.values()) {
          const mine = entries.filter((entry) => entry.couponId === coupon.couponId);
          expect(mine.filter((entry) => entry.kind === 'hold').map((entry) => entry.heldDeltaFen)).toEqual([coupon.priceFen]);
          const ended = mine.filter((entry) => entry.kind !== 'hold');
          expect(ended.length).toBe(isCouponOpen(coupon) ? 0 : 1);
          expect(sum(mine.map((entry) => entry.heldDeltaFen))).toBe(isCouponOpen(coupon) ? coupon.priceFen : 0);
        }
        // Every entry is a valid, uniquely numbered record in write order.
        for (const entry of entries) expect(ledgerEntrySchema.safeParse(entry).success).toBe(true);
        const numbers = entries.map((entry) => Number(entry.entryId.split('.').pop()));
        expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
        expect(new Set(numbers).size).toBe(numbers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a prepaid merchant’s balance never goes below zero without an admin adjustment', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 3000 }), fc.boolean()), { maxLength: 40 }), (steps) => {
        const merchant = merchantWith({ mode: 'prepaid' });
        let account = openAccount(merchant);
        let at = Date.parse('2026-03-01T08:00:00+08:00');
        const movement = () => ({ at: new Date((at += 60_000)).toISOString(), by: 'staff:s-clerk', timezone });
        for (const [index, [rechargeFen, priceFen, useIt]] of steps.entries()) {
          if (index % 3 === 0) account = recharge({ account, merchant, amountFen: rechargeFen, ...movement() }).nextAccount;
          try {
            const grant = grantCoupon({
              couponId: `c${index}`,
              template: template({ kind: 'minutes', value: 60, priceFen }),
              merchant,
              account,
              staff: staffOf(merchant),
              plate: '粤B12345',
              ...movement(),
              calendar,
              policy,
              openSession: openSessionOf('粤B12345'),
              todaysGrantsForPlateByMerchant: 0,
              sessionCoupons: [],
            });
            account = useIt ? captureOnUse({ account: grant.nextAccount, coupon: grant.coupon, ...movement() }).nextAccount : grant.nextAccount;
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          expect(account.balanceFen).toBeGreaterThanOrEqual(0);
          expect(account.balanceFen - account.heldFen).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
