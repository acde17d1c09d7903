/**
 * Every scheduled job by the name EventBridge and `npm run jobs` call it. Each runs per lot;
 * the domain folders own them (scheduledJob.ts), this table only names them.
 */
import { runHalfYearlyReview, runMembershipExpiry, runMonthlyActivityCheck } from '../club/clubJobs.js';
import { expireCoupons } from '../merchants/couponExpiry.js';
import { recordLotOccupancy } from '../observability/recordOccupancy.js';
import { writeDailyReports } from '../reports/dailyReports.js';
import type { LotJob } from './scheduledJob.js';

export const lotJobs = {
  recordOccupancy: recordLotOccupancy,
  expireCoupons,
  runMembershipExpiry,
  runMonthlyActivityCheck,
  runHalfYearlyReview,
  writeDailyReports,
} satisfies Record<string, LotJob>;

export type LotJobName = keyof typeof lotJobs;

export const lotJobNames = Object.keys(lotJobs) as LotJobName[];
