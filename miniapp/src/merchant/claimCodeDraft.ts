// Relative rather than @shared/: vitest's unit project has no alias for it.
import { claimCodeLifetimes } from '../../../shared/merchants/claimCode.js';
import type { CouponTemplate } from '@shared/coupons/couponTemplate.js';
import type { ClaimCodeRequest, ClaimCodeView } from './merchantApi.js';

/*
 * The owner's claim-code form: what they type, checked here before it goes to the API (which
 * checks it again, shared/merchants createClaimCode). A printed (static) code lives for days, a
 * dynamic one, shown on the clerk's phone to one customer, for minutes.
 */

export type ClaimCodeKind = ClaimCodeRequest['kind'];

export interface ClaimCodeDraft {
  templateId: string;
  kind: ClaimCodeKind;
  /** As typed. */
  quota: string;
  perDriverLimit: string;
  /** Days for a static code, minutes for a dynamic one. */
  lifetime: string;
}

export const lifetimeUnit: Record<ClaimCodeKind, string> = { static: '天', dynamic: '分钟' };

const maxLifetime: Record<ClaimCodeKind, number> = { static: claimCodeLifetimes.staticMaxDays, dynamic: claimCodeLifetimes.dynamicMaxMinutes };
const unitMs: Record<ClaimCodeKind, number> = { static: 86_400_000, dynamic: 60_000 };

/** A fresh form of a kind: a printed code for many customers, or a few minutes' code for one. */
export const draftOf = (kind: ClaimCodeKind, templateId: string): ClaimCodeDraft =>
  kind === 'static' ? { templateId, kind, quota: '100', perDriverLimit: '1', lifetime: '30' } : { templateId, kind, quota: '1', perDriverLimit: '1', lifetime: '5' };

/** Spend-threshold templates need a receipt a customer cannot show to a code: staff grant those. */
export const claimableTemplates = (templates: readonly CouponTemplate[]): CouponTemplate[] =>
  templates.filter((template) => template.kind !== 'spendThreshold' && template.status !== 'retired');

const wholeNumber = (text: string): number | null => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null);

export type DraftCheck = { ok: true; request: ClaimCodeRequest } | { ok: false; problem: string };

/** The API request for a draft made at `now`, or what the owner must fix. */
export const claimCodeRequest = (draft: ClaimCodeDraft, now: number): DraftCheck => {
  if (draft.templateId === '') return { ok: false, problem: '请选择停车券' };
  const quota = wholeNumber(draft.quota);
  if (quota === null || quota < 1 || quota > 100_000) return { ok: false, problem: '发放名额请填写 1–100000 的整数' };
  const perDriverLimit = wholeNumber(draft.perDriverLimit);
  if (perDriverLimit === null || perDriverLimit < 1) return { ok: false, problem: '每人限领请填写至少 1 的整数' };
  if (perDriverLimit > quota) return { ok: false, problem: '每人限领不能超过发放名额' };
  const lifetime = wholeNumber(draft.lifetime);
  const max = maxLifetime[draft.kind];
  if (lifetime === null || lifetime < 1 || lifetime > max) return { ok: false, problem: `有效期请填写 1–${max} ${lifetimeUnit[draft.kind]}` };
  return {
    ok: true,
    request: {
      templateId: draft.templateId,
      kind: draft.kind,
      quota,
      perDriverLimit,
      expiresAt: new Date(now + lifetime * unitMs[draft.kind]).toISOString(),
    },
  };
};

/** "已领 3/100", and whether the code can still be claimed at `now`. */
export const claimCodeState = (
  { code, claimedCount: claimed }: Pick<ClaimCodeView, 'claimedCount'> & { code: Pick<ClaimCodeView['code'], 'quota' | 'expiresAt' | 'status'> },
  now: number,
): { progress: string; open: boolean; label: string } => {
  const progress = `已领 ${claimed}/${code.quota}`;
  if (code.status === 'revoked') return { progress, open: false, label: '已作废' };
  if (Date.parse(code.expiresAt) <= now) return { progress, open: false, label: '已过期' };
  if (claimed >= code.quota) return { progress, open: false, label: '已领完' };
  return { progress, open: true, label: '可领取' };
};
