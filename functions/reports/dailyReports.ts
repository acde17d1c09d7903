/**
 * A lot's daily reports: built on demand (the admin route) or written by the nightly job for the
 * lot's previous local day (`writeDailyReports`, a LotJob of functions/schedules).
 */
import { dailyReportsCsv, previousLocalDay, type ReportName } from '../../shared/reports/index.js';
import { loadMerchantLot } from '../merchants/merchantRecords.js';
import { paymentProvider } from '../payments/paymentProvider.js';
import type { JobSummary, LotJob } from '../schedules/scheduledJob.js';
import { loadReportInput } from './loadReportInput.js';
import { reportSink } from './reportSink.js';

export const dailyReportsOf = async (lotId: string, date: string): Promise<Record<ReportName, string>> =>
  dailyReportsCsv(await loadReportInput(lotId, date, await paymentProvider()));

/** Writes the reports of the lot's local day before `now` (run after local midnight). */
export const writeDailyReports: LotJob = async (lotId, now): Promise<JobSummary> => {
  const { calendar } = await loadMerchantLot(lotId);
  const date = previousLocalDay(now, calendar.timezone);
  const input = await loadReportInput(lotId, date, await paymentProvider());
  const written = await reportSink().write(lotId, date, dailyReportsCsv(input));
  return { reportsWritten: written.length, reconciliationMismatches: input.mismatches.length };
};
