/**
 * Staff passwords as stored: `scrypt$N$r$p$<salt base64>$<key base64>` (node:crypto scrypt,
 * 16-byte salt, 64-byte key), so the verifier reads the parameters from the hash itself and
 * stronger ones can come later without a migration. No storage here: the demo seed uses it too.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const hashParameters = { N: 16_384, r: 8, p: 1 } as const;
const hashKeyBytes = 64;

const scrypt = (secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(secret, salt, length, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))));

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, hashKeyBytes, hashParameters);
  const { N, r, p } = hashParameters;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
};

export const passwordMatches = async (password: string, hash: string): Promise<boolean> => {
  const [, N, r, p, salt, key] = hash.split('$');
  const expected = Buffer.from(String(key), 'base64');
  const derived = await scrypt(password, Buffer.from(String(salt), 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(derived, expected);
};

// Verified against when a login is unknown, so the answer takes as long as for a known one.
export const decoyHash = `scrypt$${hashParameters.N}$${hashParameters.r}$${hashParameters.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(hashKeyBytes).toString('base64')}`;
