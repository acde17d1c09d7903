/*
 * A lot's daily reports, built from plain data the adapter loaded (functions/reports): each
 * report is rows (checked by the tests: totals add up) and a CSV of them.
 *
 *   revenue         payments credited during the day by method (JSAPI in the mini-program,
 *                   micropay = a payment code scanned at the exit lane), refunds, net
 *   sessions        cars in and out, average stay of those that left, still parked at midnight
 *   occupancy       per local hour: entries, exits, cars parked at the end of the hour
 *   coupons         per merchant and coupon face: granted, used, expired, and what the used cost
 *   reconciliation  the day's differences with the provider's trade bill (shared/payments)
 */
import { faceValueText, type Coupon } from '../coupons/index.js';
import { formatYuan } from '../money/index.js';
import type { Mismatch } from '../payments/index.js';
import { csvTable } from './csvTable.js';
import { hoursOf, isDuring, type ReportDay } from './reportDay.js';

export const paymentMethods = ['jsapi', 'micropay'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export interface ReportPayment {
  orderId: string;
  method: PaymentMethod;
  amountFen: number;
  /** Refunded so far (refunds are counted against the day the payment was made). */
  refundedFen: number;
  paidAt: string;
}

export interface ReportSession {
  sessionId: string;
  enteredAt: string;
  closedAt?: string | undefined;
  /** What the car left owing (offline exit, missed exit). */
  owingFen?: number | undefined;
  /** Why the stay was free (allow-list, special vehicle). */
  exemption?: string | undefined;
}

export interface ReportCoupon extends Pick<Coupon, 'couponId' | 'merchantId' | 'face' | 'priceFen' | 'status' | 'grantedAt' | 'endedAt'> {}

export interface DailyReportInput {
  day: ReportDay;
  payments: readonly ReportPayment[];
  sessions: readonly ReportSession[];
  coupons: readonly ReportCoupon[];
  /** Merchant names by id, for people reading the coupon report. */
  merchantNames: Readonly<Record<string, string>>;
  mismatches: readonly Mismatch[];
}

const yuan = (fen: number): string => formatYuan(fen).replace('¥', '');

export interface RevenueRow {
  method: PaymentMethod | 'total';
  payments: number;
  paidFen: number;
  refundedFen: number;
  netFen: number;
}

export const revenueByMethod = (day: ReportDay, payments: readonly ReportPayment[]): RevenueRow[] => {
  const ofDay = payments.filter((payment) => isDuring(day, payment.paidAt));
  const row = (method: RevenueRow['method'], of: readonly ReportPayment[]): RevenueRow => {
    const paidFen = of.reduce((sum, payment) => sum + payment.amountFen, 0);
    const refundedFen = of.reduce((sum, payment) => sum + payment.refundedFen, 0);
    return { method, payments: of.length, paidFen, refundedFen, netFen: paidFen - refundedFen };
  };
  return [...paymentMethods.map((method) => row(method, ofDay.filter((payment) => payment.method === method))), row('total', ofDay)];
};

export interface SessionSummary {
  entered: number;
  left: number;
  /** Of the sessions that ended during the day, rounded to the minute; 0 when none did. */
  averageStayMinutes: number;
  parkedAtEnd: number;
  leftOwing: number;
  owingFen: number;
  exempt: number;
}

const parkedAt = (sessions: readonly ReportSession[], t: number): number =>
  sessions.filter((session) => Date.parse(session.enteredAt) < t && (session.closedAt === undefined || Date.parse(session.closedAt) >= t)).length;

export const sessionSummary = (day: ReportDay, sessions: readonly ReportSession[]): SessionSummary => {
  const left = sessions.filter((session) => isDuring(day, session.closedAt));
  const stayMs = left.reduce((sum, session) => sum + Date.parse(session.closedAt!) - Date.parse(session.enteredAt), 0);
  return {
    entered: sessions.filter((session) => isDuring(day, session.enteredAt)).length,
    left: left.length,
    averageStayMinutes: left.length === 0 ? 0 : Math.round(stayMs / left.length / 60_000),
    parkedAtEnd: parkedAt(sessions, day.end),
    leftOwing: left.filter((session) => (session.owingFen ?? 0) > 0).length,
    owingFen: left.reduce((sum, session) => sum + (session.owingFen ?? 0), 0),
    exempt: left.filter((session) => session.exemption !== undefined).length,
  };
};

export interface OccupancyRow {
  /** Local clock time the hour starts, "08:00". */
  hour: string;
  entries: number;
  exits: number;
  parkedAtEnd: number;
}

export const occupancyByHour = (day: ReportDay, sessions: readonly ReportSession[]): { parkedAtStart: number; hours: OccupancyRow[] } => {
  const within = (instant: string | undefined, start: number, end: number) => instant !== undefined && Date.parse(instant) >= start && Date.parse(instant) < end;
  return {
    parkedAtStart: parkedAt(sessions, day.start),
    hours: hoursOf(day).map(({ label, start, end }) => ({
      hour: label,
      entries: sessions.filter((session) => within(session.enteredAt, start, end)).length,
      exits: sessions.filter((session) => within(session.closedAt, start, end)).length,
      parkedAtEnd: parkedAt(sessions, end),
    })),
  };
};

export interface CouponRow {
  merchantId: string;
  merchantName: string;
  face: string;
  priceFen: number;
  granted: number;
  used: number;
  expired: number;
  /** What the used coupons cost the merchant: used × price. */
  chargedFen: number;
}

export const couponsByMerchant = (day: ReportDay, coupons: readonly ReportCoupon[], merchantNames: Readonly<Record<string, string>>): CouponRow[] => {
  const rows = new Map<string, CouponRow>();
  for (const coupon of coupons) {
    const granted = isDuring(day, coupon.grantedAt) ? 1 : 0;
    const ended = isDuring(day, coupon.endedAt);
    const used = ended && coupon.status === 'used' ? 1 : 0;
    const expired = ended && coupon.status === 'expired' ? 1 : 0;
    if (granted + used + expired === 0) continue;
    const face = faceValueText(coupon.face);
    const key = JSON.stringify([coupon.merchantId, face, coupon.priceFen]);
    const row = rows.get(key) ?? {
      merchantId: coupon.merchantId,
      merchantName: merchantNames[coupon.merchantId] ?? '',
      face,
      priceFen: coupon.priceFen,
      granted: 0,
      used: 0,
      expired: 0,
      chargedFen: 0,
    };
    rows.set(key, { ...row, granted: row.granted + granted, used: row.used + used, expired: row.expired + expired, chargedFen: row.chargedFen + used * coupon.priceFen });
  }
  return [...rows.values()].sort((a, b) => a.merchantId.localeCompare(b.merchantId) || a.face.localeCompare(b.face) || a.priceFen - b.priceFen);
};

export const reportNames = ['revenue', 'sessions', 'occupancy', 'coupons', 'reconciliation'] as const;
export type ReportName = (typeof reportNames)[number];

/** Every report of the day as CSV text, by name. */
export const dailyReportsCsv = (input: DailyReportInput): Record<ReportName, string> => {
  const { day } = input;
  const stamp = { lotId: day.lotId, date: day.date };
  const sessions = sessionSummary(day, input.sessions);
  const occupancy = occupancyByHour(day, input.sessions);
  return {
    revenue: csvTable(
      ['lotId', 'date', 'method', 'payments', 'paidFen', 'paidYuan', 'refundedFen', 'refundedYuan', 'netFen', 'netYuan'],
      revenueByMethod(day, input.payments).map((row) => ({
        ...stamp,
        ...row,
        paidYuan: yuan(row.paidFen),
        refundedYuan: yuan(row.refundedFen),
        netYuan: yuan(row.netFen),
      })),
    ),
    sessions: csvTable(['lotId', 'date', 'entered', 'left', 'averageStayMinutes', 'parkedAtEnd', 'leftOwing', 'owingFen', 'owingYuan', 'exempt'], [
      { ...stamp, ...sessions, owingYuan: yuan(sessions.owingFen) },
    ]),
    occupancy: csvTable(['lotId', 'date', 'hour', 'entries', 'exits', 'parkedAtEnd'], [
      { ...stamp, hour: 'start of day', entries: '', exits: '', parkedAtEnd: occupancy.parkedAtStart },
      ...occupancy.hours.map((row) => ({ ...stamp, ...row })),
    ]),
    coupons: csvTable(
      ['lotId', 'date', 'merchantId', 'merchantName', 'face', 'priceFen', 'priceYuan', 'granted', 'used', 'expired', 'chargedFen', 'chargedYuan'],
      couponsByMerchant(day, input.coupons, input.merchantNames).map((row) => ({ ...stamp, ...row, priceYuan: yuan(row.priceFen), chargedYuan: yuan(row.chargedFen) })),
    ),
    reconciliation: csvTable(
      ['lotId', 'date', 'kind', 'what', 'reference', 'ourState', 'ourFen', 'providerState', 'providerFen', 'transactionId'],
      input.mismatches.map((mismatch) => ({
        ...stamp,
        kind: mismatch.kind,
        what: mismatch.what,
        reference: mismatch.reference,
        ourState: mismatch.ours?.state ?? '',
        ourFen: mismatch.ours?.amountFen ?? '',
        providerState: mismatch.theirs?.state ?? '',
        providerFen: mismatch.theirs?.amountFen ?? '',
        transactionId: mismatch.theirs?.transactionId ?? '',
      })),
    ),
  };
};
