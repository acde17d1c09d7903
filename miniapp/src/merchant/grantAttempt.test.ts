import { describe, expect, it } from 'vitest';
import { attemptFor } from './grantAttempt.js';
import { receiptFenOf } from './receiptAmount.js';

const draft = { templateId: 'two-hours', plate: '粤B12345' };

describe('one Idempotency-Key per grant attempt', () => {
  it('a double tap or a retry of the same grant sends the same key', () => {
    const first = attemptFor(null, draft);
    expect(attemptFor(first, { ...draft })).toBe(first);
  });

  it('another plate, template or receipt is another grant with a new key', () => {
    const first = attemptFor(null, { ...draft, receiptFen: 8800 });
    expect(attemptFor(first, { ...draft, plate: '粤B54321', receiptFen: 8800 }).key).not.toBe(first.key);
    expect(attemptFor(first, { ...draft, templateId: 'spend-88', receiptFen: 8800 }).key).not.toBe(first.key);
    expect(attemptFor(first, { ...draft, receiptFen: 9900 }).key).not.toBe(first.key);
  });

  it('after a grant went through, the next one for the same plate starts afresh', () => {
    const first = attemptFor(null, draft);
    expect(attemptFor(null, draft).key).not.toBe(first.key);
  });
});

describe('the receipt amount typed in yuan', () => {
  it('reads yuan with up to two decimals as fen', () => {
    expect(['88', '88.5', '¥128.00', ' 0.05 ', '￥99.9'].map(receiptFenOf)).toEqual([8800, 8850, 12800, 5, 9990]);
  });

  it('anything else is not an amount', () => {
    expect(['', 'abc', '88.555', '-5', '1,000'].map(receiptFenOf)).toEqual([null, null, null, null, null]);
  });
});
