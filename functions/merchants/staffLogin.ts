/**
 * Staff sign-in with login and password: the StaffLogin item `pk=LOGIN#<login>` holds an scrypt
 * hash (passwordHash.ts). An unknown login, a wrong password and a disabled member all get the
 * same 401, after the same amount of work. Failed attempts are counted per login name and per
 * source address (loginThrottle.ts); past the limit, RATE_LIMITED until the window ends.
 */
import type { MerchantStaffPrincipal } from '../../shared/access/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { staffSchema, type Staff } from '../../shared/merchants/index.js';
import { countFailedLogin, forgetLoginFailures, loginFailures } from './loginThrottle.js';
import { getItem } from './merchantRecords.js';
import { decoyHash, passwordMatches } from './passwordHash.js';

const refused = () => new DomainError('UNAUTHORIZED', 'Wrong login or password', { reason: 'badCredentials' });

export const staffLoginKey = (login: string) => ({ pk: `LOGIN#${login}`, sk: 'LOGIN' });

export const loadStaff = async (login: string): Promise<Staff | undefined> => {
  const item = await getItem(staffLoginKey(login));
  return item === undefined ? undefined : parseOrThrow(staffSchema, item, `staff login ${login}`);
};

/** The staff principal a correct login and password name, unless the login or the address is locked out. */
export const signIn = async (login: string, password: string, sourceIp: string, now = new Date()): Promise<MerchantStaffPrincipal> => {
  const failures = await loginFailures(login, sourceIp, now);
  const staff = await loadStaff(login);
  const matches = await passwordMatches(password, staff?.passwordHash ?? decoyHash);
  if (staff === undefined || !matches || staff.status !== 'active') {
    await countFailedLogin(failures);
    throw refused();
  }
  await forgetLoginFailures(failures);
  return { kind: 'merchant', merchantId: staff.merchantId, staffId: staff.staffId, role: staff.role };
};
