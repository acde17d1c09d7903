import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../errors/index.js';
import { classifyPlate, isExemptKind, plateKinds, type PlateKind } from './classifyPlate.js';
import { parsePlate } from './parsePlate.js';
import { plateWithKind } from './plateArbitraries.js';
import { plateSchema } from './plateSchema.js';

const valid: Array<[string, PlateKind]> = [
  ['粤B12345', 'standard'],
  ['京AF0236', 'standard'],
  ['粤IABCDE', 'standard'],
  ['粤BD12345', 'newEnergy'],
  ['粤BDA1234', 'newEnergy'],
  ['沪AK99999', 'newEnergy'],
  ['粤B12345D', 'newEnergy'],
  ['粤B12345K', 'newEnergy'],
  ['粤B1234警', 'police'],
  ['粤BA23Z警', 'police'],
  ['粤B1234学', 'coach'],
  ['粤B1234挂', 'trailer'],
  ['粤Z1234港', 'hongKong'],
  ['粤Z1234澳', 'macau'],
  ['沪A1234领', 'consulate'],
  ['京A1234试', 'test'],
  ['粤B1234应急', 'emergency'],
  ['使123456', 'embassy'],
  ['123456使', 'embassy'],
  ['VA12345', 'military'],
  ['KO12345', 'military'],
  ['WJ京12345', 'armedPolice'],
  ['WJ12345', 'armedPolice'],
  ['WJ粤1234A', 'armedPolice'],
  ['临A12345', 'temporary'],
  ['临ZZ9Z9Z', 'temporary'],
];

const nearMisses: Array<[string, string]> = [
  ['港B12345', 'not a province'],
  ['粤112345', 'digit where the issuing letter goes'],
  ['粤B1234', 'too short'],
  ['粤B12I45', 'I in the serial'],
  ['粤B12O45', 'O in the serial'],
  ['粤b12345', 'not normalised'],
  ['粤B123456', 'eight characters but no new-energy mark'],
  ['粤BL12345', 'L is no new-energy mark'],
  ['粤BD1234A', 'small new-energy ends in a letter'],
  ['粤B12345L', 'L is no new-energy mark'],
  ['粤B1234AD', 'large new-energy needs five digits'],
  ['粤B12345警', 'five serial characters before a suffix'],
  ['粤B123警', 'three serial characters before a suffix'],
  ['粤B1234应', 'half of 应急'],
  ['粤B12345应急', 'five serial characters before 应急'],
  ['使12345', 'five digits'],
  ['使1234567', 'seven digits'],
  ['使12345A', 'letter in an embassy plate'],
  ['VA1234', 'four digits'],
  ['V112345', 'one letter'],
  ['VA1234A', 'letter where a digit goes'],
  ['WJ港12345', 'not a province'],
  ['WJ京1234', 'four serial characters'],
  ['临A1234', 'five serial characters'],
  ['临A1234I', 'I in a temporary id'],
  ['', 'empty'],
];

describe('classifyPlate', () => {
  it.each(valid)('%s is %s', (plate, kind) => {
    expect(classifyPlate(plate)).toBe(kind);
  });

  it('has an example of every kind', () => {
    expect(new Set(valid.map(([, kind]) => kind))).toEqual(new Set(plateKinds));
  });

  it.each(nearMisses)('%s is no plate (%s)', (plate) => {
    expect(classifyPlate(plate)).toBeNull();
  });

  it('keeps its kind however the plate is spelled', () => {
    const spelling = fc.constantFrom('as is', 'lower', 'full width');
    const separator = fc.constantFrom('', '', ' ', '·', '•', '-', '\u3000');
    const spelled = plateWithKind.chain(({ plate, kind }) =>
      fc
        .tuple(
          fc.array(fc.tuple(spelling, separator), { minLength: plate.length, maxLength: plate.length }),
          fc.constantFrom('', ' ', '  '),
          fc.constantFrom('', ' ', '\t'),
        )
        .map(([choices, before, after]) => {
          const chars = Array.from(plate).map((char, index) => {
            const [how, sep] = choices[index]!;
            const ascii = /[0-9A-Z]/.test(char);
            const written =
              how === 'lower' && ascii
                ? char.toLowerCase()
                : how === 'full width' && ascii
                  ? String.fromCharCode(char.charCodeAt(0) + 0xfee0)
                  : char;
            return written + sep;
          });
          return { plate, kind, text: before + chars.join('') + after };
        }),
    );
    fc.assert(
      fc.property(spelled, ({ plate, kind, text }) => {
        expect(parsePlate(text)).toEqual({ input: text, normalized: plate, valid: true, kind });
      }),
    );
  });
});

describe('parsePlate', () => {
  it('reports the input, the normalised plate and its kind', () => {
    expect(parsePlate(' 粤b·12345 ')).toEqual({ input: ' 粤b·12345 ', normalized: '粤B12345', valid: true, kind: 'standard' });
  });

  it('reports an unknown plate as invalid with kind null', () => {
    expect(parsePlate('hello')).toEqual({ input: 'hello', normalized: 'HELL0', valid: false, kind: null });
  });
});

describe('isExemptKind', () => {
  it.each(plateKinds.map((kind) => [kind, ['police', 'military', 'armedPolice', 'emergency'].includes(kind)] as const))(
    '%s parks free: %s',
    (kind, free) => {
      expect(isExemptKind(kind)).toBe(free);
    },
  );

  it('does not exempt an unknown plate', () => {
    expect(isExemptKind(null)).toBe(false);
  });
});

describe('plateSchema', () => {
  it('accepts any spelling and yields the normalised plate', () => {
    expect(plateSchema.parse(' 粤b-1234５ ')).toBe('粤B12345');
  });

  it('refuses what is no plate with a clear message', () => {
    expect(() => parseOrThrow(plateSchema, '粤B1234', 'plate')).toThrow(
      'Invalid plate: (root): must be a Chinese licence plate such as 粤B12345 or 粤BD12345',
    );
    expect(plateSchema.safeParse(12345).success).toBe(false);
    expect(plateSchema.safeParse('粤B12345'.repeat(10)).success).toBe(false);
  });
});
