/**
 * One scheduled job over lots: each lot on its own, one after another (a lot's failure is logged
 * and counted, and the next lot still runs), every outcome logged and measured (JobFailures is
 * what the job alarm watches). The caller decides what a failure means: the Lambda handler
 * fails the invocation, the local command exits non-zero.
 */
import { logger } from '../http/observability.js';
import { recordJobRun } from '../observability/parkadeMetrics.js';
import { queryAll } from '../store/queryAll.js';
import { lotJobs, type LotJobName } from './lotJobs.js';
import type { JobSummary } from './scheduledJob.js';

export type LotOutcome = { lotId: string; summary: JobSummary } | { lotId: string; error: string };

/** Every lot's id, from gsi1 (`gsi1pk=LOTS`, `gsi1sk=<lotId>`). */
export const allLotIds = async (): Promise<string[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :lots',
      ExpressionAttributeValues: { ':lots': 'LOTS' },
      ProjectionExpression: 'gsi1sk',
    })
  ).map((item) => String(item.gsi1sk));

export const runLotJob = async (job: LotJobName, lotIds: readonly string[], now: Date): Promise<LotOutcome[]> => {
  const outcomes: LotOutcome[] = [];
  for (const lotId of lotIds) {
    const startedAt = Date.now();
    try {
      const summary = await lotJobs[job](lotId, now);
      recordJobRun(job, lotId, { summary });
      logger.info('Job ran', { job, lotId, at: now.toISOString(), summary, durationMs: Date.now() - startedAt });
      outcomes.push({ lotId, summary });
    } catch (error) {
      recordJobRun(job, lotId, { failed: true });
      logger.error('Job failed', { job, lotId, at: now.toISOString(), error: error as Error });
      outcomes.push({ lotId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
};

export const failedLots = (outcomes: readonly LotOutcome[]): string[] => outcomes.flatMap((outcome) => ('error' in outcome ? [outcome.lotId] : []));
