/**
 * Choices every stack shares, in one place so a change is one edit.
 */
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The repository root: function entries in functions/routes.ts are relative to it. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

export const serviceName = 'parkade';
export const metricsNamespace = 'Parkade';

/** Long enough to investigate a disputed fee or a month-end reconciliation. */
export const logRetention = RetentionDays.THREE_MONTHS;
