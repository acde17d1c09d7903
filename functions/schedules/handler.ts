/**
 * The scheduler's Lambda function: EventBridge sends `{ "job": "<name>" }` (infra/stacks/
 * opsStack.ts has the schedules), optionally `lotId` (one lot) and `at` (the instant the job
 * runs as, for a re-run by hand from the console's test event). The job runs for every lot; if
 * any lot failed, the invocation fails at the end, so the function's error alarm and the
 * JobFailures alarm fire while the other lots' work stands.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { principalIdSchema } from '../../shared/access/index.js';
import { parseOrThrow } from '../../shared/errors/index.js';
import { logger, metrics, tracer } from '../http/observability.js';
import { lotJobNames, lotJobs, type LotJobName } from './lotJobs.js';
import { allLotIds, failedLots, runLotJob, type LotOutcome } from './runLotJob.js';

export const scheduledEventSchema = z.object({
  job: z.custom<LotJobName>((name) => typeof name === 'string' && Object.hasOwn(lotJobs, name), { message: `must be one of ${lotJobNames.join(', ')}` }),
  lotId: principalIdSchema.optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

const run = async (event: unknown): Promise<{ job: string; outcomes: LotOutcome[] }> => {
  const { job, lotId, at } = parseOrThrow(scheduledEventSchema, event, 'scheduled event');
  logger.appendKeys({ job });
  const outcomes = await runLotJob(job, lotId === undefined ? await allLotIds() : [lotId], at === undefined ? new Date() : new Date(at));
  const failed = failedLots(outcomes);
  if (failed.length > 0) throw new Error(`${job} failed for ${failed.length} of ${outcomes.length} lots: ${failed.join(', ')}`);
  return { job, outcomes };
};

export const handler = middy(run)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
