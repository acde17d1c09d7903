import { z } from 'zod';

/** An amount of money on the wire and in storage: a whole, non-negative number of fen (分). */
export const fenSchema = z
  .number({ message: 'must be an amount in fen (a whole number)' })
  .int({ message: 'must be a whole number of fen' })
  .nonnegative({ message: 'must not be negative' });

export type Fen = z.infer<typeof fenSchema>;

/**
 * Fen as yuan for people to read: 1100 → "¥11.00", 5 → "¥0.05", -250 → "-¥2.50" (a refund).
 * No grouping separators, so the text stays unambiguous on lane displays and in CSV.
 */
export const formatYuan = (fen: number): string => {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatYuan needs a whole number of fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
