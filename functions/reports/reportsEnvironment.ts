/**
 * Where daily reports go; plain names with no imports, so CDK and the local tools can set them
 * without loading the functions' code.
 *
 *   PARKADE_REPORTS_BUCKET   in the cloud: the ops stack's reports bucket
 *   PARKADE_REPORTS_DIR      locally: a directory (npm run jobs uses .data/reports)
 */
export const reportsBucketVariable = 'PARKADE_REPORTS_BUCKET';
export const reportsDirVariable = 'PARKADE_REPORTS_DIR';

/** A report's key in the bucket, or its path under the local directory. */
export const reportKey = (lotId: string, date: string, name: string): string => `reports/${lotId}/${date}/${name}.csv`;
