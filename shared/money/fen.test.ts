import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenSchema, formatYuan } from './fen.js';

describe('fenSchema', () => {
  it.each([0, 1, 1100, Number.MAX_SAFE_INTEGER])('accepts %d fen', (fen) => {
    expect(fenSchema.parse(fen)).toBe(fen);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1100', null])('refuses %j', (value) => {
    expect(fenSchema.safeParse(value).success).toBe(false);
  });
});

describe('formatYuan', () => {
  it.each([
    [1100, '¥11.00'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [850, '¥8.50'],
    [123456, '¥1234.56'],
    [-250, '-¥2.50'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('refuses fractions of a fen', () => {
    expect(() => formatYuan(10.5)).toThrow(RangeError);
  });

  it('reads back as the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        const text = formatYuan(fen);
        expect(text).toMatch(/^-?¥\d+\.\d{2}$/);
        expect(Math.round(Number(text.replace('¥', '')) * 100)).toBe(fen);
      }),
    );
  });
});
