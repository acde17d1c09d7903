import { z } from 'zod';
import { DomainError } from '../../../shared/errors/index.js';
import { DependencyUnavailable } from '../../http/dependencyUnavailable.js';

/*
 * WeChat mini-program login and phone number, behind one interface with two implementations:
 * the HTTP client for api.weixin.qq.com (WeChatLoginClient) and the local simulator
 * (SimulatedWeChatLogin).
 */

export interface WeChatSession {
  openId: string;
  /** Present when the mini-program is bound to a WeChat Open Platform account. */
  unionId?: string;
  /** Decrypts wx.getUserInfo-style data; never sent to the client, never logged. */
  sessionKey: string;
}

export interface WeChatPhoneNumber {
  /** With the country code for numbers outside mainland China, e.g. "+1 2025550123". */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface WeChatLogin {
  /** `wx.login`'s code → the user's identity in our mini-program (auth.code2Session). */
  code2session(code: string): Promise<WeChatSession>;
  /** The code from `<button open-type="getPhoneNumber">` → the user's verified phone number. */
  phoneNumber(code: string): Promise<WeChatPhoneNumber>;
}

export const weChatLoginDependency = 'wechat-login';

/** A code is what the mini-program got from WeChat: short, printable, no spaces. */
export const weChatCodeSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be the code from WeChat');

export type WeChatLoginFailure = 'invalidCode' | 'codeUsed' | 'riskyUser' | 'rateLimited';

const loginRefused = (code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'RATE_LIMITED', reason: WeChatLoginFailure, message: string, errcode: number) =>
  new DomainError(code, message, { reason, errcode });

/**
 * WeChat's `errcode` (api.weixin.qq.com answers HTTP 200 with it) as our error. Codes not listed
 * are a set-up problem on our side (wrong app id or secret, IP not allowed): INTERNAL.
 */
export const weChatLoginError = (errcode: number, errmsg: string, what: string): DomainError => {
  switch (errcode) {
    case 40029:
      return loginRefused('UNAUTHORIZED', 'invalidCode', 'The WeChat code is invalid or expired; log in again', errcode);
    case 40163:
      return loginRefused('UNAUTHORIZED', 'codeUsed', 'The WeChat code was already used; log in again', errcode);
    case 40226:
      return loginRefused('FORBIDDEN', 'riskyUser', 'WeChat has flagged this account as risky', errcode);
    case 45011:
      return loginRefused('RATE_LIMITED', 'rateLimited', 'Too many logins in a short time; try again in a minute', errcode);
    case -1:
      return new DependencyUnavailable(weChatLoginDependency, `WeChat is busy and could not ${what}`);
    default:
      return new DomainError('INTERNAL', `WeChat could not ${what}: ${errcode} ${errmsg}`.trim(), { errcode });
  }
};
