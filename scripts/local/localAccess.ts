/**
 * Access for the local stack: the access-token key, generated once and kept in the data
 * directory (so tokens survive a restart), and an operator token for the demo lot, which
 * `npm start` prints and writes to local.json as `operatorToken`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueAccessToken, verifyAccessToken, type IssuedAccessToken } from '../../shared/access/index.js';
import { decodeTokenKey, generateTokenKey } from '../../functions/access/tokenKey.js';

const tokenKeyFileName = 'token-key';
const operatorTokenFileName = 'operator-token.json';

/** A kept operator token is handed out again while it has at least this long to live. */
const minimumRemainingSeconds = 60 * 60;

/** The demo lot's operator. */
export const demoOperatorId = 'op-demo';

/** The base64url token key kept in `dataDir`, made on first use. */
export const loadTokenKey = (dataDir: string): string => {
  const file = join(dataDir, tokenKeyFileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = generateTokenKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
};

/**
 * The demo lot's operator token, kept in `dataDir` so local.json stays the same across restarts;
 * a new one is issued when the kept one is about to expire or no longer verifies.
 */
export const demoOperatorToken = (dataDir: string, tokenKey: string, lotId: string, now = new Date()): IssuedAccessToken => {
  const file = join(dataDir, operatorTokenFileName);
  const key = decodeTokenKey(tokenKey);
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as IssuedAccessToken;
    const stillGood = new Date(now.getTime() + minimumRemainingSeconds * 1000);
    const verified = verifyAccessToken(key, kept.token, { now: stillGood, kinds: ['operator'], skewSeconds: 0 });
    if (verified.ok && verified.principal.lotId === lotId) return kept;
  }
  const issued = issueAccessToken(key, { principal: { kind: 'operator', operatorId: demoOperatorId, lotId }, now });
  writeFileSync(file, `${JSON.stringify(issued, null, 2)}\n`, { mode: 0o600 });
  return issued;
};
