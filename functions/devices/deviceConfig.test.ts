import { describe, expect, it } from 'vitest';
import { etagMatches } from './deviceConfig.js';

describe('If-None-Match against the config ETag', () => {
  const etag = '"abc123"';
  it.each([
    ['"abc123"', true],
    ['"other", "abc123"', true],
    ['W/"abc123"', true],
    ['*', true],
    ['"other"', false],
    ['abc123', false],
    [undefined, false],
  ])('%s → %s', (header, matches) => {
    expect(etagMatches(header, etag)).toBe(matches);
  });
});
