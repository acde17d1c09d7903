import { describe, expect, it } from 'vitest';
import { acceptLanePayment, lanePayerOf, lanePaymentAnswer, lanePaymentRequestSchema, paymentOrderStates, type PaymentOrder } from './index.js';

const order = (state: PaymentOrder['state'], release?: PaymentOrder['release']) => ({
  state,
  sessionId: 's-1',
  plate: '粤B12345',
  amountFen: 1100,
  ...(release ? { release } : {}),
});
const releasedAt = (laneId: string) => ({ laneId, commandId: 'pay-PK1', issuedAt: '2026-03-01T11:08:00+08:00' });

describe('a payment code charged at the exit lane', () => {
  it('opens the lane whose car the payment released', () => {
    expect(lanePaymentAnswer(order('paid', releasedAt('lane-out')), 'lane-out')).toEqual({
      decision: 'open',
      sessionId: 's-1',
      display: ['粤B12345', '支付成功 一路顺风'],
    });
  });

  it('hands a paid session whose car was not released at this lane to staff, never opening for an unknown car', () => {
    for (const release of [undefined, releasedAt('lane-west-out')]) {
      expect(lanePaymentAnswer(order('paid', release), 'lane-out')).toMatchObject({ decision: 'manual', sessionId: 's-1' });
    }
  });

  it('asks the payer to confirm while the charge is undecided, and for another code once it failed', () => {
    for (const state of ['created', 'pending'] as const) {
      expect(lanePaymentAnswer(order(state), 'lane-out')).toEqual({ decision: 'pay', sessionId: 's-1', due: 1100, display: ['粤B12345 ¥11.00', '请在手机上确认付款'] });
    }
    for (const state of ['failed', 'closed'] as const) {
      expect(lanePaymentAnswer(order(state), 'lane-out')).toEqual({ decision: 'pay', sessionId: 's-1', due: 1100, display: ['粤B12345 ¥11.00', '支付未成功 请重新付款'] });
    }
  });

  it('answers open or pay or manual for every order state, never deny', () => {
    for (const state of paymentOrderStates) expect(['open', 'pay', 'manual']).toContain(lanePaymentAnswer(order(state), 'lane-out').decision);
  });

  it('is taken at exit lanes only', () => {
    const device = { deviceId: 'dev-1', lotId: 'lot-1', laneId: 'lane-in', direction: 'entry' as const };
    expect(() => acceptLanePayment(device)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => acceptLanePayment({ ...device, laneId: 'lane-out', direction: 'exit' })).not.toThrow();
  });

  it('belongs to the device, never to a driver', () => {
    expect(lanePayerOf('dev-1').driverId).toBe('device:dev-1');
    expect(lanePayerOf('dev-1').driverId).not.toMatch(/^drv-/);
  });

  it('takes the quote the device showed, its own attempt id and the scanned digits', () => {
    const request = { paymentId: 'pay-0001', sessionId: 'lot.lane.e1', amountFen: 1100, coversUntil: '2026-03-01T11:08:00+08:00', authCode: '134567890123456780' };
    expect(lanePaymentRequestSchema.parse(request)).toEqual(request);
    expect(lanePaymentRequestSchema.safeParse({ ...request, authCode: 'abc' }).success).toBe(false);
    expect(lanePaymentRequestSchema.safeParse({ ...request, amountFen: 0 }).success).toBe(false);
    expect(lanePaymentRequestSchema.safeParse({ ...request, paymentId: 'x' }).success).toBe(false);
  });
});
