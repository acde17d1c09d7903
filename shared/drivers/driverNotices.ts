import { z } from 'zod';

/*
 * Staff's notices to the driver of a car (window open, lights on: issue 3), as the driver reads
 * them: the notices of the plates they bound, and of their newest temporary plates, newest
 * first, while a notice still matters (it expires a day after it was sent), each with whether
 * this driver has read it. Read marks are per driver: a family sharing a car each have their own.
 */

/** What is kept of a notice (functions/operators) that a driver may see. */
export const storedNoticeSchema = z.object({
  noticeId: z.string(),
  lotId: z.string(),
  plate: z.string(),
  topic: z.string(),
  text: z.string(),
  sentAt: z.string(),
  /** Epoch seconds after which the notice no longer matters (and storage drops it). */
  expiresAt: z.number().int(),
});

export type StoredNotice = z.infer<typeof storedNoticeSchema>;

export interface DriverNotice {
  noticeId: string;
  lotId: string;
  plate: string;
  topic: string;
  text: string;
  sentAt: string;
  read: boolean;
}

/** Temporary plates are issued anew for each no-plate visit: the newest few are the ones a car may still carry. */
export const watchedTemporaryPlates = 5;

/** The plates whose notices a driver sees: every bound plate and the newest temporary ones. */
export const noticePlatesOf = (bound: readonly string[], temporary: readonly { plate: string; issuedAt: string }[]): string[] => [
  ...new Set([
    ...bound,
    ...[...temporary]
      .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt))
      .slice(0, watchedTemporaryPlates)
      .map(({ plate }) => plate),
  ]),
];

/** The driver's notices still in force at `now`, newest first, at most `limit`, each marked read or not. */
export const driverNoticesOf = (notices: readonly StoredNotice[], readIds: ReadonlySet<string>, now: Date, limit: number): DriverNotice[] => {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const inForce = new Map(notices.filter((notice) => notice.expiresAt > nowSeconds).map((notice) => [notice.noticeId, notice]));
  return [...inForce.values()]
    .sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt) || (a.noticeId < b.noticeId ? 1 : -1))
    .slice(0, limit)
    .map(({ noticeId, lotId, plate, topic, text, sentAt }) => ({ noticeId, lotId, plate, topic, text, sentAt, read: readIds.has(noticeId) }));
};
