import { z } from 'zod';
import { couponPolicySchema, holidayPeriodSchema, timeZoneSchema } from '../coupons/index.js';
import { principalIdSchema } from '../access/index.js';
import { parseOrThrow } from '../errors/index.js';
import { laneIdSchema } from '../sessions/index.js';

/*
 * What an administrator sets up for a lot (issue 8): the lot itself, its lanes and the devices
 * on them. The lot carries what the rest of the core reads from it: its time zone and holiday
 * periods (shared/coupons `LotCalendar`), its coupon policy (`CouponPolicy`) and its capacity.
 */

/** Lot and lane ids end up in storage keys and MQTT topics. */
export const lotIdSchema = laneIdSchema;

const displayName = z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' });

export const newLotSchema = z.object({
  lotId: lotIdSchema,
  name: displayName,
  timezone: timeZoneSchema.default('Asia/Shanghai'),
  capacity: z.int({ message: 'must be a whole number of spaces' }).min(1).max(100_000),
  /** Missing fields take the policy's defaults, as for a lot that sets none. */
  couponPolicy: couponPolicySchema.prefault({}),
  /** Holiday periods raise spend-threshold coupons (DESIGN.md "Coupons and merchant accounts"). */
  holidays: z.array(holidayPeriodSchema).max(100).default([]),
});

export type NewLot = z.infer<typeof newLotSchema>;

export const lotSchema = newLotSchema.extend({
  createdAt: z.string(),
  /** Counts the lot's settings changes: a change names the version it was made from. Lots from before it read 0. */
  version: z.int().min(0).default(0),
});

export type Lot = z.infer<typeof lotSchema>;

const policyShape = couponPolicySchema.shape;

/** A change of the coupon policy: the fields given replace the lot's; `null` lifts an optional cap. */
export const couponPolicyChangeSchema = z.strictObject({
  maxCouponsPerSession: policyShape.maxCouponsPerSession.unwrap().optional(),
  maxMinutesPerSession: policyShape.maxMinutesPerSession.unwrap().nullable().optional(),
  maxAmountFenPerSession: policyShape.maxAmountFenPerSession.unwrap().nullable().optional(),
  fullCouponsAllowed: policyShape.fullCouponsAllowed.unwrap().optional(),
  maxGrantsPerPlatePerMerchantPerDay: policyShape.maxGrantsPerPlatePerMerchantPerDay.unwrap().optional(),
});

/**
 * An administrator's change of a lot's settings: what is given replaces what the lot has
 * (holidays as a whole list). `version`, when given, is the lot's version the change was made
 * from: a lot changed since is refused rather than overwritten. The time zone and id stay.
 */
export const lotSettingsChangeSchema = z.strictObject({
  name: displayName.optional(),
  capacity: newLotSchema.shape.capacity.optional(),
  couponPolicy: couponPolicyChangeSchema.optional(),
  holidays: newLotSchema.shape.holidays.unwrap().optional(),
  version: z.int().min(0).optional(),
});

export type LotSettingsChange = z.infer<typeof lotSettingsChangeSchema>;

/** A change that changes nothing is a mistake (a misspelt option), not a new version. */
export const changesLotSettings = ({ name, capacity, couponPolicy, holidays }: LotSettingsChange): boolean =>
  [name, capacity, couponPolicy, holidays].some((field) => field !== undefined);

/** The lot after `change`, at the next version; the policy is checked whole, as its readers parse it. */
export const changeLotSettings = (lot: Lot, change: LotSettingsChange): Lot => {
  const { couponPolicy: policyChange = {}, version: _version, ...settings } = change;
  const policy: Record<string, unknown> = { ...lot.couponPolicy };
  for (const [field, value] of Object.entries(policyChange)) {
    if (value === null) delete policy[field];
    else if (value !== undefined) policy[field] = value;
  }
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return { ...lot, ...defined, couponPolicy: parseOrThrow(couponPolicySchema, policy, 'couponPolicy'), version: lot.version + 1 };
};

export const laneDirections = ['entry', 'exit'] as const;

export const newLaneSchema = z.object({
  laneId: laneIdSchema,
  name: displayName,
  direction: z.enum(laneDirections),
});

export type NewLane = z.infer<typeof newLaneSchema>;

export const laneSchema = newLaneSchema.extend({ lotId: lotIdSchema, createdAt: z.string() });

export type Lane = z.infer<typeof laneSchema>;

export const deviceStatuses = ['active', 'disabled'] as const;

/** A lane device as registered: its secret is derived from the master key and `secretVersion` (docs/decisions/0005). */
export const laneDeviceSchema = z.object({
  deviceId: principalIdSchema,
  lotId: lotIdSchema,
  laneId: laneIdSchema,
  direction: z.enum(laneDirections),
  secretVersion: z.int().min(1),
  status: z.enum(deviceStatuses),
  createdAt: z.string().optional(),
});

export type RegisteredDevice = z.infer<typeof laneDeviceSchema>;

/** A new device on one of the lot's lanes; it sees with the lane's direction and starts at secret version 1. */
export const registerDevice = (lane: Lane, deviceId: string, createdAt: string): RegisteredDevice => ({
  deviceId,
  lotId: lane.lotId,
  laneId: lane.laneId,
  direction: lane.direction,
  secretVersion: 1,
  status: 'active',
  createdAt,
});

/** A rotated device: the next secret version, so the derived secret changes and the old one stops working. */
export const rotateDeviceSecret = (device: RegisteredDevice): RegisteredDevice => ({ ...device, secretVersion: device.secretVersion + 1 });
