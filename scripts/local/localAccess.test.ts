import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTokenKey } from '../../functions/access/tokenKey.js';
import { verifyAccessToken } from '../../shared/access/index.js';
import { demoOperatorToken, loadTokenKey } from './localAccess.js';

const freshDataDir = () => mkdtempSync(join(tmpdir(), 'parkade-access-'));
const now = new Date('2026-03-01T09:00:00+08:00');
const hoursLater = (hours: number) => new Date(now.getTime() + hours * 60 * 60 * 1000);

describe('the local stack’s access', () => {
  it('keeps one token key per data directory', () => {
    const dataDir = freshDataDir();
    expect(loadTokenKey(dataDir)).toBe(loadTokenKey(dataDir));
    expect(loadTokenKey(freshDataDir())).not.toBe(loadTokenKey(dataDir));
  });

  it('hands out the same operator token across restarts until it nears expiry, and it verifies as the demo lot’s operator', () => {
    const dataDir = freshDataDir();
    const key = loadTokenKey(dataDir);
    const first = demoOperatorToken(dataDir, key, 'lot-demo', now);
    expect(demoOperatorToken(dataDir, key, 'lot-demo', hoursLater(10))).toEqual(first);
    expect(demoOperatorToken(dataDir, key, 'lot-demo', hoursLater(11.5)).token).not.toBe(first.token);
    expect(verifyAccessToken(decodeTokenKey(key), first.token, { now, kinds: ['operator'] })).toMatchObject({
      ok: true,
      principal: { kind: 'operator', lotId: 'lot-demo' },
    });
  });

  it('issues a new operator token when the key changed', () => {
    const dataDir = freshDataDir();
    const first = demoOperatorToken(dataDir, loadTokenKey(dataDir), 'lot-demo', now);
    const otherKey = loadTokenKey(freshDataDir());
    const second = demoOperatorToken(dataDir, otherKey, 'lot-demo', now);
    expect(second.token).not.toBe(first.token);
    expect(verifyAccessToken(decodeTokenKey(otherKey), second.token, { now, kinds: ['operator'] }).ok).toBe(true);
  });
});
