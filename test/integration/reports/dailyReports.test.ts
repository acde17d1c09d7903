/**
 * A lot's daily reports from DynamoDB Local: the day's sessions, payments by method, coupons by
 * merchant and the reconciliation against a trade bill, only of that lot; the nightly job writes
 * them under <dir>/<lotId>/<date>/ for the lot's previous local day.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider, TradeBill, TradeBillRecord } from '../../../shared/payments/index.js';
import { useLocalDynamoDb } from '../localStack.js';

const local = useLocalDynamoDb();
const simulatorDir = mkdtempSync(join(tmpdir(), 'parkade-reports-wechat-'));
const reportsDir = mkdtempSync(join(tmpdir(), 'parkade-reports-'));
process.env.PARKADE_WECHAT_SIMULATOR_DIR = simulatorDir;
process.env.PARKADE_WECHAT_PAY_NOTIFY_URL = 'http://127.0.0.1:9/payments/wechat/notify';
process.env.PARKADE_REPORTS_DIR = reportsDir;

const { loadReportInput } = await import('../../../functions/reports/loadReportInput.js');
const { writeDailyReports } = await import('../../../functions/reports/dailyReports.js');
const { dailyReportsCsv } = await import('../../../shared/reports/index.js');

const suffix = randomBytes(4).toString('hex');
const lotId = `lot-rpt-${suffix}`;
const otherLotId = `lot-rpt-other-${suffix}`;
const date = '2026-06-15';
/** Beijing time on the report day. */
const at = (clock: string, day = date) => `${day}T${clock}:00+08:00`;

const order = (orderId: string, fields: { driverId: string; amountFen: number; paidAt?: string; refundedFen?: number; lot?: string }) => {
  const sessionId = `${fields.lot ?? lotId}.lane-in.${orderId}`;
  return [
    {
      pk: `SESSION#${sessionId}`,
      sk: `ORDER#${orderId}`,
      entity: 'PaymentOrder',
      orderId,
      sessionId,
      lotId: fields.lot ?? lotId,
      plate: '粤B12345',
      driverId: fields.driverId,
      openId: '',
      state: fields.paidAt === undefined ? 'pending' : fields.refundedFen ? 'partiallyRefunded' : 'paid',
      amountFen: fields.amountFen,
      coversUntil: at('23:00'),
      createdAt: at('00:00'),
      refundedFen: fields.refundedFen ?? 0,
      refundingFen: 0,
      ...(fields.paidAt === undefined
        ? {}
        : { paidAt: new Date(fields.paidAt).toISOString(), paidOn: date, transactionId: `wx-${orderId}`, gsi2pk: `PAID#${date}#0`, gsi2sk: orderId }),
    },
    { pk: `ORDER#${orderId}`, sk: 'REF', entity: 'OrderRef', orderId, sessionId },
  ];
};

const session = (sessionId: string, enteredAt: string, closedAt?: string, lot = lotId) => ({
  pk: `SESSION#${sessionId}`,
  sk: 'SESSION',
  entity: 'Session',
  sessionId,
  lotId: lot,
  plate: '粤B12345',
  status: closedAt === undefined ? 'open' : 'closed',
  enteredAt,
  ...(closedAt === undefined ? {} : { closedAt, owingFen: 0 }),
});

const coupon = (couponId: string, status: string, grantedAt: string, endedAt?: string) => ({
  pk: `SESSION#${lotId}.lane-in.c`,
  sk: `COUPON#${couponId}`,
  entity: 'Coupon',
  couponId,
  lotId,
  merchantId: `m-tea-${suffix}`,
  templateId: 'two-hours',
  plate: '粤B12345',
  face: { kind: 'minutes', value: 120 },
  priceFen: 500,
  status,
  sessionId: `${lotId}.lane-in.c`,
  grantedAt,
  grantedBy: { kind: 'staff', staffId: 'clerk-1' },
  expiresAt: at('23:59'),
  ...(endedAt === undefined ? {} : { endedAt }),
});

const ours = [
  { pk: `LOT#${lotId}`, sk: 'LOT', entity: 'Lot', lotId, name: '报表测试停车场', timezone: 'Asia/Shanghai', capacity: 100, gsi1pk: 'LOTS', gsi1sk: lotId },
  { pk: `MERCHANT#m-tea-${suffix}`, sk: 'MERCHANT', entity: 'Merchant', merchantId: `m-tea-${suffix}`, lotId, name: '茶饮店' },
  session(`${lotId}.lane-in.overnight`, at('22:00', '2026-06-14'), at('07:00')),
  session(`${lotId}.lane-in.morning`, at('08:10'), at('10:40')),
  session(`${lotId}.lane-in.parked`, at('21:30')),
  session(`${otherLotId}.lane-in.elsewhere`, at('09:00'), at('09:30'), otherLotId),
  ...order(`PKjs${suffix}`, { driverId: 'drv-alice', amountFen: 1100, paidAt: at('10:38'), refundedFen: 100 }),
  ...order(`PKmp${suffix}`, { driverId: 'device:dev-out', amountFen: 800, paidAt: at('10:39') }),
  ...order(`PKopen${suffix}`, { driverId: 'drv-bob', amountFen: 600 }),
  ...order(`PKelse${suffix}`, { driverId: 'drv-carol', amountFen: 999, paidAt: at('09:29'), lot: otherLotId }),
  coupon(`cpn-used-${suffix}`, 'used', at('08:30'), at('10:40')),
  coupon(`cpn-applied-${suffix}`, 'applied', at('21:40')),
];

const billRecord = (outTradeNo: string, orderFen: number): TradeBillRecord => ({
  tradeTime: at('10:00'),
  appId: 'wx-app',
  mchId: '1900000001',
  subMchId: '',
  deviceId: '',
  transactionId: `wx-${outTradeNo}`,
  outTradeNo,
  payerOpenId: 'o-1',
  tradeType: 'JSAPI',
  tradeState: 'SUCCESS',
  bankType: 'OTHERS',
  currency: 'CNY',
  settlementFen: orderFen,
  couponFen: 0,
  refundId: '',
  outRefundNo: '',
  refundFen: 0,
  rechargeCouponRefundFen: 0,
  refundType: '',
  refundState: '',
  description: '停车费',
  attach: '',
  feeYuan: '0.00',
  feeRate: '0.60%',
  orderFen,
  requestedRefundFen: 0,
  feeRateNote: '',
});

/** A provider whose bill has the JSAPI payment right, the payment code's amount wrong, the other lot's, and one we never made. */
const provider = {
  downloadTradeBill: async (billDate: string): Promise<TradeBill> => ({
    billDate,
    records: [billRecord(`PKjs${suffix}`, 1100), billRecord(`PKmp${suffix}`, 880), billRecord(`PKelse${suffix}`, 999), billRecord(`PKstranger${suffix}`, 300)],
    summary: { tradeCount: 4, settlementFen: 3279, refundFen: 0, rechargeCouponRefundFen: 0, feeYuan: '0.00', orderFen: 3279, requestedRefundFen: 0 },
  }),
} as unknown as PaymentProvider;

beforeAll(async () => {
  for (let start = 0; start < ours.length; start += 25) {
    await local.documents.send(new BatchWriteCommand({ RequestItems: { [local.tableName]: ours.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});
afterAll(() => {
  rmSync(simulatorDir, { recursive: true, force: true });
  rmSync(reportsDir, { recursive: true, force: true });
});

const rowsOf = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

describe('a lot’s daily reports from the table', () => {
  it('count only this lot’s day: payments by method, sessions, hourly occupancy, coupons by merchant', async () => {
    const reports = dailyReportsCsv(await loadReportInput(lotId, date, provider));
    expect(rowsOf(reports.revenue).slice(1)).toEqual([
      [lotId, date, 'jsapi', '1', '1100', '11.00', '100', '1.00', '1000', '10.00'],
      [lotId, date, 'micropay', '1', '800', '8.00', '0', '0.00', '800', '8.00'],
      [lotId, date, 'total', '2', '1900', '19.00', '100', '1.00', '1800', '18.00'],
    ]);
    // Entered: morning, parked; left: overnight (9 h), morning (2.5 h); parked at midnight: 1.
    expect(rowsOf(reports.sessions)[1]).toEqual([lotId, date, '2', '2', String((540 + 150) / 2), '1', '0', '0', '0.00', '0']);
    const hours = rowsOf(reports.occupancy);
    expect(hours[1]).toEqual([lotId, date, 'start of day', '', '', '1']);
    expect(hours.find((row) => row[2] === '07:00')).toEqual([lotId, date, '07:00', '0', '1', '0']);
    expect(hours.find((row) => row[2] === '08:00')).toEqual([lotId, date, '08:00', '1', '0', '1']);
    expect(hours.at(-1)).toEqual([lotId, date, '23:00', '0', '0', '1']);
    expect(rowsOf(reports.coupons).slice(1)).toEqual([[lotId, date, `m-tea-${suffix}`, '茶饮店', '120 min', '500', '5.00', '2', '1', '0', '500', '5.00']]);
  });

  it('lists the reconciliation differences of this lot’s orders and what the provider has that we do not', async () => {
    const reports = dailyReportsCsv(await loadReportInput(lotId, date, provider));
    const mismatches = rowsOf(reports.reconciliation).slice(1);
    expect(mismatches.map((row) => [row[2], row[4]])).toEqual([
      ['amountDiffers', `PKmp${suffix}`],
      ['missingHere', `PKstranger${suffix}`],
    ]);
  });

  it('the nightly job writes every report of the previous local day into the lot’s folder', async () => {
    const summary = await writeDailyReports(lotId, new Date(at('00:30', '2026-06-16')));
    expect(summary).toMatchObject({ reportsWritten: 5 });
    const folder = join(reportsDir, lotId, date);
    expect(readdirSync(folder).sort()).toEqual(['coupons.csv', 'occupancy.csv', 'reconciliation.csv', 'revenue.csv', 'sessions.csv']);
    expect(readFileSync(join(folder, 'revenue.csv'), 'utf8')).toContain(`${lotId},${date},total,2,1900,`);
  });
});
