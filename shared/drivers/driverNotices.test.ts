import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { driverNoticesOf, noticePlatesOf, watchedTemporaryPlates, type StoredNotice } from './driverNotices.js';

const now = new Date('2026-03-01T12:00:00+08:00');
const nowSeconds = now.getTime() / 1000;
const notice = (noticeId: string, sentAt: string, expiresAt = nowSeconds + 3600): StoredNotice => ({
  noticeId,
  lotId: 'lot-demo',
  plate: '粤B12345',
  topic: 'windowOpen',
  text: '您的车窗未关',
  sentAt,
  expiresAt,
});

describe('the notices a driver sees', () => {
  it('are those still in force, newest first, each once, with their read mark', () => {
    const older = notice('n-1', '2026-03-01T10:00:00+08:00');
    const newer = notice('n-2', '2026-03-01T11:00:00+08:00');
    const expired = notice('n-0', '2026-02-28T10:00:00+08:00', nowSeconds);
    expect(driverNoticesOf([older, expired, newer, older], new Set(['n-1']), now, 10)).toEqual([
      { noticeId: 'n-2', lotId: 'lot-demo', plate: '粤B12345', topic: 'windowOpen', text: '您的车窗未关', sentAt: newer.sentAt, read: false },
      { noticeId: 'n-1', lotId: 'lot-demo', plate: '粤B12345', topic: 'windowOpen', text: '您的车窗未关', sentAt: older.sentAt, read: true },
    ]);
  });

  it('never exceed the limit, never repeat, and are ordered newest first', () => {
    const sentAt = fc.integer({ min: 0, max: 86_400 }).map((offset) => new Date(now.getTime() - offset * 1000).toISOString());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), sentAt)), fc.integer({ min: 1, max: 20 }), (raw, limit) => {
        const shown = driverNoticesOf(raw.map(([id, at]) => notice(`n-${id}`, at)), new Set(), now, limit);
        expect(shown.length).toBeLessThanOrEqual(limit);
        expect(new Set(shown.map((entry) => entry.noticeId)).size).toBe(shown.length);
        const times = shown.map((entry) => Date.parse(entry.sentAt));
        expect(times).toEqual([...times].sort((a, b) => b - a));
      }),
    );
  });

  it('come from every bound plate and the newest temporary plates only', () => {
    const temporary = Array.from({ length: watchedTemporaryPlates + 2 }, (_, day) => ({ plate: `临00000${day}`, issuedAt: `2026-02-0${day + 1}T09:00:00+08:00` }));
    const plates = noticePlatesOf(['粤B12345', '粤B12345', '粤A00001'], temporary);
    expect(plates).toEqual(['粤B12345', '粤A00001', '临000006', '临000005', '临000004', '临000003', '临000002']);
  });
});
