/**
 * Staff sign-in with login and password: the StaffLogin item `pk=LOGIN#<login>` holds an scrypt
 * hash `scrypt$N$r$p$<salt>$<key>` (scripts/local/seedDemoLot.ts writes it). An unknown login,
 * a wrong password and a disabled member all get the same 401, after the same amount of work.
 */
import { scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { MerchantStaffPrincipal } from '../../shared/access/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { staffSchema, type Staff } from '../../shared/merchants/index.js';
import { getItem } from './merchantRecords.js';

// Verified against when the login is unknown, so the answer takes as long as for a known one.
const decoyHash = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(64).toString('base64')}`;

const scrypt = (secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(secret, salt, length, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))));

const passwordMatches = async (password: string, hash: string): Promise<boolean> => {
  const [, N, r, p, salt, key] = hash.split('$');
  const expected = Buffer.from(String(key), 'base64');
  const derived = await scrypt(password, Buffer.from(String(salt), 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(derived, expected);
};

const refused = () => new DomainError('UNAUTHORIZED', 'Wrong login or password', { reason: 'badCredentials' });

export const staffLoginKey = (login: string) => ({ pk: `LOGIN#${login}`, sk: 'LOGIN' });

export const loadStaff = async (login: string): Promise<Staff | undefined> => {
  const item = await getItem(staffLoginKey(login));
  return item === undefined ? undefined : parseOrThrow(staffSchema, item, `staff login ${login}`);
};

/** The staff principal a correct login and password name. */
export const signIn = async (login: string, password: string): Promise<MerchantStaffPrincipal> => {
  const staff = await loadStaff(login);
  const matches = await passwordMatches(password, staff?.passwordHash ?? decoyHash);
  if (staff === undefined || !matches || staff.status !== 'active') throw refused();
  return { kind: 'merchant', merchantId: staff.merchantId, staffId: staff.staffId, role: staff.role };
};
