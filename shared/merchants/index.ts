/**
 * Merchants: accounts, the merchant ledger, grants, claim codes and statements (issue 5). What a
 * coupon is and does to a stay is shared/coupons.
 *
 * MODEL. A merchant (`merchantSchema`: shop unit, billing prepaid | credit | both, status) has
 * staff (owner | clerk) and one account `{ balanceFen, heldFen, creditLimitFen, version }`.
 * Every movement of its money is an immutable `LedgerEntry` (sign convention in ledger.ts); the
 * account is always `foldLedger` of its entries, `heldFen` is the sum of `openHolds`, and per
 * coupon hold = capture + release. A grant holds the coupon's PRICE (what the merchant pays);
 * the driver gets its FACE (minutes, fen, percent, or free) at the exit; a used coupon's price
 * is captured (the car park's income), an expired or revoked one's released. Each transition
 * (`recharge`, `holdForGrant` via `grantCoupon`/`claimCoupon`, `captureOnUse`, `releaseHold`,
 * `settle`, `adjust`) takes the account as read and returns `{ entries, nextAccount }` (and the
 * coupon in its new status), or throws a DomainError with `details.reason`; a refusal writes
 * nothing.
 *
 * ADAPTER (functions/). Items (docs/data-model.md): account `pk=MERCHANT#<id> sk=ACCOUNT`,
 * entries `pk=MERCHANT#<id> sk=LEDGER#<month>#<at UTC>#<entryId>`, claim codes
 * `pk=CLAIM#<token> sk=CLAIM`. Each call below is ONE TransactWriteItems; on a failed condition
 * nothing was written: re-read and call the core again (a refusal then is final).
 * - Every transition: Update the account (created with the merchant by
 *   `openAccount`) to `nextAccount` with `version = :readVersion`; Put each entry with
 *   `attribute_not_exists(pk)`. The version condition serialises a merchant's movements, so
 *   balance, held and the entries can never disagree and two grants cannot both spend the same
 *   money.
 * - `grantCoupon` / `claimCoupon`: plus Put the coupon (`attribute_not_exists(pk)`: the
 *   couponId, e.g. the client's idempotency key, makes a retried grant a no-op); plus the daily
 *   counter `pk=MERCHANT#<id> sk=DAILY#<local date>#<plate>` ADD count 1 with
 *   `attribute_not_exists(pk) OR count < :max` (its count is `todaysGrantsForPlateByMerchant`,
 *   TTL a few days); plus a ConditionCheck/Update on the coupons' holder so two concurrent grants
 *   cannot both pass the session policy: the session's coupon count item
 *   `pk=SESSION#<id> sk=COUPONS` (or the plate's `pk=LOT#<lot>#PLATE#<plate> sk=WAITING`) with
 *   `version = :read`. A claim also Updates the claim code `claimedCount = claimedCount + 1` if
 *   `claimedCount < quota AND status = active`, and the driver's count
 *   `pk=CLAIM#<token> sk=DRIVER#<driverId>` if `attribute_not_exists(pk) OR count < :limit`;
 *   the returned `claimedCount` / `claimsByDriver` are the values written.
 * - `captureOnUse` / `releaseHold`: plus Update the coupon to the returned one with
 *   `#status = :readStatus` (waiting or attached): a coupon is captured or released once, even
 *   when the exit and the expiry job race. Expiry job: coupons/index.ts.
 * - `buildStatement`: query `pk=MERCHANT#<id>`, `sk <= LEDGER#<month>#~` (all months up to it;
 *   a stored opening balance per month is an optimisation for later), load the coupons the
 *   month's entries name (BatchGet), → `statementCsv`. Entries are filed by the month of their
 *   `at` in the lot's zone; `at` is when the movement is recorded (not the exit it follows), so
 *   a closed month's statement never changes.
 * - Amounts, times: integer fen, ISO instants; `by` names the principal (`staff:<id>`,
 *   `driver:<id>`, `admin:<arn>`, `system:expiry`).
 */
export * from './claimCode.js';
export * from './grantCoupon.js';
export * from './ledger.js';
export * from './ledgerRefused.js';
export * from './loginThrottle.js';
export * from './merchant.js';
export * from './merchantAdmin.js';
export * from './statement.js';
export * from './visitHolds.js';
