import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mismatch } from '../payments/index.js';
import {
  couponsByMerchant,
  dailyReportsCsv,
  occupancyByHour,
  paymentMethods,
  reportDay,
  revenueByMethod,
  sessionSummary,
  type ReportCoupon,
  type ReportPayment,
  type ReportSession,
} from './index.js';

const day = reportDay('lot-1', '2026-11-22', 'Asia/Shanghai');
/** An instant `minutes` after the day's local midnight (negative: the day before). */
const at = (minutes: number): string => new Date(day.start + minutes * 60_000).toISOString();

const payment = (orderId: string, method: ReportPayment['method'], amountFen: number, minutes: number, refundedFen = 0): ReportPayment => ({
  orderId,
  method,
  amountFen,
  refundedFen,
  paidAt: at(minutes),
});

const coupon = (couponId: string, fields: Partial<ReportCoupon>): ReportCoupon => ({
  couponId,
  merchantId: 'm-tea',
  face: { kind: 'minutes', value: 120 },
  priceFen: 500,
  status: 'waiting',
  grantedAt: at(60),
  ...fields,
});

describe('reportDay', () => {
  it('covers the lot’s local day: Beijing midnight to midnight, 24 hours labelled by local clock', () => {
    expect(new Date(day.start).toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(new Date(day.end).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(occupancyByHour(day, []).hours.map((hour) => hour.hour)).toEqual(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`));
  });

  it('has 23 hours on a spring-forward day', () => {
    expect(occupancyByHour(reportDay('lot-eu', '2026-03-29', 'Europe/Berlin'), []).hours).toHaveLength(23);
  });

  it('refuses a date that is not one', () => {
    expect(() => reportDay('lot-1', '2026-13-01', 'Asia/Shanghai')).toThrow();
  });
});

describe('revenue by payment method', () => {
  it('counts payments made during the day by method, less their refunds, and a total', () => {
    const rows = revenueByMethod(day, [
      payment('o1', 'jsapi', 1100, 10),
      payment('o2', 'jsapi', 500, 600, 200),
      payment('o3', 'micropay', 800, 1439),
      payment('late', 'jsapi', 999, 1440),
      payment('early', 'micropay', 999, -1),
    ]);
    expect(rows).toEqual([
      { method: 'jsapi', payments: 2, paidFen: 1600, refundedFen: 200, netFen: 1400 },
      { method: 'micropay', payments: 1, paidFen: 800, refundedFen: 0, netFen: 800 },
      { method: 'total', payments: 3, paidFen: 2400, refundedFen: 200, netFen: 2200 },
    ]);
  });

  it('totals add up to the methods’ rows and to every payment of the day (property)', () => {
    const paymentArbitrary = fc.record({
      orderId: fc.uuid(),
      method: fc.constantFrom(...paymentMethods),
      amountFen: fc.integer({ min: 1, max: 100_000 }),
      refundedFen: fc.integer({ min: 0, max: 100_000 }),
      paidAt: fc.integer({ min: -600, max: 2000 }).map(at),
    });
    fc.assert(
      fc.property(fc.array(paymentArbitrary, { maxLength: 40 }), (payments) => {
        const rows = revenueByMethod(day, payments);
        const total = rows.find((row) => row.method === 'total')!;
        const methods = rows.filter((row) => row.method !== 'total');
        const inDay = payments.filter((p) => Date.parse(p.paidAt) >= day.start && Date.parse(p.paidAt) < day.end);
        expect(methods.reduce((sum, row) => sum + row.paidFen, 0)).toBe(total.paidFen);
        expect(methods.reduce((sum, row) => sum + row.payments, 0)).toBe(total.payments);
        expect(total.paidFen).toBe(inDay.reduce((sum, p) => sum + p.amountFen, 0));
        expect(total.netFen).toBe(total.paidFen - total.refundedFen);
      }),
    );
  });
});

describe('sessions and occupancy', () => {
  const sessions: ReportSession[] = [
    { sessionId: 'overnight', enteredAt: at(-120), closedAt: at(30) },
    { sessionId: 'morning', enteredAt: at(8 * 60), closedAt: at(8 * 60 + 90), owingFen: 300 },
    { sessionId: 'staff', enteredAt: at(9 * 60), closedAt: at(17 * 60), exemption: 'allowListed:mallStaff' },
    { sessionId: 'still-parked', enteredAt: at(20 * 60) },
    { sessionId: 'yesterday', enteredAt: at(-600), closedAt: at(-300) },
  ];

  it('counts cars in and out, the average stay of those that left, and those parked at midnight', () => {
    expect(sessionSummary(day, sessions)).toEqual({
      entered: 3,
      left: 3,
      averageStayMinutes: Math.round((150 + 90 + 480) / 3),
      parkedAtEnd: 1,
      leftOwing: 1,
      owingFen: 300,
      exempt: 1,
    });
  });

  it('shows the cars parked at the end of each hour', () => {
    const { parkedAtStart, hours } = occupancyByHour(day, sessions);
    expect(parkedAtStart).toBe(1);
    expect(hours[0]).toEqual({ hour: '00:00', entries: 0, exits: 1, parkedAtEnd: 0 });
    expect(hours[8]).toEqual({ hour: '08:00', entries: 1, exits: 0, parkedAtEnd: 1 });
    expect(hours[9]).toEqual({ hour: '09:00', entries: 1, exits: 1, parkedAtEnd: 1 });
    expect(hours[23]).toEqual({ hour: '23:00', entries: 0, exits: 0, parkedAtEnd: 1 });
  });

  it('parked at the end of every hour = parked at the start + entries − exits so far (property)', () => {
    const sessionArbitrary = fc
      .tuple(fc.integer({ min: -2000, max: 1500 }), fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }))
      .map(([entered, stay]): ReportSession => ({
        sessionId: `s${entered}-${stay}`,
        enteredAt: at(entered),
        ...(stay === undefined ? {} : { closedAt: at(entered + stay) }),
      }));
    fc.assert(
      fc.property(fc.array(sessionArbitrary, { maxLength: 40 }), (generated) => {
        const { parkedAtStart, hours } = occupancyByHour(day, generated);
        let parked = parkedAtStart;
        for (const hour of hours) {
          parked += hour.entries - hour.exits;
          expect(hour.parkedAtEnd).toBe(parked);
        }
        const summary = sessionSummary(day, generated);
        expect(hours.reduce((sum, hour) => sum + hour.entries, 0)).toBe(summary.entered);
        expect(hours.reduce((sum, hour) => sum + hour.exits, 0)).toBe(summary.left);
        expect(parked).toBe(summary.parkedAtEnd);
      }),
    );
  });
});

describe('coupons by merchant', () => {
  it('counts grants, uses and expiries of the day per merchant and face, and what the uses cost', () => {
    const rows = couponsByMerchant(
      day,
      [
        coupon('granted-and-used', { status: 'used', endedAt: at(300) }),
        coupon('granted-waiting', {}),
        coupon('used-from-yesterday', { grantedAt: at(-100), status: 'used', endedAt: at(100) }),
        coupon('expired', { grantedAt: at(-2000), status: 'expired', endedAt: at(61) }),
        coupon('other-face', { face: { kind: 'full' }, priceFen: 1500 }),
        coupon('other-day', { grantedAt: at(-3000), status: 'used', endedAt: at(-10) }),
        coupon('other-merchant', { merchantId: 'm-book', status: 'revoked', endedAt: at(200) }),
      ],
      { 'm-tea': '茶饮店', 'm-book': '书店' },
    );
    expect(rows).toEqual([
      { merchantId: 'm-book', merchantName: '书店', face: '120 min', priceFen: 500, granted: 1, used: 0, expired: 0, chargedFen: 0 },
      { merchantId: 'm-tea', merchantName: '茶饮店', face: '120 min', priceFen: 500, granted: 2, used: 2, expired: 1, chargedFen: 1000 },
      { merchantId: 'm-tea', merchantName: '茶饮店', face: 'free parking', priceFen: 1500, granted: 1, used: 0, expired: 0, chargedFen: 0 },
    ]);
  });
});

describe('the CSVs', () => {
  const mismatch: Mismatch = { kind: 'missingHere', what: 'payment', reference: 'PK1', theirs: { state: 'SUCCESS', amountFen: 800, transactionId: 'wx-1' } };
  const csv = dailyReportsCsv({
    day,
    payments: [payment('o1', 'jsapi', 1100, 10)],
    sessions: [{ sessionId: 's', enteredAt: at(0), closedAt: at(60) }],
    coupons: [coupon('c', { merchantId: 'm,"x"' })],
    merchantNames: { 'm,"x"': '=HYPERLINK()' },
    mismatches: [mismatch],
  });

  it('writes each report with a header, the lot and the date, spreadsheet-safe', () => {
    expect(Object.keys(csv)).toEqual(['revenue', 'sessions', 'occupancy', 'coupons', 'reconciliation']);
    expect(csv.revenue.split('\r\n')).toEqual([
      '\uFEFFlotId,date,method,payments,paidFen,paidYuan,refundedFen,refundedYuan,netFen,netYuan',
      'lot-1,2026-11-22,jsapi,1,1100,11.00,0,0.00,1100,11.00',
      'lot-1,2026-11-22,micropay,0,0,0.00,0,0.00,0,0.00',
      'lot-1,2026-11-22,total,1,1100,11.00,0,0.00,1100,11.00',
      '',
    ]);
    expect(csv.sessions).toContain('lot-1,2026-11-22,1,1,60,0,0,0,0.00,0');
    expect(csv.coupons).toContain(`lot-1,2026-11-22,"m,""x""",'=HYPERLINK(),120 min,500,5.00,1,0,0,0,0.00`);
    expect(csv.reconciliation).toContain('lot-1,2026-11-22,missingHere,payment,PK1,,,SUCCESS,800,wx-1');
  });
});
