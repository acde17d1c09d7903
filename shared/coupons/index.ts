/**
 * Coupons: what a merchant's coupon is and what it does to a stay (issue 5). Who pays for it
 * (accounts, the ledger, grants, claim codes, statements) is shared/merchants.
 *
 * - Templates (`couponTemplateSchema`): `minutes`, `amount`, `percent`, `full`, and
 *   `spendThreshold` (receipt ≥ ¥88 → 120 min, 180 min in the lot's holiday periods). Each has a
 *   price to the merchant, a validity and may be members-only. `resolveTemplate` makes one
 *   concrete for a grant (its face = the fee engine's coupon, and its price).
 * - The lot's calendar (`LotCalendar`): its zone and holiday periods (local dates, inclusive).
 * - A coupon's life (coupon.ts): waiting → attached → used | expired | revoked; its face reaches
 *   the fee engine through `toFeeCoupons(couponsOfSession(coupons, sessionId))`.
 * - Lot policy (`CouponPolicy`): coupons and discount per session, grants per plate per merchant
 *   per day; `attachWaitingCoupons` at a plate's entry.
 *
 * - A visit's end (`settleVisitCoupons`, docs/decisions/0007): the coupons the fee needed are
 *   used (captured), the others end unused (released).
 *
 * ADAPTER (functions/merchants/couponRecords.ts, couponSettlement.ts): coupons are items
 * `pk=SESSION#<sessionId> sk=COUPON#<couponId>` while attached or used, and
 * `pk=LOT#<lotId>#PLATE#<plate> sk=COUPON#<couponId>` while waiting (gsi1 = the plate's coupons by
 * deadline; gsi2 = the lot's open coupons, sharded, for the expiry job and the lane snapshot).
 * - Entry of a plate: the transaction that opens the visit moves the waiting coupons
 *   `attachWaitingCoupons` picks into it (each conditional on still waiting), conditional on the
 *   plate's waiting-set version, so a grant racing the entry is seen or retried.
 * - Exit quote: `toFeeCoupons(couponsOfSession(...))` into `StayTerms.coupons`; the device config
 *   snapshot carries the open coupons so an offline exit honours them.
 * - Session end (exit, payment, staff close, missed exit, offline backlog): in the transaction
 *   that closes it, `settleVisitCoupons` → `captureOnUse` / `releaseHold(unused)`, each coupon
 *   conditional on still attached and each merchant's account on its version.
 * - Expiry job (scheduled): waiting coupons past `expiresAt` → `releaseHold(expired)`; attached
 *   coupons of closed visits a close missed → settled as above. Attached coupons never expire on
 *   their own: they end with their visit.
 */
export * from './coupon.js';
export * from './couponPolicy.js';
export * from './couponRefused.js';
export * from './couponTemplate.js';
export * from './driverCoupons.js';
export * from './laneCoupons.js';
export * from './lotCalendar.js';
export * from './visitSettlement.js';
