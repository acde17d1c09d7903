import type { ErrorCode } from '../../../shared/errors/domainError.js';

/*
 * Free of Taro (unlike apiRequest.ts) so that what reads errors (refusalText, the merchant's
 * texts) is tested in node. Relative rather than @shared/: vitest's unit project has no alias.
 */

/** The API's own codes, plus the two ways a call fails before the API could answer. */
export type ApiErrorCode = ErrorCode | 'NETWORK_FAILED' | 'BAD_RESPONSE';

/** A failed API call; `message` is meant for the person using the app. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status, null when no answer arrived. */
    readonly status: number | null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
