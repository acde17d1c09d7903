import { z } from 'zod';
import { DomainError, describeIssues } from '../../../shared/errors/index.js';
import { DependencyUnavailable } from '../../http/dependencyUnavailable.js';
import {
  weChatLoginDependency,
  weChatLoginError,
  type WeChatLogin,
  type WeChatPhoneNumber,
  type WeChatSession,
} from './weChatLogin.js';

/*
 * The real thing, over api.weixin.qq.com:
 *   GET  /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
 *   POST /cgi-bin/stable_token {grant_type:"client_credential", appid, secret, force_refresh}
 *   POST /wxa/business/getuserphonenumber?access_token=…  {code}
 * The stable token endpoint hands every caller the same token until it expires, so several
 * Lambda instances caching it independently do not invalidate each other's.
 */

export const weChatLoginSecretSchema = z.object({
  appId: z.string().regex(/^wx[0-9a-zA-Z]{6,32}$/, 'must be the mini-program app id (wx…)'),
  appSecret: z.string().min(16, 'must be the app secret'),
  apiBaseUrl: z.url().default('https://api.weixin.qq.com'),
  timeoutMs: z.number().int().positive().max(30_000).default(5_000),
});
export type WeChatLoginSecret = z.input<typeof weChatLoginSecretSchema>;
export type WeChatLoginConfig = z.output<typeof weChatLoginSecretSchema>;

export const readWeChatLoginConfig = (stored: unknown): WeChatLoginConfig => {
  const parsed = weChatLoginSecretSchema.safeParse(stored);
  if (parsed.success) return { ...parsed.data, apiBaseUrl: parsed.data.apiBaseUrl.replace(/\/+$/, '') };
  const problems = describeIssues(parsed.error).map((problem) => `${problem.path}: ${problem.message}`);
  throw new DomainError('INTERNAL', `WeChat login configuration is invalid: ${problems.join('; ')}`);
};

const errorFields = { errcode: z.number().int().optional(), errmsg: z.string().optional() };

const sessionAnswerSchema = z.object({
  ...errorFields,
  openid: z.string().min(1).optional(),
  unionid: z.string().min(1).optional(),
  session_key: z.string().min(1).optional(),
});

const tokenAnswerSchema = z.object({
  ...errorFields,
  access_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
});

const phoneAnswerSchema = z.object({
  ...errorFields,
  phone_info: z
    .object({
      phoneNumber: z.string(),
      purePhoneNumber: z.string(),
      countryCode: z.union([z.string(), z.number()]).transform(String),
      watermark: z.object({ appid: z.string(), timestamp: z.number().optional() }),
    })
    .optional(),
});

/** Errcodes that mean "this access token is no good any more". */
const staleTokenCodes = new Set([40001, 40014, 42001]);
/** Refresh a little before WeChat's expiry so a token never dies mid-request. */
const tokenMarginMs = 5 * 60_000;

export interface WeChatLoginClientDependencies {
  fetch?: typeof fetch;
  now?: () => number;
}

export class WeChatLoginClient implements WeChatLogin {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private token: { value: string; expiresAtMs: number } | undefined;

  constructor(
    private readonly config: WeChatLoginConfig,
    dependencies: WeChatLoginClientDependencies = {},
  ) {
    this.fetch = dependencies.fetch ?? globalThis.fetch;
    this.now = dependencies.now ?? Date.now;
  }

  async code2session(code: string): Promise<WeChatSession> {
    const query = new URLSearchParams({
      appid: this.config.appId,
      secret: this.config.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const answer = await this.call(sessionAnswerSchema, 'GET', `/sns/jscode2session?${query}`, undefined, 'log in');
    if (answer.openid === undefined || answer.session_key === undefined) {
      throw new DependencyUnavailable(weChatLoginDependency, 'WeChat answered the login without an openid');
    }
    return {
      openId: answer.openid,
      sessionKey: answer.session_key,
      ...(answer.unionid === undefined ? {} : { unionId: answer.unionid }),
    };
  }

  async phoneNumber(code: string): Promise<WeChatPhoneNumber> {
    try {
      return await this.askPhoneNumber(code, await this.accessToken(false));
    } catch (error) {
      if (!(error instanceof StaleToken)) throw error;
    }
    try {
      return await this.askPhoneNumber(code, await this.accessToken(true));
    } catch (error) {
      if (error instanceof StaleToken) throw new DomainError('INTERNAL', 'WeChat refuses even a fresh access token');
      throw error;
    }
  }

  private async askPhoneNumber(code: string, token: string): Promise<WeChatPhoneNumber> {
    const path = `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`;
    const answer = await this.call(phoneAnswerSchema, 'POST', path, { code }, 'read the phone number', (errcode) =>
      staleTokenCodes.has(errcode) ? new StaleToken() : undefined,
    );
    const info = answer.phone_info;
    if (info === undefined || info.watermark.appid !== this.config.appId) {
      throw new DependencyUnavailable(weChatLoginDependency, 'WeChat answered the phone number for another app or without one');
    }
    return { phoneNumber: info.phoneNumber, purePhoneNumber: info.purePhoneNumber, countryCode: info.countryCode };
  }

  /** `forceRefresh` after WeChat said our token is stale; WeChat limits how often that may happen. */
  private async accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && this.token !== undefined && this.token.expiresAtMs > this.now()) return this.token.value;
    this.token = undefined;
    const answer = await this.call(
      tokenAnswerSchema,
      'POST',
      '/cgi-bin/stable_token',
      { grant_type: 'client_credential', appid: this.config.appId, secret: this.config.appSecret, force_refresh: forceRefresh },
      'issue an access token',
    );
    if (answer.access_token === undefined || answer.expires_in === undefined) {
      throw new DependencyUnavailable(weChatLoginDependency, 'WeChat answered without an access token');
    }
    this.token = { value: answer.access_token, expiresAtMs: this.now() + answer.expires_in * 1000 - tokenMarginMs };
    return answer.access_token;
  }

  private async call<S extends z.ZodType<{ errcode?: number | undefined; errmsg?: string | undefined }>>(
    schema: S,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body: object | undefined,
    what: string,
    special: (errcode: number) => Error | undefined = () => undefined,
  ): Promise<z.infer<S>> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.config.apiBaseUrl}${pathAndQuery}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new DependencyUnavailable(weChatLoginDependency, `WeChat did not answer in time to ${what}`, error);
    }
    if (!response.ok) throw new DependencyUnavailable(weChatLoginDependency, `WeChat answered ${response.status} to ${what}`);
    let parsed: z.infer<S>;
    try {
      parsed = schema.parse(JSON.parse(text));
    } catch {
      throw new DependencyUnavailable(weChatLoginDependency, `WeChat's answer to ${what} is not in the documented shape`);
    }
    const errcode = parsed.errcode ?? 0;
    if (errcode !== 0) throw special(errcode) ?? weChatLoginError(errcode, parsed.errmsg ?? '', what);
    return parsed;
  }
}

class StaleToken extends Error {}
