import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import { SimulatedWeChatLogin } from './simulatedWeChatLogin.js';

const login = new SimulatedWeChatLogin();

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

describe('simulated WeChat login', () => {
  it('gives every code of one driver the same openid, and different drivers different ones', async () => {
    const alice1 = await login.code2session('alice-1');
    const alice2 = await login.code2session('alice-2');
    const bob = await login.code2session('bob-1');
    expect(alice1.openId).toBe(alice2.openId);
    expect(alice1.openId).toBe(login.openIdOf('alice'));
    expect(bob.openId).not.toBe(alice1.openId);
    expect(alice1.openId).toMatch(/^o[\w-]{27}$/);
    expect(new SimulatedWeChatLogin('wxanotherapp00').openIdOf('alice')).not.toBe(alice1.openId);
  });

  it.each([
    ['invalid-1', 'UNAUTHORIZED'],
    ['used-1', 'UNAUTHORIZED'],
    ['risky-1', 'FORBIDDEN'],
    ['limited-1', 'RATE_LIMITED'],
    ['busy-1', 'UNAVAILABLE'],
  ])('%s acts out WeChat’s failure (%s)', async (code, errorCode) => {
    expect(await codeOf(login.code2session(code))).toBe(errorCode);
    expect(await codeOf(login.phoneNumber(code))).toBe(errorCode);
  });

  it('treats codes named like Object.prototype’s properties as users like any other', async () => {
    const [proto, constructor] = await Promise.all([login.code2session('__proto__-1'), login.code2session('constructor-1')]);
    expect(proto.openId).toBe(login.openIdOf('__proto__'));
    expect(constructor.openId).not.toBe(proto.openId);
  });

  it('phone numbers: the one typed into the code, or one fixed per driver', async () => {
    expect(await login.phoneNumber('13812345678-1')).toEqual({ phoneNumber: '13812345678', purePhoneNumber: '13812345678', countryCode: '86' });
    const alice = await login.phoneNumber('alice-9');
    expect(alice.purePhoneNumber).toMatch(/^139\d{8}$/);
    expect((await login.phoneNumber('alice-10')).purePhoneNumber).toBe(alice.purePhoneNumber);
  });
});
