import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import type { TradeBillRecord, TradeBillSummary } from '../../../shared/payments/index.js';
import { fenOfYuan, formatTradeBill, parseTradeBill, yuanOfFen } from './tradeBill.js';

/*
 * A sample ALL bill built from pay.weixin.qq.com "交易账单文件格式说明": BOM-prefixed as
 * downloaded, CRLF lines, backtick-prefixed fields, a payment, a partial refund of it (a
 * separate row) and another payment, then the two summary lines.
 */
const sample =
  '\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n' +
  '`2026-11-22 09:15:02,`wxd678efh567hg6787,`1900000109,`0,`,`4200000985202611220000000001,`P20261122000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`11.00,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费 粤B12345,`,`0.07000,`0.60%,`11.00,`0.00,`\r\n' +
  '`2026-11-22 10:01:44,`wxd678efh567hg6787,`1900000109,`0,`,`4200000985202611220000000001,`P20261122000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000382026112200000000001,`R20261122000001,`5.00,`0.00,`ORIGINAL,`SUCCESS,`停车费 粤B12345,`,`-0.03000,`0.60%,`0.00,`5.00,`\r\n' +
  '`2026-11-22 18:30:00,`wxd678efh567hg6787,`1900000109,`0,`lane-7,`4200000985202611220000000002,`L20261122000002,`oAbcdefghijklmnopqrstuvwxyz1,`MICROPAY,`SUCCESS,`CMB_CREDIT,`CNY,`6.00,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费,`,`0.04000,`0.60%,`6.00,`0.00,`\r\n' +
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n' +
  '`3,`17.00,`5.00,`0.00,`0.08000,`17.00,`5.00\r\n';

const malformedLine = (run: () => unknown): number | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return (error.details as { line: number }).line;
    throw error;
  }
  return undefined;
};

describe('parseTradeBill', () => {
  const bill = parseTradeBill('2026-11-22', sample);

  it('reads every detail row into a typed record, amounts in fen and times as instants', () => {
    expect(bill.records).toHaveLength(3);
    expect(bill.records[0]).toEqual({
      tradeTime: '2026-11-22T09:15:02+08:00',
      appId: 'wxd678efh567hg6787',
      mchId: '1900000109',
      subMchId: '0',
      deviceId: '',
      transactionId: '4200000985202611220000000001',
      outTradeNo: 'P20261122000001',
      payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      tradeType: 'JSAPI',
      tradeState: 'SUCCESS',
      bankType: 'OTHERS',
      currency: 'CNY',
      settlementFen: 1100,
      couponFen: 0,
      refundId: '0',
      outRefundNo: '0',
      refundFen: 0,
      rechargeCouponRefundFen: 0,
      refundType: '',
      refundState: '',
      description: '停车费 粤B12345',
      attach: '',
      feeYuan: '0.07000',
      feeRate: '0.60%',
      orderFen: 1100,
      requestedRefundFen: 0,
      feeRateNote: '',
    });
    expect(bill.records[1]).toMatchObject({ tradeState: 'REFUND', outRefundNo: 'R20261122000001', refundFen: 500, refundState: 'SUCCESS', feeYuan: '-0.03000' });
    expect(bill.records[2]).toMatchObject({ tradeType: 'MICROPAY', deviceId: 'lane-7', orderFen: 600 });
  });

  it('reads the summary', () => {
    expect(bill.summary).toEqual({
      tradeCount: 3,
      settlementFen: 1700,
      refundFen: 500,
      rechargeCouponRefundFen: 0,
      feeYuan: '0.08000',
      orderFen: 1700,
      requestedRefundFen: 500,
    });
  });

  it('reads columns by name, so a reordered or shorter (SUCCESS) bill reads the same', () => {
    const success =
      '交易时间,商户订单号,微信订单号,交易状态,订单金额\n`2026-11-22 09:15:02,`P20261122000001,`4200000985202611220000000001,`SUCCESS,`11.00\n' +
      '总交易单数,订单总金额\n`1,`11.00\n';
    const parsed = parseTradeBill('2026-11-22', success);
    expect(parsed.records[0]).toMatchObject({ outTradeNo: 'P20261122000001', orderFen: 1100, refundFen: 0, appId: '' });
    expect(parsed.summary).toMatchObject({ tradeCount: 1, orderFen: 1100, refundFen: 0 });
  });

  it('an empty day has only the headers and a zero summary', () => {
    const empty = sample.split('\r\n').filter((line) => !line.startsWith('`2026')).join('\r\n').replace('`3,`17.00,`5.00,`0.00,`0.08000,`17.00,`5.00', '`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00');
    expect(parseTradeBill('2026-11-22', empty)).toMatchObject({ records: [], summary: { tradeCount: 0, orderFen: 0 } });
  });

  it('refuses a broken file and names the line', () => {
    expect(malformedLine(() => parseTradeBill('2026-11-22', sample.replace('`11.00,`0.00,`0,', '`11.0.0,`0.00,`0,')))).toBe(2);
    expect(malformedLine(() => parseTradeBill('2026-11-22', sample.replace(',`停车费,', ',`停车费,多一列,')))).toBe(4);
    expect(malformedLine(() => parseTradeBill('2026-11-22', sample.replace('`2026-11-22 18:30:00', '`22/11/2026 18:30')))).toBe(4);
    expect(malformedLine(() => parseTradeBill('2026-11-22', sample.split('总交易单数')[0]!))).toBeDefined();
    expect(malformedLine(() => parseTradeBill('2026-11-22', '<xml>error</xml>'))).toBe(1);
  });
});

describe('yuan and fen', () => {
  it.each([
    ['11.00', 1100],
    ['0.05', 5],
    ['0.5', 50],
    ['7', 700],
    ['-3.00', -300],
  ])('%s yuan is %d fen', (text, fen) => {
    expect(fenOfYuan(text)).toBe(fen);
  });

  it.each(['', '1.234', '1,00', 'abc', '--1'])('%j is not an amount', (text) => {
    expect(fenOfYuan(text)).toBeNull();
  });

  it('reads back what it writes', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => fenOfYuan(yuanOfFen(fen)) === fen));
  });
});

describe('formatTradeBill', () => {
  const text = fc.stringMatching(/^[0-9A-Za-z_\- 停车费粤]{0,20}$/);
  const record: fc.Arbitrary<TradeBillRecord> = fc.record({
    tradeTime: fc
      .integer({ min: Date.parse('2026-01-01T00:00:00+08:00') / 1000, max: Date.parse('2026-12-31T23:59:59+08:00') / 1000 })
      .map((seconds) => `${new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`),
    appId: text,
    mchId: text,
    subMchId: text,
    deviceId: text,
    transactionId: text,
    outTradeNo: text,
    payerOpenId: text,
    tradeType: fc.constantFrom('JSAPI', 'MICROPAY'),
    tradeState: fc.constantFrom('SUCCESS', 'REFUND'),
    bankType: text,
    currency: fc.constant('CNY'),
    settlementFen: fc.nat(1e7),
    couponFen: fc.nat(1e5),
    refundId: text,
    outRefundNo: text,
    refundFen: fc.nat(1e7),
    rechargeCouponRefundFen: fc.nat(1e5),
    refundType: text,
    refundState: text,
    description: text,
    attach: text,
    feeYuan: fc.constantFrom('0.00000', '0.07000', '-0.03000'),
    feeRate: fc.constant('0.60%'),
    orderFen: fc.nat(1e7),
    requestedRefundFen: fc.nat(1e7),
    feeRateNote: text,
  });

  it('writes what parseTradeBill reads back unchanged', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const summary: TradeBillSummary = {
          tradeCount: records.length,
          settlementFen: records.reduce((sum, r) => sum + r.settlementFen, 0),
          refundFen: records.reduce((sum, r) => sum + r.refundFen, 0),
          rechargeCouponRefundFen: 0,
          feeYuan: '0.00000',
          orderFen: records.reduce((sum, r) => sum + r.orderFen, 0),
          requestedRefundFen: 0,
        };
        expect(parseTradeBill('2026-11-22', formatTradeBill(records, summary))).toEqual({ billDate: '2026-11-22', records, summary });
      }),
    );
  });
});
