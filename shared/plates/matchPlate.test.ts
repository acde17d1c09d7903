import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPlate, plateDistance } from './matchPlate.js';
import { normalizePlate } from './normalizePlate.js';
import { roadPlate } from './plateArbitraries.js';

/** DESIGN.md's confusable characters. */
const confusableGroups = ['0DQ', '8B', '2Z', '5S', '6G', '1T7', '4A'];

describe('matchPlate', () => {
  it.each([
    ['exact after normalising both sides', '粤b 12345', ['粤B12346', '粤B·12345'], '粤B·12345', 0],
    ['exact wins over a near candidate', '粤B12345', ['粤B12346', '粤B12345'], '粤B12345', 0],
    ['a confusable misread', '粤B1234S', ['粤B12345', '粤B12346'], '粤B12345', 0.5],
    ['a confusable in the issuing letter', '粤812345', ['粤B12345', '京A77777'], '粤B12345', 0.5],
    ['a lost province', 'B12345', ['粤B12345', '粤B12346'], '粤B12345', 0.5],
    ['a lost issuing letter costs a full edit', '粤12345', ['粤B12345'], '粤B12345', 1],
    ['one ordinary misread', '粤B12X45', ['粤B12345', '京A77777'], '粤B12345', 1],
    ['two neighbours swapped', '粤B12354', ['粤B12345', '京A77777'], '粤B12345', 1],
    ['a lost new-energy mark', '粤B12345', ['粤BD12345'], '粤BD12345', 1],
    ['a lost province plus a confusable', 'B1234S', ['粤B12345'], '粤B12345', 1],
    ['the same candidate twice', '粤B1234S', ['粤B12345', '粤B12345'], '粤B12345', 0.5],
  ])('%s', (_, plate, candidates, match, score) => {
    expect(matchPlate(plate, candidates)).toEqual({ match, score });
  });

  it.each([
    ['two ordinary misreads', '粤B1XX45', ['粤B12345']],
    ['an ordinary misread plus a confusable', '粤A1234S', ['粤B12345']],
    ['a lost province plus a misread', 'B1X345', ['粤B12345']],
    ['an unrelated plate', '京A99887', ['粤B12345']],
    ['two candidates equally close', '粤B1234X', ['粤B12345', '粤B12346']],
    ['two candidates equally close after a lost province', 'B12345', ['粤B12345', '湘B12345']],
    ['no candidates', '粤B12345', []],
  ])('no match for %s', (_, plate, candidates) => {
    expect(matchPlate(plate, candidates)).toEqual({ match: null, score: null });
  });

  it('returns the smallest spelling when several candidates are the same plate', () => {
    expect(matchPlate('粤B12345', ['粤b12345', '粤B12345'])).toEqual({ match: '粤B12345', score: 0 });
    expect(matchPlate('粤B1234S', ['粤B12345', '粤b·12345'])).toEqual({ match: '粤B12345', score: 0.5 });
  });

  const lot = fc.uniqueArray(roadPlate, { minLength: 1, maxLength: 30 });

  /** Candidates that are near one another, so ties and close runners-up happen often. */
  const mutation = fc.constantFrom('', '粤', 'B', 'b', '8', '5', 'S', '1', 'X', '7', 'D', '0', 'o', ' ');
  const nearby = (base: string) =>
    fc
      .array(fc.tuple(fc.nat(7), mutation), { maxLength: 2 })
      .map((edits) =>
        edits.reduce((plate, [at, char]) => {
          const chars = Array.from(plate);
          chars.splice(at % (chars.length + 1), char === '' ? 1 : 0, char);
          return chars.join('');
        }, base),
      );
  const crowd = roadPlate.chain((base) =>
    fc.record({ read: nearby(base), candidates: fc.array(fc.oneof(nearby(base), roadPlate), { maxLength: 12 }) }),
  );

  /** Distinct plates, many of them near one another. */
  const crowdedLot = roadPlate.chain((base) =>
    fc.uniqueArray(fc.oneof(nearby(base), nearby(base), roadPlate), { minLength: 1, maxLength: 12, selector: normalizePlate }),
  );


  it('always returns an exact candidate with score 0', () => {
    fc.assert(
      fc.property(lot, fc.nat(), (candidates, pick) => {
        const target = candidates[pick % candidates.length]!;
        expect(matchPlate(target, candidates)).toEqual({ match: target, score: 0 });
      }),
    );
  });

  it('matches a single confusable misread to its plate unless another plate is as close', () => {
    const misread = fc.oneof(lot, crowdedLot).chain((candidates) =>
      fc.record({
        candidates: fc.constant(candidates),
        target: fc.constantFrom(...candidates),
        position: fc.nat(),
        replacement: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(misread, ({ candidates, target, position, replacement }) => {
        const chars = Array.from(target);
        const confusable = chars.flatMap((char, index) => {
          const group = confusableGroups.find((g) => g.includes(char));
          return group ? [{ index, others: Array.from(group).filter((c) => c !== char) }] : [];
        });
        fc.pre(confusable.length > 0);
        const { index, others } = confusable[position % confusable.length]!;
        chars[index] = others[replacement % others.length]!;
        const read = chars.join('');
        fc.pre(!candidates.includes(read));

        const result = matchPlate(read, candidates);
        if (result.match === target) {
          expect(result.score).toBe(plateDistance(read, target));
        } else {
          expect(result).toEqual({ match: null, score: null });
          const targetDistance = plateDistance(read, target);
          expect(candidates.some((c) => c !== target && plateDistance(read, c) === targetDistance)).toBe(true);
        }
      }),
    );
  });

  it('only ever answers with one of the candidates, with a score exactly when it matched', () => {
    fc.assert(
      fc.property(crowd, ({ read, candidates }) => {
        const { match, score } = matchPlate(read, candidates);
        if (match === null) {
          expect(score).toBeNull();
        } else {
          expect(candidates).toContain(match);
          expect(score).toBe(plateDistance(normalizePlate(read), normalizePlate(match)));
        }
      }),
    );
  });

  it('gives the same answer whatever the order of the candidates', () => {
    fc.assert(
      fc.property(
        crowd.chain(({ read, candidates }) =>
          fc.record({ read: fc.constant(read), candidates: fc.constant(candidates), shuffled: fc.shuffledSubarray(candidates, { minLength: candidates.length }) }),
        ),
        ({ read, candidates, shuffled }) => {
          expect(matchPlate(read, shuffled)).toEqual(matchPlate(read, candidates));
        },
      ),
    );
  });
});

describe('plateDistance', () => {
  it('is symmetric and zero only for equal plates', () => {
    fc.assert(
      fc.property(roadPlate, roadPlate, (a, b) => {
        expect(plateDistance(a, b)).toBe(plateDistance(b, a));
        expect(plateDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});
