import { formatYuan } from '../../../shared/money/index.js';
import { DomainError } from '../../../shared/errors/index.js';
import type { TradeBill, TradeBillRecord, TradeBillSummary } from '../../../shared/payments/index.js';

/*
 * WeChat Pay's trade bill file (交易账单, GET /v3/bill/tradebill then its download_url), per
 * pay.weixin.qq.com "交易账单文件格式说明": comma-separated lines; a detail header, detail rows,
 * a summary header (总交易单数,…) and one summary row. Every data field starts with a backtick
 * (so spreadsheets keep long numbers); amounts are yuan with two decimals; times are Beijing
 * time "YYYY-MM-DD HH:mm:ss". Columns are read by their header name: WeChat says their order
 * may change, and the SUCCESS / REFUND bill types leave some out.
 */

export const tradeBillColumns = {
  tradeTime: '交易时间',
  appId: '公众账号ID',
  mchId: '商户号',
  subMchId: '特约商户号',
  deviceId: '设备号',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  payerOpenId: '用户标识',
  tradeType: '交易类型',
  tradeState: '交易状态',
  bankType: '付款银行',
  currency: '货币种类',
  settlementFen: '应结订单金额',
  couponFen: '代金券金额',
  refundId: '微信退款单号',
  outRefundNo: '商户退款单号',
  refundFen: '退款金额',
  rechargeCouponRefundFen: '充值券退款金额',
  refundType: '退款类型',
  refundState: '退款状态',
  description: '商品名称',
  attach: '商户数据包',
  feeYuan: '手续费',
  feeRate: '费率',
  orderFen: '订单金额',
  requestedRefundFen: '申请退款金额',
  feeRateNote: '费率备注',
} as const satisfies Record<keyof TradeBillRecord, string>;

export const tradeBillSummaryColumns = {
  tradeCount: '总交易单数',
  settlementFen: '应结订单总金额',
  refundFen: '退款总金额',
  rechargeCouponRefundFen: '充值券退款总金额',
  feeYuan: '手续费总金额',
  orderFen: '订单总金额',
  requestedRefundFen: '申请退款总金额',
} as const satisfies Record<keyof TradeBillSummary, string>;

const fenFields = new Set<string>([
  'settlementFen',
  'couponFen',
  'refundFen',
  'rechargeCouponRefundFen',
  'orderFen',
  'requestedRefundFen',
]);
const requiredColumns: readonly (keyof TradeBillRecord)[] = ['tradeTime', 'transactionId', 'outTradeNo', 'tradeState'];

const malformed = (line: number, problem: string): DomainError =>
  new DomainError('INTERNAL', `WeChat Pay trade bill line ${line}: ${problem}`, { line });

/** "12.34" → 1234, exactly (no floating point); "-3.00" → -300. */
export const fenOfYuan = (text: string): number | null => {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return null;
  const [, sign, whole, decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
};

/** 1234 → "12.34", the bill's way of writing money. */
export const yuanOfFen = (fen: number): string => formatYuan(fen).replace('¥', '');

/** "2021-01-28 17:07:11" (Beijing) → "2021-01-28T17:07:11+08:00". */
const instantOfBeijingTime = (text: string): string | null =>
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? `${text.replace(' ', 'T')}+08:00` : null;

const fieldsOf = (line: string): string[] => line.split(',').map((field) => field.replace(/^`/, ''));

export const parseTradeBill = (billDate: string, text: string): TradeBill => {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const header = lines[0];
  if (header === undefined || !header.line.startsWith(tradeBillColumns.tradeTime)) {
    throw malformed(1, `expected the header starting with ${tradeBillColumns.tradeTime}`);
  }
  const names = fieldsOf(header.line);
  const summaryAt = lines.findIndex(({ line }) => line.startsWith(tradeBillSummaryColumns.tradeCount));
  if (summaryAt < 0 || lines[summaryAt + 1] === undefined) throw malformed(lines.length, 'the summary is missing');

  const columnIndex = Object.fromEntries(
    Object.entries(tradeBillColumns).map(([field, name]) => [field, names.indexOf(name)]),
  ) as Record<keyof TradeBillRecord, number>;
  for (const field of requiredColumns) {
    if (columnIndex[field] < 0) throw malformed(header.number, `column ${tradeBillColumns[field]} is missing`);
  }

  const records = lines.slice(1, summaryAt).map(({ line, number }) => {
    const fields = fieldsOf(line);
    if (fields.length !== names.length) throw malformed(number, `${fields.length} fields, the header has ${names.length}`);
    const record: Record<string, string | number> = {};
    for (const [field, index] of Object.entries(columnIndex)) {
      const value = index < 0 ? '' : (fields[index] ?? '');
      if (field === 'tradeTime') {
        const instant = instantOfBeijingTime(value);
        if (instant === null) throw malformed(number, `${tradeBillColumns.tradeTime} "${value}" is not a time`);
        record[field] = instant;
      } else if (fenFields.has(field)) {
        const fen = value === '' ? 0 : fenOfYuan(value);
        if (fen === null) throw malformed(number, `${tradeBillColumns[field as keyof TradeBillRecord]} "${value}" is not an amount`);
        record[field] = fen;
      } else {
        record[field] = value;
      }
    }
    return record as TradeBillRecord;
  });

  const summaryNames = fieldsOf(lines[summaryAt]!.line);
  const summaryValues = fieldsOf(lines[summaryAt + 1]!.line);
  const summaryNumber = lines[summaryAt + 1]!.number;
  const summaryField = (field: keyof TradeBillSummary): string => {
    const index = summaryNames.indexOf(tradeBillSummaryColumns[field]);
    return index < 0 ? '' : (summaryValues[index] ?? '');
  };
  const summaryFen = (field: keyof TradeBillSummary): number => {
    const value = summaryField(field);
    const fen = value === '' ? 0 : fenOfYuan(value);
    if (fen === null) throw malformed(summaryNumber, `${tradeBillSummaryColumns[field]} "${value}" is not an amount`);
    return fen;
  };
  const tradeCount = Number(summaryField('tradeCount'));
  if (!Number.isInteger(tradeCount) || tradeCount < 0) throw malformed(summaryNumber, 'the trade count is not a number');
  return {
    billDate,
    records,
    summary: {
      tradeCount,
      settlementFen: summaryFen('settlementFen'),
      refundFen: summaryFen('refundFen'),
      rechargeCouponRefundFen: summaryFen('rechargeCouponRefundFen'),
      feeYuan: summaryField('feeYuan'),
      orderFen: summaryFen('orderFen'),
      requestedRefundFen: summaryFen('requestedRefundFen'),
    },
  };
};

/** The ALL bill text for these records, as WeChat Pay writes it (used by the simulator). */
export const formatTradeBill = (records: readonly TradeBillRecord[], summary: TradeBillSummary): string => {
  const fields = Object.keys(tradeBillColumns) as (keyof TradeBillRecord)[];
  const cell = (record: TradeBillRecord, field: keyof TradeBillRecord): string => {
    const value = record[field];
    if (field === 'tradeTime') return String(value).slice(0, 19).replace('T', ' ');
    return typeof value === 'number' ? yuanOfFen(value) : value;
  };
  const summaryFields = Object.keys(tradeBillSummaryColumns) as (keyof TradeBillSummary)[];
  return [
    fields.map((field) => tradeBillColumns[field]).join(','),
    ...records.map((record) => fields.map((field) => `\`${cell(record, field)}`).join(',')),
    summaryFields.map((field) => tradeBillSummaryColumns[field]).join(','),
    summaryFields
      .map((field) => {
        const value = summary[field];
        return `\`${field === 'tradeCount' || typeof value === 'string' ? value : yuanOfFen(value)}`;
      })
      .join(','),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
};
