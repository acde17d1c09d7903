// Relative rather than @shared/: vitest's unit project has no alias for it.
import type { MemberCard } from '../../../shared/club/memberCard.js';
import type { PointsEntry } from '../../../shared/club/pointsLedger.js';
import { formatYuan } from '../../../shared/money/fen.js';
import { durationText, lotTimeText } from '../pay/feeBreakdown.js';

/** A member card's status as a driver reads it. */
export const memberStatusText = (card: Pick<MemberCard, 'status' | 'entitled' | 'graceUntil'>): string => {
  switch (card.status) {
    case 'PENDING':
      return '审核中，通过后享受会员权益';
    case 'ACTIVE':
      return card.entitled ? '权益生效中' : `已过有效期，请在 ${lotTimeText(card.graceUntil)} 前续期`;
    case 'SUSPENDED':
      return '已暂停，请联系车场服务台';
    case 'LAPSED':
      return '已失效（连续数月未达到最低停车次数）';
    case 'CANCELLED':
      return '已退出会员';
  }
};

/** The tier's benefits, one line each, with this month's quota left. */
export const benefitLines = (card: Pick<MemberCard, 'benefits' | 'monthlyQuota'>): string[] => {
  const { benefits, monthlyQuota } = card;
  return [
    ...(benefits.freeMinutesPerVisit > 0 ? [`每次停车免费${durationText(benefits.freeMinutesPerVisit)}`] : []),
    ...(benefits.monthlyFreeHours > 0 ? [`每月免费${benefits.monthlyFreeHours}小时，本月还剩${durationText(monthlyQuota.leftMinutes)}`] : []),
    ...(benefits.pointsMultiplier > 0 ? [`停车费每消费1元积${benefits.pointsMultiplier}分`] : []),
    ...(benefits.pointsRedemption
      ? [`${benefits.pointsRedemption.points}积分抵${formatYuan(benefits.pointsRedemption.amountFen)}，每次最多抵${formatYuan(benefits.pointsRedemption.maxAmountFenPerVisit)}`]
      : []),
  ];
};

const entryKindText: Record<PointsEntry['kind'], string> = {
  earn: '停车消费积分',
  redeem: '积分抵扣停车费',
  reward: '会员奖励',
  expire: '积分过期',
  adjustment: '积分调整',
};

/** One line of the points history: what happened, when, and the signed points. */
export const pointsEntryLine = (entry: Pick<PointsEntry, 'kind' | 'points' | 'at'>): { title: string; time: string; points: string } => ({
  title: entryKindText[entry.kind],
  time: lotTimeText(entry.at),
  points: entry.points > 0 ? `+${entry.points}` : String(entry.points),
});
