import Taro from '@tarojs/taro';
import { errorCodes, type ErrorBody } from '@shared/errors/index.js';
import { apiBaseUrl } from './apiBaseUrl.js';
import { ApiError } from './apiError.js';

export { ApiError, type ApiErrorCode } from './apiError.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequestOptions {
  body?: unknown;
  /** Bearer token of the signed-in driver or merchant. */
  token?: string;
  /** Extra headers, e.g. `idempotency-key`. */
  headers?: Record<string, string>;
}

const isErrorBody = (value: unknown): value is ErrorBody => {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    'message' in error &&
    (errorCodes as readonly unknown[]).includes(error.code) &&
    typeof error.message === 'string'
  );
};

/** Calls the API; resolves with the JSON body of a 2xx answer, rejects with an ApiError. */
export const apiRequest = async <T>(method: Method, path: string, options: ApiRequestOptions = {}): Promise<T> => {
  let response: Taro.request.SuccessCallbackResult;
  try {
    response = await Taro.request({
      url: `${apiBaseUrl()}${path}`,
      method,
      data: options.body as Taro.request.Option['data'],
      header: {
        'content-type': 'application/json',
        ...options.headers,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      dataType: 'json',
    });
  } catch {
    throw new ApiError('NETWORK_FAILED', '网络连接失败，请检查网络后重试', null);
  }

  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) return data as T;
  if (isErrorBody(data)) throw new ApiError(data.error.code, data.error.message, statusCode, data.error.details);
  throw new ApiError('BAD_RESPONSE', `服务暂时不可用（HTTP ${statusCode}）`, statusCode);
};
