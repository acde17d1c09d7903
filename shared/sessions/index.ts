/**
 * Parking sessions: the pure core behind the lane devices (issue 3).
 *
 * MODEL. A plate's sessions in a lot are a projection of that plate's recorded events
 * (`PlateEvent`: entries, exits that let the car out, operator closes). `projectSessions` sorts
 * the SET of events canonically (time; entry before exit at the same instant; then ids), drops
 * copies, and folds:
 * - an entry opens a session whose id is `<lotId>.<laneId>.<eventId>` of that entry, so the id
 *   does not depend on arrival order;
 * - another entry within `duplicateReadWindowSeconds` of the open session's entry is the same car
 *   read twice and joins it (`duplicateReads`); a later one closes the open session as
 *   `missedExit` (visible to staff, fee still owed) and opens a new one;
 * - an exit closes the open session entered at or before it; a second exit read soon after joins
 *   the closed session; any other exit is an `unmatchedExit`, which a late-arriving earlier entry
 *   pairs with on the next projection (an offline backlog with the exit first ends the same);
 * - an operator close ends the session it names if that session is still open at that time.
 * Arrival order and duplicates therefore cannot change the outcome, and there is never more than
 * one open session per plate. An online exit that answers `pay` is NOT recorded: the car is still
 * at the barrier. Its exit is recorded when the lane is released (`releaseLane`: after payment
 * or by staff), with the camera's time, so online and offline histories project alike.
 *
 * ADAPTER (functions/): per event, after `verifyDeviceSignature` and `acceptDeviceEvent`:
 * 1. Answer replay: an answer stored under (lane, eventId) is returned as is; nothing is written.
 * 2. Entry: load the plate's stream → `decideEntry`. Exit: `resolveExitPlate` against the lot's
 *    open plates → load the stream of `exitStreamPlate` → `locateExit` → load that session's
 *    coupons, payments, member benefits, the tariff and allow-list → `decideExit`.
 * 3. Write in ONE transaction, conditional on the plate's version (a per-plate head item,
 *    `pk=LOT#<lot>#PLATE#<plate>`, holding `version` and the open session id; a failed condition
 *    means a concurrent event for that plate: reload and decide again): the outcome's `record`
 *    (stream item, `attribute_not_exists`), head version + 1, the sessions from
 *    `diffProjections(before, after)` (re-point coupons/orders of a `removed` session to
 *    `mergedInto`), the answer under (lane, eventId), and the lane presence when the outcome has
 *    one. Events with no record (no plate, online `pay`/`manual`/`deny`) store only the answer.
 * 4. Sessions the projection closed without a camera decision (a late entry pairing an offline
 *    exit, `missedExit`, operator) get what they owe from `assessStay`.
 * 5. A backlog (`/device/events/batch`, mode `offline`) is processed one event at a time in
 *    time order; misread matching against open plates is the one order-sensitive step, which the
 *    time order keeps right within a batch.
 * Nonces are stored after a good signature with `attribute_not_exists` and a TTL of
 * `nonceLifetimeSeconds` (shared/devices).
 */
export * from './decideEntry.js';
export * from './decideExit.js';
export * from './laneDisplay.js';
export * from './laneEvent.js';
export * from './lanePresence.js';
export * from './operatorActions.js';
export * from './plateList.js';
export * from './projectSessions.js';
