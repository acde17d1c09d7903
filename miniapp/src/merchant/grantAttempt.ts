import { newAttemptKey } from '../api/attemptKey.js';

/*
 * One grant attempt = one Idempotency-Key. The key is made when staff confirm a grant and kept
 * for that same grant (plate, template, receipt) however often it is sent: a double tap or a
 * retry after a lost answer grants once. A changed grant, or a new one after success, gets a
 * new key.
 */

export interface GrantDraft {
  templateId: string;
  plate: string;
  receiptFen?: number;
}

export interface GrantAttempt {
  key: string;
  draft: GrantDraft;
}

const sameDraft = (a: GrantDraft, b: GrantDraft): boolean =>
  a.templateId === b.templateId && a.plate === b.plate && a.receiptFen === b.receiptFen;

/** The attempt to send `draft` under: the pending one when it is the same grant, else a new one. */
export const attemptFor = (pending: GrantAttempt | null, draft: GrantDraft): GrantAttempt =>
  pending !== null && sameDraft(pending.draft, draft) ? pending : { key: newAttemptKey('grant'), draft };
