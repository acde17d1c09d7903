/**
 * A scheduled job of one lot (EventBridge in the cloud, `npm run jobs` locally): expiries,
 * membership reviews, daily reports. Each is idempotent, so a re-run or an overlap with the
 * previous run writes nothing twice; it answers counts of what it did, for the log and metrics.
 */
export type JobSummary = Record<string, number>;

export type LotJob = (lotId: string, now: Date) => Promise<JobSummary>;
