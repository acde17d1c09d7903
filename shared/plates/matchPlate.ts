import { normalizePlate } from './normalizePlate.js';

/*
 * Matching a misread exit plate against the lot's open sessions (DESIGN.md "Plates").
 *
 * `score` is the weighted edit distance between the normalised read and the normalised
 * candidate: 0 for an exact match, 1 for one ordinary edit (substitution, insertion, deletion or
 * swap of two neighbours), 0.5 for a confusable substitution or a missing leading province.
 * Every cost is a multiple of 0.5, so scores are exact in floating point and compare cleanly.
 *
 * A candidate wins when its score is at most 1 and the runner-up scores at least 0.5 more:
 * - 1 accepts one ordinary misread, or two confusables, or a lost province plus a confusable,
 *   and refuses anything further: a lot with few open cars has few runners-up, so the threshold
 *   alone must keep a different car (粤A1234S is not 粤B12345) from being charged or let out.
 * - 0.5 is the smallest step between two scores, so "clearly better" means strictly better by
 *   at least one confusable. Two candidates equally close are a tie and give no match: the lane
 *   then falls back to a person rather than charging or opening for the wrong car.
 */
export const matchThreshold = 1;
export const matchMargin = 0.5;

const ordinaryCost = 1;
const confusableCost = 0.5;
const missingProvinceCost = 0.5;

/** Characters a camera (or a person) mistakes for one another. */
const confusableGroups = ['0DQO', '8B', '2Z', '5S', '6G', '1T7I', '4A'];
const provinces = new Set(Array.from('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'));

const substitutionCost = (a: string, b: string): number => {
  if (a === b) return 0;
  return confusableGroups.some((group) => group.includes(a) && group.includes(b)) ? confusableCost : ordinaryCost;
};

/** Cost of a leading character present on one side only: cheaper when it is the province. */
const leadingGapCost = (char: string): number => (provinces.has(char) ? missingProvinceCost : ordinaryCost);

/**
 * Weighted optimal-string-alignment distance (Levenshtein plus adjacent swaps) between two
 * normalised plates. Symmetric, and 0 only for equal strings.
 */
export const plateDistance = (left: string, right: string): number => {
  const a = Array.from(left);
  const b = Array.from(right);
  // d[i][j] = distance between the first i characters of a and the first j of b.
  const d: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number): number => d[i]![j]!;
  for (let i = 1; i <= a.length; i += 1) d[i]![0] = at(i - 1, 0) + (i === 1 ? leadingGapCost(a[0]!) : ordinaryCost);
  for (let j = 1; j <= b.length; j += 1) d[0]![j] = at(0, j - 1) + (j === 1 ? leadingGapCost(b[0]!) : ordinaryCost);
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const charA = a[i - 1]!;
      const charB = b[j - 1]!;
      let best = Math.min(
        at(i - 1, j) + ordinaryCost,
        at(i, j - 1) + ordinaryCost,
        at(i - 1, j - 1) + substitutionCost(charA, charB),
      );
      if (i > 1 && j > 1 && charA === b[j - 2] && a[i - 2] === charB && charA !== charB) {
        best = Math.min(best, at(i - 2, j - 2) + ordinaryCost);
      }
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
};

export interface PlateMatch {
  /** The winning candidate exactly as it was given, or null for "no match". */
  match: string | null;
  /** Its weighted distance from the read plate (0 = exact), or null for "no match". */
  score: number | null;
}

const noMatch: PlateMatch = { match: null, score: null };

/**
 * The candidate the read plate most likely is. Candidates are compared by their normalised
 * form; when several given strings share one form (粤B12345 and 粤b 12345), the smallest string
 * stands for them, so the answer never depends on the order of the candidates.
 */
export const matchPlate = (plate: string, candidates: readonly string[]): PlateMatch => {
  const read = normalizePlate(plate);
  const representative = new Map<string, string>();
  for (const candidate of candidates) {
    const normalized = normalizePlate(candidate);
    const current = representative.get(normalized);
    if (current === undefined || candidate < current) representative.set(normalized, candidate);
  }

  const exact = representative.get(read);
  if (exact !== undefined) return { match: exact, score: 0 };

  let best: { candidate: string; score: number } | null = null;
  let runnerUpScore = Number.POSITIVE_INFINITY;
  for (const [normalized, candidate] of representative) {
    const score = plateDistance(read, normalized);
    if (best === null || score < best.score) {
      runnerUpScore = best?.score ?? runnerUpScore;
      best = { candidate, score };
    } else if (score < runnerUpScore) {
      runnerUpScore = score;
    }
  }
  if (best === null || best.score > matchThreshold || runnerUpScore - best.score < matchMargin) return noMatch;
  return { match: best.candidate, score: best.score };
};
