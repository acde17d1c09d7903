import { createHash } from 'node:crypto';
import { DependencyUnavailable } from '../../http/dependencyUnavailable.js';
import { weChatPayApiError, weChatPayDependency, weChatPayUnreachable } from './apiErrors.js';
import type { WeChatPayConfig } from './config.js';
import { platformSignatureFailure } from './platformSignature.js';
import { authorizationHeader, newNonce } from './signatures.js';

/**
 * The signed HTTP client for WeChat Pay API v3: every request carries the `Authorization`
 * header, every 2xx JSON answer must carry a valid platform signature (an answer we cannot
 * verify is treated as no answer), every call has a deadline.
 */

export interface WeChatPayApiDependencies {
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

export interface ApiAnswer {
  status: number;
  /** Parsed JSON; `undefined` for an empty body (e.g. 204). */
  body: unknown;
}

const userAgent = 'parkade-wechatpay/1 (node)';

export class WeChatPayApi {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(
    private readonly config: WeChatPayConfig,
    dependencies: WeChatPayApiDependencies = {},
  ) {
    this.fetch = dependencies.fetch ?? globalThis.fetch;
    this.now = dependencies.now ?? Date.now;
  }

  /** `what` names the operation in errors ("create the prepay order"). */
  async call(method: 'GET' | 'POST', pathAndQuery: string, body: object | undefined, what: string): Promise<ApiAnswer> {
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const response = await this.send(method, new URL(pathAndQuery, `${this.config.apiBaseUrl}/`), bodyText, what);
    const text = await this.readText(response, what);
    const parsed = text === '' ? undefined : parseJsonOrUndefined(text);
    if (!response.ok) throw weChatPayApiError(response.status, parsed, what);
    const failure = platformSignatureFailure({
      headers: headersOf(response),
      body: text,
      platformKeys: this.config.platformKeys,
      nowSeconds: Math.floor(this.now() / 1000),
    });
    if (failure !== null) {
      throw new DependencyUnavailable(weChatPayDependency, `WeChat Pay's answer to ${what} failed verification: ${failure}`);
    }
    if (text !== '' && parsed === undefined) {
      throw new DependencyUnavailable(weChatPayDependency, `WeChat Pay's answer to ${what} is not JSON`);
    }
    return { status: response.status, body: parsed };
  }

  /**
   * A bill file from a `download_url` WeChat gave us. The file itself is not signed; its SHA1
   * (given with the URL, which was signed) proves it. We only send our Authorization to the
   * configured API host.
   */
  async download(downloadUrl: string, sha1Hex: string, what: string): Promise<Buffer> {
    const url = new URL(downloadUrl);
    if (url.origin !== new URL(this.config.apiBaseUrl).origin) {
      throw new DependencyUnavailable(weChatPayDependency, `WeChat Pay gave a download address on another host for ${what}`);
    }
    const response = await this.send('GET', url, '', what);
    if (!response.ok) {
      const text = await this.readText(response, what);
      throw weChatPayApiError(response.status, parseJsonOrUndefined(text), what);
    }
    const bytes = Buffer.from(await this.readBytes(response, what));
    if (createHash('sha1').update(bytes).digest('hex') !== sha1Hex.toLowerCase()) {
      throw new DependencyUnavailable(weChatPayDependency, `The file for ${what} does not match its SHA1`);
    }
    return bytes;
  }

  private async send(method: 'GET' | 'POST', url: URL, bodyText: string, what: string): Promise<Response> {
    const authorization = authorizationHeader(this.config.signer, {
      method,
      pathAndQuery: `${url.pathname}${url.search}`,
      body: bodyText,
      timestamp: Math.floor(this.now() / 1000),
      nonce: newNonce(),
    });
    try {
      return await this.fetch(url, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': userAgent,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: bodyText } : {}),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      throw weChatPayUnreachable(what, error);
    }
  }

  /** The body can time out too: the deadline covers the whole exchange. */
  private async readText(response: Response, what: string): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw weChatPayUnreachable(what, error);
    }
  }

  private async readBytes(response: Response, what: string): Promise<ArrayBuffer> {
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw weChatPayUnreachable(what, error);
    }
  }
}

const headersOf = (response: Response): Record<string, string> => {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
};

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
