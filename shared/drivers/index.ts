/**
 * Drivers (issue 4), pure: their identity from WeChat, plates they bind, temporary plates for
 * cars without one, the quote they see and the rule an order must meet, how a payment releases
 * the lane their car waits at, the limit on plate lookups, and the notices staff leave for the
 * plates they drive. Adapters: functions/drivers, functions/payments.
 */
export * from './driverIdentity.js';
export * from './driverQuote.js';
export * from './lanePayment.js';
export * from './lookupLimit.js';
export * from './plateBinding.js';
export * from './temporaryPlate.js';
export * from './driverNotices.js';
export * from './driverHistory.js';
