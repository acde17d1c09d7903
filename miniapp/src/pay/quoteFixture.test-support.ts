import type { DriverQuote } from '../api/driverPayments.js';

/** A quote as the API gives it: 2 h 10 min in the lot, two coupons, a payment, ¥3.00 due. */
export const quoteFixture: DriverQuote = {
  sessionId: 's-1',
  lotId: 'lot-demo',
  plate: '粤B12345',
  enteredAt: '2026-11-23T09:05:00+08:00',
  durationMinutes: 130,
  grossFee: 1100,
  discounts: [
    { kind: 'minutes', value: 60, amount: 500 },
    { kind: 'amount', value: 200, amount: 200 },
  ],
  netFee: 400,
  paid: 100,
  due: 300,
  chargedUntil: '2026-11-23T11:15:00+08:00',
  coversUntil: '2026-11-23T11:15:00+08:00',
  exitGraceMinutes: 15,
};
