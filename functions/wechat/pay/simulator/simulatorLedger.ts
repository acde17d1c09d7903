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

export interface Ledger {
  orders: Record<string, SimulatedOrder>;
  refunds: Record<string, SimulatedRefund>;
}

/**
 * Records by the callers' ids (`out_trade_no`, `out_refund_no`) in objects without a prototype,
 * entry by entry: an id named `__proto__` or `constructor` is an id like any other (a zod record
 * would drop `__proto__`, a plain object would find Object.prototype under it).
 */
const recordsOf = <S extends z.ZodType>(value: unknown, schema: S, what: string): Record<string, z.infer<S>> => {
  const records: Record<string, z.infer<S>> = Object.create(null);
  const stored = value ?? {};
  if (typeof stored !== 'object' || Array.isArray(stored)) throw new Error(`The payment simulator's ${what} are not an object`);
  for (const [id, entry] of Object.entries(stored)) records[id] = schema.parse(entry);
  return records;
};

export const simulatorLedgerFile = 'pay-ledger.json';

export class SimulatorLedger {
  private readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, simulatorLedgerFile);
  }

  read(): Ledger {
    const stored = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as { orders?: unknown; refunds?: unknown }) : {};
    return { orders: recordsOf(stored.orders, simulatedOrderSchema, 'orders'), refunds: recordsOf(stored.refunds, simulatedRefundSchema, 'refunds') };
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
