/**
 * The notices staff left for the plates a driver drives (`GET /driver/notices`) and the driver's
 * read marks. Notices are the operators' (functions/operators, in the plate's partition and on
 * gsi1 under `PLATE#<plate>` with `NOTICE#<sentAt UTC>#<noticeId>`); what a driver sees is
 * shared/drivers `driverNoticesOf`.
 *   NoticeRead  pk=DRIVER#<driverId>  sk=NOTICEREAD#<noticeId>   readAt, expiresAt (TTL: the notice's)
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { driverNoticesOf, noticePlatesOf, storedNoticeSchema, type DriverNotice, type StoredNotice } from '../../shared/drivers/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { plateNoticesKey } from '../operators/plateNotice.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { boundPlates, driverPartitionKey } from './driverAccounts.js';

/** Notices kept per plate are few (staff send them by hand, each lives a day); this bounds a read. */
const noticesReadPerPlate = 50;

const temporaryPlatesOf = async (driverId: string): Promise<{ plate: string; issuedAt: string }[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': 'TEMPPLATE#' },
    })
  ).map((item) => ({ plate: String(item.plate), issuedAt: String(item.issuedAt) }));

const noticesOfPlate = async (plate: string): Promise<StoredNotice[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': plateNoticesKey(plate), ':prefix': 'NOTICE#' },
      ScanIndexForward: false,
      Limit: noticesReadPerPlate,
    }),
  );
  return (Items ?? []).flatMap((item) => {
    const parsed = storedNoticeSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
};

const readMarksOf = async (driverId: string): Promise<Set<string>> =>
  new Set(
    (
      await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': driverPartitionKey(driverId), ':prefix': 'NOTICEREAD#' },
        ConsistentRead: true,
      })
    ).map((item) => String(item.noticeId)),
  );

/** Every stored notice of the plates the driver drives. */
const noticesOfDriverPlates = async (driverId: string): Promise<StoredNotice[]> => {
  const [bound, temporary] = await Promise.all([boundPlates(driverId), temporaryPlatesOf(driverId)]);
  const plates = noticePlatesOf(bound.map(({ plate }) => plate), temporary);
  return (await Promise.all(plates.map(noticesOfPlate))).flat();
};

/** The driver's notices in force, newest first. */
export const driverNotices = async (driverId: string, now: Date, limit: number): Promise<DriverNotice[]> => {
  const [notices, readIds] = await Promise.all([noticesOfDriverPlates(driverId), readMarksOf(driverId)]);
  return driverNoticesOf(notices, readIds, now, limit);
};

/** Marks one of the driver's notices in force read (again: it stays read); another driver's is not found. */
export const markNoticeRead = async (driverId: string, noticeId: string, now: Date): Promise<DriverNotice> => {
  const notice = (await noticesOfDriverPlates(driverId)).find((candidate) => candidate.noticeId === noticeId);
  const [shown] = notice ? driverNoticesOf([notice], new Set([noticeId]), now, 1) : [];
  if (notice === undefined || shown === undefined) throw new DomainError('NOT_FOUND', `No notice ${noticeId}`, { noticeId });
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: driverPartitionKey(driverId), sk: `NOTICEREAD#${noticeId}`, entity: 'NoticeRead', driverId, noticeId, readAt: now.toISOString(), expiresAt: notice.expiresAt },
    }),
  );
  return shown;
};
