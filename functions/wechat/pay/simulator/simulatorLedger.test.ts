import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatorLedger, type SimulatedRefund } from './simulatorLedger.js';

const refund = (outRefundNo: string): SimulatedRefund => ({
  outRefundNo,
  outTradeNo: 'order-1',
  refundId: `sim-${outRefundNo}`,
  refundFen: 100,
  totalFen: 500,
  state: 'PROCESSING',
  createdAt: '2026-03-01T01:00:00.000Z',
});

describe('the payment simulator’s ledger', () => {
  it('keeps ids named like Object.prototype’s properties as ids, across saves', () => {
    const ledger = new SimulatorLedger(mkdtempSync(join(tmpdir(), 'sim-ledger-')));
    expect(ledger.read().refunds.__proto__).toBeUndefined();
    expect(ledger.read().refunds.constructor).toBeUndefined();
    ledger.change((current) => {
      current.refunds.__proto__ = refund('__proto__');
      current.refunds.constructor = refund('constructor');
    });
    const { refunds } = ledger.read();
    expect(Object.keys(refunds).sort()).toEqual(['__proto__', 'constructor']);
    expect(refunds.__proto__).toMatchObject({ outRefundNo: '__proto__' });
    expect(refunds.constructor).toMatchObject({ outRefundNo: 'constructor' });
  });
});
