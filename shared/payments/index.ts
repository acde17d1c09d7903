/**
 * Payments, provider-independent: the provider interface and its event and bill types, the
 * refusal error, the payment order's state machine, the order and refund rules, the daily
 * reconciliation, and payment codes charged at the exit lane. Adapters: functions/wechat/pay, functions/payments.
 */
export * from './paymentProvider.js';
export * from './paymentRefused.js';
export * from './paymentOrderState.js';
export * from './paymentOrder.js';
export * from './reconcileDay.js';
export * from './lanePayment.js';
