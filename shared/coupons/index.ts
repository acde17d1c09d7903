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
 * ADAPTER (functions/): coupons are items `pk=SESSION#<sessionId> sk=COUPON#<couponId>` while
 * attached or used, and `pk=LOT#<lotId>#PLATE#<plate> sk=COUPON#<couponId>` while waiting
 * (gsi1 `LOT#<lotId>#PLATE#<plate>` / `COUPON#<expiresAt>` on both, for "coupons by plate").
 * - Entry of a plate (after the session transaction of shared/sessions): query the plate's
 *   coupons → `attachWaitingCoupons` → per attached coupon, in one transaction, delete the
 *   waiting item (condition `status = waiting`) and put the session item. A coupon that expired
 *   or was revoked meanwhile fails its condition and stays out.
 * - Exit quote: `toFeeCoupons(couponsOfSession(...))` into `StayTerms.coupons`; the device config
 *   snapshot carries the open sessions' attached coupons so an offline exit honours them.
 * - Session end (exit, staff close, missed exit): `couponsAtSessionEnd` with the exit quote's
 *   `grossFee` and exemption → `captureOnUse` for `use`, `releaseHold(expired)` for `expire`,
 *   move `wait` back to the plate. Each is one transaction with the ledger (shared/merchants).
 * - Expiry job (scheduled, e.g. hourly): waiting coupons with `expiresAt` ≤ now →
 *   `releaseHold(cause 'expired')`. Attached coupons never expire on their own: they end with
 *   their session. Run it a little after the deadline (an hour is plenty) so an offline lane's
 *   backlog attaching a coupon before its deadline lands first.
 */
export * from './coupon.js';
export * from './couponPolicy.js';
export * from './couponRefused.js';
export * from './couponTemplate.js';
export * from './lotCalendar.js';
