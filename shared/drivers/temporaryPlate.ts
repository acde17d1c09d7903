import { randomBytes } from 'node:crypto';

/*
 * Temporary plates for cars without one (DESIGN.md "Plates": `临` + 6 of [0-9A-HJ-NP-Z]). The
 * system issues them when a driver scans the entry-lane code; a camera never reads one.
 */

/** The characters a plate serial may use: digits and letters except I and O. */
export const temporaryPlateAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Bytes at or above this would make some characters likelier than others (34 × 7 = 238). */
const unbiasedLimit = temporaryPlateAlphabet.length * Math.floor(256 / temporaryPlateAlphabet.length);

/** A fresh temporary plate, uniformly random over the 34⁶ (≈ 1.5 × 10⁹) possible ones. */
export const newTemporaryPlate = (random: (size: number) => Uint8Array = randomBytes): string => {
  let serial = '';
  while (serial.length < 6) {
    for (const byte of random(12)) {
      if (byte < unbiasedLimit && serial.length < 6) serial += temporaryPlateAlphabet[byte % temporaryPlateAlphabet.length];
    }
  }
  return `临${serial}`;
};
