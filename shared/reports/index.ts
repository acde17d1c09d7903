/**
 * Daily reports of a lot (issue 8): pure builders of their rows and CSV from plain data; the
 * adapter (functions/reports) loads the day's sessions, payments, coupons and reconciliation and
 * writes the CSVs to S3 in the cloud or to .data/reports locally.
 */
export * from './csvTable.js';
export * from './dailyReports.js';
export * from './reportDay.js';
