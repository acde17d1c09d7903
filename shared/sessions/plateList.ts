import { z } from 'zod';
import { plateSchema } from '../plates/index.js';
import { instantSchema } from './laneEvent.js';

/*
 * Lists of plates a lot treats specially: the allow-list (mall staff, permitted vehicles: leave
 * free) and the optional deny-list (refused at the entry). Both ship to devices in the config
 * snapshot, so an offline lane applies the same lists.
 */

export const plateListEntrySchema = z
  .object({
    plate: plateSchema,
    /** Why the plate is listed, e.g. `mallStaff`, `permittedVehicle`, `unpaidDebt`. */
    category: z.string().min(1).max(40),
    note: z.string().max(200).optional(),
    /** Listed from this instant on (inclusive); always when absent. */
    validFrom: instantSchema.optional(),
    /** Listed until this instant (exclusive); for good when absent. */
    validUntil: instantSchema.optional(),
  })
  .refine((entry) => !entry.validFrom || !entry.validUntil || Date.parse(entry.validFrom) < Date.parse(entry.validUntil), {
    message: 'validFrom must be before validUntil',
    path: ['validUntil'],
  });

export type PlateListEntry = z.infer<typeof plateListEntrySchema>;

/** The entry listing this (normalised) plate at this instant, if any. */
export const findListedPlate = (plate: string, at: string, list: readonly PlateListEntry[]): PlateListEntry | undefined => {
  const time = Date.parse(at);
  return list.find(
    (entry) =>
      entry.plate === plate &&
      (entry.validFrom === undefined || Date.parse(entry.validFrom) <= time) &&
      (entry.validUntil === undefined || time < Date.parse(entry.validUntil)),
  );
};

export const isAllowListed = (plate: string, at: string, allowList: readonly PlateListEntry[]): boolean =>
  findListedPlate(plate, at, allowList) !== undefined;
