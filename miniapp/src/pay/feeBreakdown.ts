import type { AppliedDiscount } from '@shared/fees/quoteStay.js';
// Relative rather than @shared/: vitest's unit project has no alias for it.
import { formatYuan } from '../../../shared/money/fen.js';
import type { DriverQuote } from '../api/driverPayments.js';

/** One line of the fee breakdown as the driver reads it. */
export interface BreakdownLine {
  label: string;
  value: string;
}

/** 130 → "2小时10分钟". */
export const durationText = (minutes: number): string => {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}分钟`;
  return rest === 0 ? `${hours}小时` : `${hours}小时${rest}分钟`;
};

/** The zone of DESIGN.md's lots (no daylight saving); what the API writes in UTC is shown in it. */
const lotOffsetMs = 8 * 60 * 60_000;

/**
 * An instant as `yyyy-mm-dd HH:mm` on the lot's clock. Quotes carry the lot's offset, so their
 * wall-clock digits are the lot's time; an instant in UTC (`…Z`) is moved to the lot's zone.
 */
export const lotTimeText = (instant: string): string => {
  const local = /(Z|[+-]00:00)$/.test(instant) ? new Date(Date.parse(instant) + lotOffsetMs).toISOString() : instant;
  return local.slice(0, 16).replace('T', ' ');
};

const discountLabel = (discount: AppliedDiscount): string => {
  switch (discount.kind) {
    case 'exempt':
      return '免费车辆';
    case 'full':
      return '全免停车券';
    case 'minutes':
      return `停车券（${discount.value ?? 0}分钟）`;
    case 'amount':
      return '抵扣停车券';
    case 'percent':
      return `折扣优惠（${discount.value ?? 0}%）`;
  }
};

/** Entry time, duration, gross, each discount, paid and due: the quote's working in order. */
export const feeBreakdown = (quote: DriverQuote): BreakdownLine[] => [
  { label: '入场时间', value: lotTimeText(quote.enteredAt) },
  { label: '停车时长', value: durationText(quote.durationMinutes) },
  { label: '停车费', value: formatYuan(quote.grossFee) },
  ...quote.discounts.map((discount) => ({ label: discountLabel(discount), value: formatYuan(-discount.amount) })),
  ...(quote.paid > 0 ? [{ label: '已支付', value: formatYuan(-quote.paid) }] : []),
  { label: '应付金额', value: formatYuan(quote.due) },
];

/** `14:05` plus minutes, on the lot's clock, as `HH:mm` (wrapping at midnight). */
const wallClockPlus = (instant: string, minutes: number): string => {
  const [hours, mins] = lotTimeText(instant).slice(11).split(':').map(Number) as [number, number];
  const total = (((hours * 60 + mins + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** What the lot's exit grace means for this quote: how long after paying the car may leave. */
export const graceNote = (quote: DriverQuote): string => {
  const { exitGraceMinutes } = quote;
  if (quote.due > 0) return `支付后${exitGraceMinutes}分钟内离场无需再缴费`;
  if (quote.paid > 0) return `已缴清，请在 ${wallClockPlus(quote.chargedUntil, exitGraceMinutes)} 前离场`;
  return '当前无需缴费，可直接离场';
};
