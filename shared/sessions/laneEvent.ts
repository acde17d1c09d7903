import { z } from 'zod';
import { DomainError } from '../errors/index.js';
import { fenSchema } from '../money/index.js';
import { normalizePlate } from '../plates/index.js';

/*
 * The wire shapes of DESIGN.md "Lane devices": the event a camera posts and the decision the
 * barrier gets back. Both are imported by the device handlers, the lane simulator and tests.
 */

/** Ids that end up inside storage keys and session ids: no separators, bounded. */
export const laneIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1–64 letters, digits, "-" or "_"' });

/** An ISO 8601 instant with an offset (`Z` or `+08:00`), as every time on the wire. */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with an offset' });

/** What cameras send instead of a plate when they saw a car without one. */
const noPlateReads = new Set(['', '无牌车', '无车牌', '无牌', '未识别']);

/**
 * The camera's read, normalised (so a key from a camera read and one from a typed plate agree),
 * or null for "a car without a readable plate". Not required to be a valid plate: a partial read
 * still has to get an answer at the barrier, and misread matching may still place it.
 */
const plateReadSchema = z
  .string()
  .max(32, { message: 'must be at most 32 characters' })
  .nullable()
  .transform((text) => {
    if (text === null) return null;
    const plate = normalizePlate(text);
    return noPlateReads.has(plate) ? null : plate;
  });

export const plateColors = ['blue', 'yellow', 'green', 'yellowGreen', 'white', 'black'] as const;

export const deviceEventSchema = z.object({
  /** Unique per lane; the same id again is the same event (idempotency and the projection). */
  eventId: laneIdSchema,
  laneId: laneIdSchema,
  type: z.enum(['entry', 'exit']),
  plate: plateReadSchema,
  plateColor: z.enum(plateColors).optional(),
  confidence: z.number().min(0).max(1).optional(),
  /** When the camera saw the car; an offline backlog carries old times. */
  at: instantSchema,
  /** Phone-number fallback a driver typed at the lane (no-plate cars without signal). */
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, { message: 'must be a mainland mobile number' })
    .optional(),
});

export type DeviceEvent = z.infer<typeof deviceEventSchema>;

export const decisions = ['open', 'pay', 'deny', 'manual'] as const;

export const laneDecisionSchema = z.object({
  decision: z.enum(decisions),
  sessionId: z.string().optional(),
  /** Fen still to pay (`pay`), or left owing by a car that went out offline. */
  due: fenSchema.optional(),
  /** Two short lines for the lane display. */
  display: z.tuple([z.string(), z.string()]),
});

export type LaneDecision = z.infer<typeof laneDecisionSchema>;

/** Online: the device waits for the answer. Offline: a backlog, the device already let the car through. */
export type LaneMode = 'online' | 'offline';

/** How far ahead of the server clock a camera's `at` may be; later is a broken clock. */
export const maxEventAheadSeconds = 300;

/** What the adapter knows about the device that signed the request. */
export interface LaneDevice {
  deviceId: string;
  lotId: string;
  laneId: string;
  direction: 'entry' | 'exit';
}

/**
 * A device speaks only for its own lane and direction, and not from the future. Throws
 * FORBIDDEN for another lane, VALIDATION_FAILED for the wrong direction or a future `at`.
 */
export const acceptDeviceEvent = (event: DeviceEvent, device: LaneDevice, receivedAt: Date): void => {
  if (event.laneId !== device.laneId) {
    throw new DomainError('FORBIDDEN', `Device ${device.deviceId} belongs to lane ${device.laneId}, not ${event.laneId}`, {
      deviceLaneId: device.laneId,
      eventLaneId: event.laneId,
    });
  }
  if (event.type !== device.direction) {
    throw new DomainError('VALIDATION_FAILED', `Lane ${device.laneId} is an ${device.direction} lane; got an ${event.type} event`, {
      direction: device.direction,
      type: event.type,
    });
  }
  const aheadSeconds = (Date.parse(event.at) - receivedAt.getTime()) / 1000;
  if (aheadSeconds > maxEventAheadSeconds) {
    throw new DomainError('VALIDATION_FAILED', 'Event time is in the future; check the device clock', {
      at: event.at,
      receivedAt: receivedAt.toISOString(),
    });
  }
};
