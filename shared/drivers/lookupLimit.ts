/*
 * Plate lookups reveal when a car came in (DESIGN.md "Roles and access"), so each driver gets a
 * bounded number per window: enough to pay for a few cars, too few to watch a car park.
 */

export interface LookupLimit {
  /** Lookups allowed per window. */
  limit: number;
  windowSeconds: number;
}

export const plateLookupLimit: LookupLimit = { limit: 20, windowSeconds: 10 * 60 };

/** The window an instant falls in, as the start of it in epoch seconds. */
export const lookupWindowOf = (at: Date, { windowSeconds }: LookupLimit): number =>
  Math.floor(at.getTime() / 1000 / windowSeconds) * windowSeconds;
