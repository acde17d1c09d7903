import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePlate } from './normalizePlate.js';

describe('normalizePlate', () => {
  it.each([
    [' 粤B12345 ', '粤B12345'],
    ['粤B·12345', '粤B12345'],
    ['粤B•12345', '粤B12345'],
    ['粤B-12345', '粤B12345'],
    ['粤 B 1 2 3 4 5', '粤B12345'],
    ['粤\u3000B12345', '粤B12345'],
    ['粤Ｂ１２３４５', '粤B12345'],
    ['粤ｂ１２３４５', '粤B12345'],
    ['粤b12345', '粤B12345'],
    ['粤bd12345', '粤BD12345'],
    ['粤BO1234', '粤B01234'],
    ['粤BI2345', '粤B12345'],
    ['粤Bｏ123ｉ', '粤B01231'],
    ['粤-BO·1234', '粤B01234'],
    ['oi12345', 'OI12345'],
    ['ＯＩ12345', 'OI12345'],
    ['VAO1234', 'VA01234'],
    ['wj京12345', 'WJ京12345'],
    ['粤B1234应急', '粤B1234应急'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizePlate(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const plateish = fc.string({
      unit: fc.constantFrom(...Array.from('粤京使临警应急WJ ·•-\u3000\tOoIiBbDd0123456789ＯｏＩｉＢ１ſıßŉ')),
    });
    fc.assert(
      fc.property(fc.oneof(plateish, fc.string({ unit: 'binary' })), (text) => {
        const once = normalizePlate(text);
        expect(normalizePlate(once)).toBe(once);
      }),
    );
  });
});
