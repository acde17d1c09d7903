import { z } from 'zod';
import { fenSchema } from '../money/index.js';
import { instantSchema, laneIdSchema } from './laneEvent.js';
import type { ExitRecord } from './projectSessions.js';

/*
 * The vehicle currently waiting at an exit lane: written when the barrier answered `pay` or
 * `manual`, so a driver scanning the lane's code gets the session without typing, and staff see
 * who is at the barrier. One item per lane (the next car overwrites it), expiring by TTL.
 */

/** A car does not wait at a barrier longer than this; after it the lane is empty again. */
export const lanePresenceLifetimeSeconds = 15 * 60;

export const lanePresenceSchema = z.object({
  lotId: z.string(),
  laneId: laneIdSchema,
  /** The exit read that put the car here. */
  eventId: laneIdSchema,
  readAt: instantSchema,
  /** What the camera read (null: no plate). */
  readPlate: z.string().nullable(),
  /** The plate whose session this is (differs from `readPlate` after misread matching). */
  plate: z.string().nullable(),
  sessionId: z.string().nullable(),
  decision: z.enum(['pay', 'manual']),
  due: fenSchema.nullable(),
  /** Open plates the read could be (ambiguous misread), for staff and the pay-by-scan page. */
  candidates: z.array(z.string()),
  /** Epoch seconds: the TTL attribute. */
  expiresAt: z.number().int(),
});

export type LanePresence = z.infer<typeof lanePresenceSchema>;

/** Epoch seconds until which a presence read at `readAt` counts. */
export const presenceExpiresAt = (readAt: string): number =>
  Math.floor(Date.parse(readAt) / 1000) + lanePresenceLifetimeSeconds;

/**
 * The car at the lane leaves: after its payment (the camera's read stands as the exit time) or
 * because staff opened the barrier. The exit record goes to the session plate's stream; null when
 * no session is named (the lane opens, nothing is filed).
 */
export const releaseLane = (presence: LanePresence, by: 'payment' | 'operator'): ExitRecord | null =>
  presence.sessionId === null || presence.plate === null
    ? null
    : {
        kind: 'exit',
        eventId: presence.eventId,
        laneId: presence.laneId,
        plate: presence.plate,
        readPlate: presence.readPlate === presence.plate ? null : presence.readPlate,
        at: presence.readAt,
        closedBy: by === 'payment' ? 'camera' : 'operator',
      };
