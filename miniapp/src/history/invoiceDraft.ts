import type { HistoryEntry, InvoiceRequestInput } from '../api/driverAccount.js';

/*
 * The e-invoice form, checked before it is sent with the rules POST /driver/invoices applies
 * (functions/drivers/handler.ts), so the driver reads what to fix beside the field.
 */

/** Paid orders not invoiced yet: what a driver may ask an invoice for. */
export const invoiceableOrders = (entries: readonly HistoryEntry[]) =>
  entries.flatMap((entry) =>
    entry.payments.filter((payment) => payment.state === 'paid' && payment.invoiceId === undefined && payment.amountFen > payment.refundedFen).map((payment) => ({ ...payment, plate: entry.plate })),
  );

export interface InvoiceFields {
  title: string;
  taxId: string;
  email: string;
}

export type InvoiceCheck = { ok: true; request: InvoiceRequestInput } | { ok: false; problem: string };

export const checkInvoice = (orderIds: readonly string[], fields: InvoiceFields): InvoiceCheck => {
  const title = fields.title.trim();
  const taxId = fields.taxId.trim().toUpperCase();
  const email = fields.email.trim();
  if (orderIds.length === 0) return { ok: false, problem: '请选择要开票的订单' };
  if (orderIds.length > 20) return { ok: false, problem: '一次最多为20笔订单开票' };
  if (title === '' || title.length > 100) return { ok: false, problem: '请填写发票抬头（个人或公司名称）' };
  if (taxId !== '' && !/^[0-9A-Z]{15,20}$/.test(taxId)) return { ok: false, problem: '税号应为15到20位数字或大写字母' };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, problem: '请填写正确的邮箱，电子发票将发送到这里' };
  return { ok: true, request: { orderIds: [...orderIds], title, email, ...(taxId ? { taxId } : {}) } };
};
