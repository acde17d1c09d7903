/**
 * Access for the local stack: the access-token key, generated once and kept in the data
 * directory (so tokens survive a restart), and an operator token for the demo lot, which
 * `npm start` prints and writes to local.json as `operatorToken`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueAccessToken, type IssuedAccessToken } from '../../shared/access/index.js';
import { decodeTokenKey, generateTokenKey } from '../../functions/access/index.js';

const tokenKeyFileName = 'token-key';

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

export const demoOperatorToken = (tokenKey: string, lotId: string, now = new Date()): IssuedAccessToken =>
  issueAccessToken(decodeTokenKey(tokenKey), { principal: { kind: 'operator', operatorId: demoOperatorId, lotId }, now });
