import { faceValueText, type Coupon } from '../coupons/index.js';
import { formatInstant } from '../fees/index.js';
import { DomainError } from '../errors/index.js';
import { formatYuan } from '../money/index.js';
import { foldLedger, type LedgerEntry, type LedgerKind } from './ledger.js';

export interface StatementTotal {
  count: number;
  amountFen: number;
}

/** Coupons by what they cost the merchant and what they are worth to drivers. */
export interface CouponTotal {
  count: number;
  priceFen: number;
  faceMinutes: number;
  faceAmountFen: number;
  percentCount: number;
  fullCount: number;
}

export const statementItems = {
  recharge: 'recharge',
  hold: 'coupon granted',
  capture: 'coupon used',
  settlement: 'settlement',
  adjustment: 'adjustment',
} as const;

export type StatementItem = (typeof statementItems)[Exclude<LedgerKind, 'release'>] | 'coupon expired' | 'coupon revoked';

export interface StatementLine {
  entryId: string;
  /** In the lot's zone. */
  at: string;
  item: StatementItem;
  couponId?: string;
  plate?: string;
  faceValue?: string;
  /** The coupon's price (granted, used, expired and revoked lines). */
  priceFen?: number;
  /** The change of the balance. */
  amountFen: number;
  balanceAfterFen: number;
  heldAfterFen: number;
  note?: string;
}

export interface Statement {
  merchantId: string;
  month: string;
  timezone: string;
  openingBalanceFen: number;
  openingHeldFen: number;
  recharges: StatementTotal;
  settlements: StatementTotal;
  adjustments: StatementTotal;
  couponsGranted: CouponTotal;
  /** What the merchant was charged: the car park's income from it this month. */
  couponsUsed: CouponTotal;
  couponsExpired: CouponTotal;
  couponsRevoked: CouponTotal;
  closingBalanceFen: number;
  closingHeldFen: number;
  /** What the merchant owes at the end of the month (a negative closing balance). */
  amountDueFen: number;
  lines: StatementLine[];
}

/** The order entries were written in: the account version in `entryId`. */
export const entrySequence = (entry: Pick<LedgerEntry, 'entryId'>): number => Number(entry.entryId.slice(entry.entryId.lastIndexOf('.') + 1));

const emptyCouponTotal = (): CouponTotal => ({ count: 0, priceFen: 0, faceMinutes: 0, faceAmountFen: 0, percentCount: 0, fullCount: 0 });

const addCoupon = (total: CouponTotal, coupon: Coupon, priceFen: number): void => {
  total.count += 1;
  total.priceFen += priceFen;
  if (coupon.face.kind === 'minutes') total.faceMinutes += coupon.face.value;
  if (coupon.face.kind === 'amount') total.faceAmountFen += coupon.face.value;
  if (coupon.face.kind === 'percent') total.percentCount += 1;
  if (coupon.face.kind === 'full') total.fullCount += 1;
};

/**
 * A merchant's statement for a month (`yyyy-mm` in the lot's zone): `entries` are its ledger
 * entries up to the end of that month at least (earlier months make the opening balance; later
 * ones are ignored), `coupons` those the month's entries name.
 */
export const buildStatement = (entries: readonly LedgerEntry[], coupons: readonly Coupon[], month: string, timezone: string): Statement => {
  const merchantIds = new Set(entries.map((entry) => entry.merchantId));
  if (merchantIds.size > 1) throw new DomainError('VALIDATION_FAILED', 'A statement is for one merchant', { merchantIds: [...merchantIds] });
  const ordered = [...entries].sort((a, b) => entrySequence(a) - entrySequence(b));
  const opening = foldLedger(ordered.filter((entry) => entry.month < month));
  const couponById = new Map(coupons.map((coupon) => [coupon.couponId, coupon]));
  const statement: Statement = {
    merchantId: entries[0]?.merchantId ?? '',
    month,
    timezone,
    openingBalanceFen: opening.balanceFen,
    openingHeldFen: opening.heldFen,
    recharges: { count: 0, amountFen: 0 },
    settlements: { count: 0, amountFen: 0 },
    adjustments: { count: 0, amountFen: 0 },
    couponsGranted: emptyCouponTotal(),
    couponsUsed: emptyCouponTotal(),
    couponsExpired: emptyCouponTotal(),
    couponsRevoked: emptyCouponTotal(),
    closingBalanceFen: opening.balanceFen,
    closingHeldFen: opening.heldFen,
    amountDueFen: 0,
    lines: [],
  };
  for (const entry of ordered.filter((candidate) => candidate.month === month)) {
    statement.closingBalanceFen += entry.amountFen;
    statement.closingHeldFen += entry.heldDeltaFen;
    const line: StatementLine = {
      entryId: entry.entryId,
      at: formatInstant(Date.parse(entry.at), timezone),
      // A coupon its visit did not need ends expired, like one that never reached a visit.
      item: entry.kind === 'release' ? (entry.reason === 'revoked' ? 'coupon revoked' : 'coupon expired') : statementItems[entry.kind],
      amountFen: entry.amountFen,
      balanceAfterFen: statement.closingBalanceFen,
      heldAfterFen: statement.closingHeldFen,
      ...((entry.kind === 'adjustment' || entry.kind === 'settlement') && entry.reason ? { note: entry.reason } : {}),
    };
    if (entry.couponId === undefined) {
      const total = { recharge: statement.recharges, settlement: statement.settlements, adjustment: statement.adjustments }[
        entry.kind as 'recharge' | 'settlement' | 'adjustment'
      ];
      total.count += 1;
      total.amountFen += entry.amountFen;
    } else {
      const coupon = couponById.get(entry.couponId);
      if (!coupon) throw new DomainError('VALIDATION_FAILED', `The statement needs coupon ${entry.couponId}`, { couponId: entry.couponId });
      const priceFen = Math.abs(entry.heldDeltaFen);
      const total = {
        'coupon granted': statement.couponsGranted,
        'coupon used': statement.couponsUsed,
        'coupon expired': statement.couponsExpired,
        'coupon revoked': statement.couponsRevoked,
      }[line.item as 'coupon granted'];
      addCoupon(total, coupon, priceFen);
      Object.assign(line, { couponId: coupon.couponId, plate: coupon.plate, faceValue: faceValueText(coupon.face), priceFen });
    }
    statement.lines.push(line);
  }
  statement.amountDueFen = Math.max(0, -statement.closingBalanceFen);
  return statement;
};

/** "12.34", "-2.50": yuan with two decimals, no symbol, for spreadsheets. */
const yuan = (fen: number): string => formatYuan(fen).replace('¥', '');

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Free text a spreadsheet would run as a formula (=, +, -, @) is written as text. */
const textField = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const statementCsvHeader = [
  'at',
  'item',
  'entryId',
  'couponId',
  'plate',
  'faceValue',
  'count',
  'priceYuan',
  'priceFen',
  'amountYuan',
  'amountFen',
  'balanceYuan',
  'balanceFen',
  'note',
] as const;

type CsvRow = Partial<Record<(typeof statementCsvHeader)[number], string | number>>;

const money = (prefix: 'price' | 'amount' | 'balance', fen: number): CsvRow => ({ [`${prefix}Yuan`]: yuan(fen), [`${prefix}Fen`]: fen });

const faceSummary = (total: CouponTotal): string =>
  [
    total.faceMinutes > 0 ? `${total.faceMinutes} min` : '',
    total.faceAmountFen > 0 ? `${formatYuan(total.faceAmountFen)} off` : '',
    total.percentCount > 0 ? `${total.percentCount} × percent off` : '',
    total.fullCount > 0 ? `${total.fullCount} × free parking` : '',
  ]
    .filter(Boolean)
    .join(' + ');

/**
 * The statement as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheet programs
 * read plates in Chinese): the opening balance, one row per entry, the totals, the closing
 * balance, the amount held and the amount due. Amounts in yuan with 2 decimals and in fen.
 */
export const statementCsv = (statement: Statement): string => {
  const rows: CsvRow[] = [
    { item: 'opening balance', ...money('balance', statement.openingBalanceFen) },
    ...statement.lines.map(
      (line): CsvRow => ({
        at: line.at,
        item: line.item,
        entryId: line.entryId,
        couponId: line.couponId ?? '',
        plate: line.plate ?? '',
        faceValue: line.faceValue ?? '',
        ...(line.priceFen === undefined ? {} : money('price', line.priceFen)),
        ...money('amount', line.amountFen),
        ...money('balance', line.balanceAfterFen),
        note: textField(line.note ?? ''),
      }),
    ),
    ...(
      [
        ['total recharges', statement.recharges],
        ['total settlements', statement.settlements],
        ['total adjustments', statement.adjustments],
      ] as const
    ).map(([item, total]): CsvRow => ({ item, count: total.count, ...money('amount', total.amountFen) })),
    ...(
      [
        ['total coupons granted', statement.couponsGranted, 0],
        ['total coupons used', statement.couponsUsed, -statement.couponsUsed.priceFen],
        ['total coupons expired', statement.couponsExpired, 0],
        ['total coupons revoked', statement.couponsRevoked, 0],
      ] as const
    ).map(([item, total, amountFen]): CsvRow => ({
      item,
      faceValue: faceSummary(total),
      count: total.count,
      ...money('price', total.priceFen),
      ...money('amount', amountFen),
    })),
    { item: 'closing balance', ...money('balance', statement.closingBalanceFen) },
    { item: 'held at close', ...money('amount', statement.closingHeldFen) },
    { item: 'amount due', ...money('amount', statement.amountDueFen) },
  ];
  const lines = [statementCsvHeader.join(','), ...rows.map((row) => statementCsvHeader.map((column) => csvField(String(row[column] ?? ''))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
