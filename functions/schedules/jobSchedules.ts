/**
 * When each scheduled job runs, and the scheduler function's settings, as plain data: the ops
 * stack makes one EventBridge Scheduler schedule per entry (in the lots' time zone) sending
 * `{ "job": <name> }` to functions/schedules/handler.ts; docs/operations.md explains each.
 */
import type { FunctionGroup } from '../routes.js';
import type { LotJobName } from './lotJobs.js';

/** Parkade's lots are in China; schedules fire by Beijing's clock (no daylight saving). */
export const scheduleTimeZone = 'Asia/Shanghai';

export interface JobSchedule {
  job: LotJobName;
  /** An EventBridge Scheduler expression, `cron(…)` or `rate(…)`, in scheduleTimeZone. */
  expression: string;
  /** Why it runs then, for the schedule's description. */
  description: string;
}

export const jobSchedules: JobSchedule[] = [
  { job: 'recordOccupancy', expression: 'rate(5 minutes)', description: 'The Occupancy gauge of each lot: its open sessions, every 5 minutes' },
  {
    job: 'expireCoupons',
    expression: 'cron(5 * * * ? *)',
    description: 'Waiting coupons past their deadline released to their merchants, hourly at :05 (a little after the deadline, for offline backlogs)',
  },
  { job: 'runMembershipExpiry', expression: 'cron(15 0 * * ? *)', description: 'Memberships past their validity end, daily at 00:15' },
  { job: 'runMonthlyActivityCheck', expression: 'cron(0 1 1 * ? *)', description: "Members' activity of the month just ended, at 01:00 on the 1st" },
  { job: 'runHalfYearlyReview', expression: 'cron(0 2 1 1,7 ? *)', description: 'Tier review of the half-year just ended, at 02:00 on 1 January and 1 July' },
  {
    job: 'writeDailyReports',
    expression: 'cron(30 10 * * ? *)',
    description: "Yesterday's reports of each lot, at 10:30 Beijing time: WeChat Pay publishes the previous day's trade bill around 10:00",
  },
];

/** The scheduler's function: a whole run over every lot (a day's reports scan each lot) within 5 minutes. */
export const schedulerFunction: FunctionGroup = {
  entry: 'functions/schedules/handler.ts',
  memorySize: 512,
  timeoutSeconds: 300,
  description: 'Scheduled jobs of every lot: occupancy, coupon expiry, club reviews and expiry, daily reports',
  secrets: ['weChatPay'],
};
