import { createHash } from 'node:crypto';
import { DomainError } from '../../../shared/errors/index.js';
import { weChatLoginError, type WeChatLogin, type WeChatPhoneNumber, type WeChatSession } from './weChatLogin.js';

/*
 * WeChat login for the local stack and tests. A code is `<who>-<anything>`: every code with
 * the same `<who>` is the same WeChat user (same openid), so "alice-1" and "alice-2" log in
 * driver Alice twice and "bob-1" is someone else. A code without "-" is its own user.
 * Some `<who>` values act out WeChat's failures: `invalid` (40029), `used` (40163),
 * `risky` (40226), `limited` (45011), `busy` (-1).
 * Phone codes: `<11 digits>-…` returns that mainland number; anything else a number derived
 * from the code's `<who>`, so Alice's phone code always gives Alice's number.
 */

// A Map: a code named `constructor` or `__proto__` is a user like any other, not an inherited property.
const failures = new Map<string, number>([['invalid', 40029], ['used', 40163], ['risky', 40226], ['limited', 45011], ['busy', -1]]);

const whoOf = (code: string): string => {
  if (code.length === 0) throw new DomainError('VALIDATION_FAILED', 'The WeChat code is empty');
  return code.split('-', 1)[0]!;
};

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

const actOutFailure = (who: string, what: string): void => {
  const errcode = failures.get(who);
  if (errcode !== undefined) throw weChatLoginError(errcode, `simulated ${who}`, what);
};

export class SimulatedWeChatLogin implements WeChatLogin {
  constructor(private readonly appId = 'wx00000000simulator') {}

  /** The openid the simulator gives `<who>`; tests use it to expect a driver's identity. */
  openIdOf(who: string): string {
    // WeChat openids are 28 characters of base64url-ish text starting with "o".
    return `o${digest(`${this.appId}:${who}`).toString('base64url').slice(0, 27)}`;
  }

  async code2session(code: string): Promise<WeChatSession> {
    const who = whoOf(code);
    actOutFailure(who, 'log in');
    return { openId: this.openIdOf(who), sessionKey: digest(`session:${code}`).subarray(0, 16).toString('base64') };
  }

  async phoneNumber(code: string): Promise<WeChatPhoneNumber> {
    const who = whoOf(code);
    actOutFailure(who, 'read the phone number');
    const number = /^1\d{10}$/.test(who) ? who : `139${String(digest(`phone:${this.appId}:${who}`).readUInt32BE(0) % 1e8).padStart(8, '0')}`;
    return { phoneNumber: number, purePhoneNumber: number, countryCode: '86' };
  }
}
