import { z } from 'zod';
import { classifyPlate } from './classifyPlate.js';
import { normalizePlate } from './normalizePlate.js';

/** Longer than any plate with generous separators; keeps absurd input out of the regexes. */
const maxPlateTextLength = 32;

/** A plate on the wire: any accepted spelling in, the normalised plate out. */
export const plateSchema = z
  .string()
  .max(maxPlateTextLength, { message: `must be at most ${maxPlateTextLength} characters` })
  .transform(normalizePlate)
  .refine((plate) => classifyPlate(plate) !== null, {
    message: 'must be a Chinese licence plate such as 粤B12345 or 粤BD12345',
  });

export type Plate = z.infer<typeof plateSchema>;
