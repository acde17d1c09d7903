/** A fresh Idempotency-Key for one attempt (a payment, a claim); its retries reuse it. */
export const newAttemptKey = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
