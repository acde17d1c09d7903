import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { paymentStateSchema, refundStateSchema } from '../../../../shared/payments/index.js';

/*
 * What the simulated WeChat Pay remembers: orders and refunds, in one JSON file beside its keys.
 * Every change is read-modify-write of the whole file, synchronously: the local stack is one
 * process, so no two changes interleave, and several provider instances (one per function
 * group) see the same orders.
 */

export const simulatedOrderSchema = z.object({
  outTradeNo: z.string(),
  prepayId: z.string(),
  tradeType: z.enum(['JSAPI', 'MICROPAY']),
  description: z.string(),
  amountFen: z.number().int(),
  payerOpenId: z.string().optional(),
  attach: z.string().optional(),
  deviceId: z.string().optional(),
  state: paymentStateSchema,
  transactionId: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  successTime: z.string().optional(),
});
export type SimulatedOrder = z.infer<typeof simulatedOrderSchema>;

export const simulatedRefundSchema = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  refundId: z.string(),
  refundFen: z.number().int(),
  totalFen: z.number().int(),
  state: refundStateSchema,
  createdAt: z.string(),
  successTime: z.string().optional(),
});
export type SimulatedRefund = z.infer<typeof simulatedRefundSchema>;

const ledgerSchema = z.object({
  orders: z.record(z.string(), simulatedOrderSchema),
  refunds: z.record(z.string(), simulatedRefundSchema),
});
export type Ledger = z.infer<typeof ledgerSchema>;

export const simulatorLedgerFile = 'pay-ledger.json';

export class SimulatorLedger {
  private readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, simulatorLedgerFile);
  }

  read(): Ledger {
    if (!existsSync(this.path)) return { orders: {}, refunds: {} };
    return ledgerSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
  }

  /** Applies `change` to the current ledger and saves it; returns what `change` returns. */
  change<T>(change: (ledger: Ledger) => T): T {
    const ledger = this.read();
    const result = change(ledger);
    const draft = `${this.path}.${process.pid}.tmp`;
    writeFileSync(draft, JSON.stringify(ledger, null, 2));
    renameSync(draft, this.path);
    return result;
  }
}
