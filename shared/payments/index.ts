/**
 * Payments, provider-independent: the provider interface and its event and bill types, the
 * refusal error, the payment order's state machine, the order and refund rules, and the daily
 * reconciliation. Adapters: functions/wechat/pay, functions/payments.
 */
export * from './paymentProvider.js';
export * from './paymentRefused.js';
export * from './paymentOrderState.js';
export * from './paymentOrder.js';
export * from './reconcileDay.js';
