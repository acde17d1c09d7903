/**
 * Payments, provider-independent: the provider interface and its event and bill types, the
 * refusal error, and the payment order's state machine. Adapters: functions/wechat/pay.
 */
export * from './paymentProvider.js';
export * from './paymentRefused.js';
export * from './paymentOrderState.js';
