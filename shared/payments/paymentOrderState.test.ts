import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import {
  canMovePaymentOrder,
  movePaymentOrder,
  orderStateOfProviderPayment,
  paymentOrderStates,
  refundedOrderState,
} from './paymentOrderState.js';
import { paymentStates } from './paymentProvider.js';

describe('payment order state machine', () => {
  it('follows an order from creation to a full refund', () => {
    let state = movePaymentOrder('created', 'pending');
    state = movePaymentOrder(state, 'paid');
    state = movePaymentOrder(state, 'partiallyRefunded');
    expect(movePaymentOrder(state, 'refunded')).toBe('refunded');
  });

  it('a repeated observation changes nothing', () => {
    fc.assert(fc.property(fc.constantFrom(...paymentOrderStates), (state) => movePaymentOrder(state, state) === state));
  });

  it("records a provider's late success even on an order we closed or saw fail: the money moved", () => {
    expect(movePaymentOrder('closed', 'paid')).toBe('paid');
    expect(movePaymentOrder('failed', 'paid')).toBe('paid');
  });

  it.each([
    ['pending', 'refunded'],
    ['closed', 'pending'],
    ['paid', 'closed'],
    ['refunded', 'paid'],
    ['paid', 'pending'],
  ] as const)('refuses %s → %s with CONFLICT', (from, to) => {
    expect(canMovePaymentOrder(from, to)).toBe(false);
    expect(() => movePaymentOrder(from, to)).toThrow(DomainError);
  });

  it('never leaves refunded, and never un-pays a paid order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paymentOrderStates), (to) => {
        expect(canMovePaymentOrder('refunded', to)).toBe(to === 'refunded');
        expect(canMovePaymentOrder('paid', to)).toBe(['paid', 'partiallyRefunded', 'refunded'].includes(to));
      }),
    );
  });
});

describe('provider states', () => {
  it('map onto order states', () => {
    expect(Object.fromEntries(paymentStates.map((state) => [state, orderStateOfProviderPayment(state)]))).toEqual({
      NOTPAY: 'pending',
      USERPAYING: 'pending',
      SUCCESS: 'paid',
      PAYERROR: 'failed',
      CLOSED: 'closed',
      REVOKED: 'failed',
      REFUND: 'paid',
    });
  });

  it('refunds sum to partly or fully refunded, never more than was paid', () => {
    expect(refundedOrderState(1100, 0)).toBe('paid');
    expect(refundedOrderState(1100, 500)).toBe('partiallyRefunded');
    expect(refundedOrderState(1100, 1100)).toBe('refunded');
    expect(() => refundedOrderState(1100, 1101)).toThrow(DomainError);
  });
});
