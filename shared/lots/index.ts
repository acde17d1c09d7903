/**
 * Administration of lots (issue 8): lots, lanes and lane devices, tariff publication (validate,
 * preview, publish with an effective time, history) and the audit entry of every administrator
 * action. Adapters: functions/admin.
 */
export * from './adminAudit.js';
export * from './lotSettings.js';
export * from './tariffPublication.js';
