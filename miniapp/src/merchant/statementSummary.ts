import { durationText } from '../pay/feeBreakdown.js';

/*
 * The monthly statement CSV (shared/merchants/statement.ts `statementCsv`) read back into what a
 * shop owner wants to see on a phone: the totals and the movements, in Chinese. The CSV stays
 * the record (downloaded or copied as is); this is only its reading.
 */

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
};

export interface StatementTotalView {
  count: number;
  amountFen: number;
}

export interface CouponTotalView {
  count: number;
  priceFen: number;
  /** What the coupons were worth to drivers, in words ("4小时 + 1张全免"). */
  faceText: string;
}

export interface StatementMovement {
  at: string;
  item: string;
  plate: string;
  faceText: string;
  amountFen: number;
  balanceFen: number;
}

export interface StatementSummary {
  openingBalanceFen: number;
  recharges: StatementTotalView;
  settlements: StatementTotalView;
  adjustments: StatementTotalView;
  couponsGranted: CouponTotalView;
  couponsUsed: CouponTotalView;
  couponsExpired: CouponTotalView;
  couponsRevoked: CouponTotalView;
  closingBalanceFen: number;
  heldAtCloseFen: number;
  amountDueFen: number;
  movements: StatementMovement[];
}

const itemText: Record<string, string> = {
  recharge: '充值',
  'coupon granted': '发券（冻结）',
  'coupon used': '券已核销（扣款）',
  'coupon expired': '券过期（解冻）',
  'coupon revoked': '券撤销（解冻）',
  settlement: '结算',
  adjustment: '调账',
};

/** One part of the CSV's English face value ("120 min", "¥5.00 off", "15% off", "2 × free parking"). */
const facePartText = (part: string): string => {
  const minutes = /^(\d+) min$/.exec(part);
  if (minutes) return durationText(Number(minutes[1]));
  const amount = /^(¥\d+\.\d{2}) off$/.exec(part);
  if (amount) return `抵扣${amount[1]}`;
  const percent = /^(\d+(?:\.\d+)?)% off$/.exec(part);
  if (percent) return `减免${percent[1]}%`;
  if (part === 'free parking') return '全免';
  const counted = /^(\d+) × (percent off|free parking)$/.exec(part);
  if (counted) return `${counted[1]}张${counted[2] === 'free parking' ? '全免券' : '折扣券'}`;
  return part;
};

export const faceValueInChinese = (text: string): string => (text === '' ? '' : text.split(' + ').map(facePartText).join(' + '));

const fenOf = (value: string | undefined): number => (value === undefined || value === '' ? 0 : Number(value));

/** The statement's totals and movements; throws when the text is not a statement CSV. */
export const statementSummary = (csv: string): StatementSummary => {
  const [header, ...rows] = parseCsv(csv);
  if (header === undefined || !header.includes('item') || !header.includes('amountFen')) throw new Error('Not a statement CSV');
  const records = rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
  const byItem = (item: string) => records.find((record) => record.item === item);
  const total = (item: string): StatementTotalView => {
    const record = byItem(item);
    return { count: Number(record?.count ?? 0) || 0, amountFen: fenOf(record?.amountFen) };
  };
  const couponTotal = (item: string): CouponTotalView => {
    const record = byItem(item);
    return { count: Number(record?.count ?? 0) || 0, priceFen: fenOf(record?.priceFen), faceText: faceValueInChinese(record?.faceValue ?? '') };
  };
  return {
    openingBalanceFen: fenOf(byItem('opening balance')?.balanceFen),
    recharges: total('total recharges'),
    settlements: total('total settlements'),
    adjustments: total('total adjustments'),
    couponsGranted: couponTotal('total coupons granted'),
    couponsUsed: couponTotal('total coupons used'),
    couponsExpired: couponTotal('total coupons expired'),
    couponsRevoked: couponTotal('total coupons revoked'),
    closingBalanceFen: fenOf(byItem('closing balance')?.balanceFen),
    heldAtCloseFen: fenOf(byItem('held at close')?.amountFen),
    amountDueFen: fenOf(byItem('amount due')?.amountFen),
    movements: records
      .filter((record) => record.entryId !== '')
      .map((record) => ({
        at: record.at ?? '',
        item: itemText[record.item ?? ''] ?? record.item ?? '',
        plate: record.plate ?? '',
        faceText: faceValueInChinese(record.faceValue ?? ''),
        amountFen: fenOf(record.amountFen),
        balanceFen: fenOf(record.balanceFen),
      })),
  };
};
