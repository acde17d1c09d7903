/**
 * Club memberships: the pure core of issue 6 (DESIGN.md "Club membership", journey 6).
 *
 * MODEL. A membership is per plate and lot ("one car, one member": benefits follow the plate the
 * camera reads) and owned by a driver account with a verified phone, up to `maxPlatesPerDriver`
 * live plates. PENDING (awaiting a club admin, when the club asks for approval) → ACTIVE ⇄
 * SUSPENDED → LAPSED | CANCELLED (final; the plate may join again as a new membership, and the
 * old one's points expire). Validity: `coverageMonths` local months from `coverageStartedAt`,
 * then `graceDays`; ACTIVE members renew automatically. Tiers: upgrades as soon as the rolling
 * window qualifies (`tierUpgrade`), changes both ways at the half-yearly review, a downgrade or
 * lapse after `lowActivity.months` consecutive months below `minimumMonthlyVisits`. Points: an
 * immutable ledger; `pointsBalance` on the membership is its sum. Every function returns data;
 * refusals are DomainErrors (FORBIDDEN, CONFLICT with `details.reason`, VALIDATION_FAILED,
 * PRECONDITION_FAILED).
 *
 * ADAPTER (functions/club, DynamoDB). Items (names as in docs/data-model.md):
 * - Membership `pk=LOT#<lotId>#PLATE#<plate>` `sk=MEMBERSHIP` (the plate's current one; one item
 *   per plate is what makes "one plate, one live membership" hold) with `gsi1pk=DRIVER#<driverId>`
 *   `gsi1sk=MEMBERSHIP#<lotId>#<plate>` (a driver's plates) and, while live, the sparse sharded
 *   `gsi2pk=LOT#<lotId>#MEMBERS#<hash(plate) mod 8>` `gsi2sk=<plate>` (the lot's members, for the
 *   schedules and the device snapshot; removed when the membership ends). An ended membership
 *   being replaced is copied to `sk=MEMBERSHIP#ENDED#<membershipId>` in the same transaction.
 * - DriverPlates `pk=DRIVER#<driverId>` `sk=CLUB#<lotId>`: `livePlates` counter.
 * - PointsEntry `pk=MEMBERSHIP#<membershipId>` `sk=POINTS#<entryId>` (the key holds the entry id
 *   only, so a retry with another `at` still collides); statements sort by `at` in memory.
 * - QuotaUsage `pk=MEMBERSHIP#<membershipId>` `sk=QUOTA#<yyyy-mm>`: `quotaMinutesUsed`.
 * - VisitGrant `pk=MEMBERSHIP#<membershipId>` `sk=GRANT#<sessionId>`: the `MemberGrant` recorded.
 * EVERY membership write, points balance included, is conditional on `version = :read` and sets
 * the version + 1 (as `revised` does), so no write loses another's; a failed condition means a
 * concurrent change: reload and decide again (entries are idempotent, so retrying is safe).
 *
 * 1. Join (`joinClub`): load the plate's item and the driver's `livePlates`. On `joined`, ONE
 *    transaction: Put membership with `attribute_not_exists(pk)` (new plate) or `version = :read`
 *    (replacing an ended one, plus its archive copy); Update DriverPlates `ADD livePlates 1`
 *    with `attribute_not_exists(livePlates) OR livePlates < :max` (two concurrent joins of one
 *    driver cannot pass the limit). Ending a membership (cancel, reject, lapse) decrements it in
 *    the same transaction as the membership write.
 * 2. Status changes (approve, reject, cancel, suspend, reinstate, setAutoRedeem) and schedule
 *    results: write `change.membership` with the version condition and, when `change.points`
 *    is set, Put the entry with `attribute_not_exists(pk)` — ONE transaction.
 * 3. Exit and in-lot quote: load the plate's membership, the month's QuotaUsage
 *    (`monthOf(at)`) and `benefitsAt` → pass the grant as `benefits` to decideExit/assessStay;
 *    a quote only shows it. When the amount is first fixed (an exit decision that closes the
 *    session, or the first payment order created for it) record the grant, ONE transaction:
 *    Put VisitGrant `attribute_not_exists(pk)`; Update QuotaUsage `ADD quotaMinutesUsed :m` on
 *    `attribute_not_exists(quotaMinutesUsed) OR quotaMinutesUsed <= :quotaMinusM` (the quota is
 *    never exceeded under concurrency); when `pointsRedeemed` > 0, Put the `redeemPoints` entry
 *    (`redeem.<sessionId>`, `attribute_not_exists`) and Update the membership's balance on its
 *    version. A failed condition: reload and call `benefitsAt` again. A visit's benefits are
 *    fixed at its first settlement: later quotes, orders and the exit of that session reuse
 *    the stored VisitGrant as `benefits` (an unpaid order does not give them back; the session
 *    still owes its fee net of them).
 * 4. Payment credited (notification): `entitledAt` the payment time → `earnEntry` (entry id
 *    `earn.<orderId>`: one earn per payment whatever the retries) + the membership with
 *    `postPoints`' balance on its version, ONE transaction; then `tierUpgrade` over
 *    `qualifyingWindow(at)`. A refund may take the points back with an `adjustmentEntry`
 *    (`adjustment.refund.<refundId>`), refused when they are already spent.
 * 5. Schedules (EventBridge in the cloud, a command locally), per live membership of the lot
 *    (gsi2), with activity summed from the plate's sessions (gsi1; a visit = a session closed in
 *    the interval) and its credited payments:
 *    on the 1st, `monthlyActivityCheck` for the month just ended (and any month missed, in order);
 *    on 1 January and 1 July, `halfYearlyReview` of the half-year just ended; daily,
 *    `expiryCheck`. Each is idempotent (`alreadyChecked`, `alreadyReviewed`, `valid`), so a re-run
 *    or an overlap writes nothing twice.
 * 6. Device config: `memberSnapshot` of each ACTIVE membership of the lot; the lane applies
 *    `offlineFreeMinutes`.
 */
export * from './clubCalendar.js';
export * from './clubConfig.js';
export * from './clubRoles.js';
export * from './clubSchedules.js';
export * from './memberBenefits.js';
export * from './memberCard.js';
export * from './memberSnapshot.js';
export * from './membership.js';
export * from './membershipRequests.js';
export * from './pointsLedger.js';
