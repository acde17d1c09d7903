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
    const ids: string[] = ['__proto__', 'constructor'];
    expect(ids.map((id) => ledger.read().refunds[id])).toEqual([undefined, undefined]);
    ledger.change((current) => {
      for (const id of ids) current.refunds[id] = refund(id);
    });
    const { refunds } = ledger.read();
    expect(Object.keys(refunds).sort()).toEqual(ids);
    expect(ids.map((id) => refunds[id]?.outRefundNo)).toEqual(ids);
  });
});
