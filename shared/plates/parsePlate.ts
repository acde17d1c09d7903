import { classifyPlate, type PlateKind } from './classifyPlate.js';
import { normalizePlate } from './normalizePlate.js';

/** What `parkade plate` prints for one text. */
export interface ParsedPlate {
  input: string;
  normalized: string;
  valid: boolean;
  kind: PlateKind | null;
}

export const parsePlate = (text: string): ParsedPlate => {
  const normalized = normalizePlate(text);
  const kind = classifyPlate(normalized);
  return { input: text, normalized, valid: kind !== null, kind };
};
