/**
 * Where a day's CSVs are written, chosen by the environment (reportsEnvironment.ts): the S3
 * reports bucket (server-side encrypted) in the cloud, a directory locally. Writing the same
 * day again replaces its files, so a re-run is harmless (the bucket keeps the old version).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tracer } from '../http/observability.js';
import { reportKey, reportsBucketVariable, reportsDirVariable } from './reportsEnvironment.js';

export interface ReportSink {
  /** Writes the CSVs of one lot's day; answers where each went. */
  write(lotId: string, date: string, reports: Record<string, string>): Promise<string[]>;
}

let s3: S3Client | undefined;

const bucketSink = (bucket: string): ReportSink => ({
  write: async (lotId, date, reports) => {
    s3 ??= tracer.captureAWSv3Client(new S3Client({}));
    return Promise.all(
      Object.entries(reports).map(async ([name, csv]) => {
        const key = reportKey(lotId, date, name);
        await s3!.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: csv, ContentType: 'text/csv; charset=utf-8', ServerSideEncryption: 'AES256' }),
        );
        return `s3://${bucket}/${key}`;
      }),
    );
  },
});

const directorySink = (dir: string): ReportSink => ({
  write: async (lotId, date, reports) =>
    Object.entries(reports).map(([name, csv]) => {
      const file = join(dir, reportKey(lotId, date, name).replace(/^reports\//, ''));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, csv);
      return file;
    }),
});

export const reportSink = (environment: NodeJS.ProcessEnv = process.env): ReportSink => {
  const bucket = environment[reportsBucketVariable];
  if (bucket) return bucketSink(bucket);
  const dir = environment[reportsDirVariable];
  if (dir) return directorySink(dir);
  throw new Error(`Reports need ${reportsBucketVariable} (cloud) or ${reportsDirVariable} (local)`);
};
