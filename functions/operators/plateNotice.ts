/**
 * Staff tell the driver of a car something about it (window open, lights on). The notice goes
 * to the plate, in the lot, while the car is in the car park; the driver's mini-program shows the
 * notices of the plates the driver has bound. Pure: the handler stores what this returns.
 */
import { z } from 'zod';
import { DomainError } from '../../shared/errors/index.js';
import { classifyPlate, normalizePlate } from '../../shared/plates/index.js';
import type { OperatorAct } from '../../shared/sessions/index.js';
import type { OperatorAuditEntry } from './auditLog.js';

export const noticeTopics = ['windowOpen', 'lightsOn', 'doorOpen', 'blockingOthers', 'other'] as const;

/** What the driver reads for each topic; `other` carries the operator's own words. */
export const noticeTexts: Record<Exclude<(typeof noticeTopics)[number], 'other'>, string> = {
  windowOpen: '您的车窗未关，请尽快处理。Your car window is open.',
  lightsOn: '您的车灯未关，请尽快处理。Your car lights are on.',
  doorOpen: '您的车门未关好，请尽快处理。A door of your car is open.',
  blockingOthers: '您的车辆挡住了其他车辆，请尽快挪车。Your car is blocking others; please move it.',
};

export const plateNoticeRequestSchema = z
  .object({
    plate: z.string().min(1).max(16),
    topic: z.enum(noticeTopics),
    /** Required for `other`; added below the standard text otherwise. */
    message: z.string().trim().min(1).max(100).optional(),
  })
  .refine((request) => request.topic !== 'other' || request.message !== undefined, {
    message: 'a message is required when the topic is "other"',
    path: ['message'],
  });

export type PlateNoticeRequest = z.infer<typeof plateNoticeRequestSchema>;

/** The gsi1 partition of a plate's notices in every lot (shared with the drivers who bound the plate). */
export const plateNoticesKey = (plate: string): string => `PLATE#${plate}`;

/** How long a notice is worth showing. */
export const noticeLifetimeSeconds = 24 * 60 * 60;

export interface PlateNotice {
  noticeId: string;
  lotId: string;
  plate: string;
  sessionId: string;
  topic: PlateNoticeRequest['topic'];
  text: string;
  sentAt: string;
  sentBy: string;
  expiresAt: number;
}

/** The plate a request names, normalised, or VALIDATION_FAILED when it is not a plate. */
export const noticePlate = (text: string): string => {
  const plate = normalizePlate(text);
  if (classifyPlate(plate) === null) {
    throw new DomainError('VALIDATION_FAILED', `${text} is not a valid plate`, {
      issues: [{ path: 'body.plate', message: 'must be a Chinese licence plate such as 粤B12345' }],
    });
  }
  return plate;
};

export const notifyDriverOfPlate = (
  act: Omit<OperatorAct, 'reason'> & { request: PlateNoticeRequest; plate: string; openSessionId: string | null },
): { notice: PlateNotice; audit: OperatorAuditEntry } => {
  if (act.openSessionId === null) {
    throw new DomainError('NOT_FOUND', `No car with plate ${act.plate} is in the car park`, { plate: act.plate });
  }
  const { topic, message } = act.request;
  const text = topic === 'other' ? (message ?? '') : [noticeTexts[topic], message].filter(Boolean).join('\n');
  return {
    notice: {
      noticeId: act.actionId,
      lotId: act.lotId,
      plate: act.plate,
      sessionId: act.openSessionId,
      topic,
      text,
      sentAt: act.at,
      sentBy: act.who,
      expiresAt: Math.floor(Date.parse(act.at) / 1000) + noticeLifetimeSeconds,
    },
    audit: {
      actionId: act.actionId,
      who: act.who,
      when: act.at,
      action: 'notifyDriver',
      reason: text,
      lotId: act.lotId,
      sessionId: act.openSessionId,
      details: { plate: act.plate, topic },
    },
  };
};
