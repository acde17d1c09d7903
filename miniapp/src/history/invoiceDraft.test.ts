import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../api/driverAccount.js';
import { checkInvoice, invoiceableOrders } from './invoiceDraft.js';

const entry = (payments: HistoryEntry['payments']): HistoryEntry => ({ sessionId: 's', lotId: 'l', plate: '粤B12345', enteredAt: '2026-11-23T09:00:00+08:00', status: 'closed', payments });

describe('the e-invoice form', () => {
  it('offers only paid orders that are not invoiced or fully refunded', () => {
    const orders = invoiceableOrders([
      entry([
        { orderId: 'paid-1', state: 'paid', amountFen: 500, refundedFen: 0 },
        { orderId: 'invoiced', state: 'paid', amountFen: 500, refundedFen: 0, invoiceId: 'inv-1' },
        { orderId: 'failed', state: 'failed', amountFen: 500, refundedFen: 0 },
        { orderId: 'refunded', state: 'paid', amountFen: 500, refundedFen: 500 },
      ]),
    ]);
    expect(orders.map((order) => [order.orderId, order.plate])).toEqual([['paid-1', '粤B12345']]);
  });

  it('says what to fix, and sends a clean request', () => {
    const fields = { title: ' 星河科技有限公司 ', taxId: '91440300ma5fxxxx1x', email: 'a@b.cn' };
    expect(checkInvoice([], fields)).toEqual({ ok: false, problem: '请选择要开票的订单' });
    expect(checkInvoice(['o1'], { ...fields, title: ' ' })).toEqual({ ok: false, problem: '请填写发票抬头（个人或公司名称）' });
    expect(checkInvoice(['o1'], { ...fields, taxId: '123' })).toEqual({ ok: false, problem: '税号应为15到20位数字或大写字母' });
    expect(checkInvoice(['o1'], { ...fields, email: 'nope' })).toEqual({ ok: false, problem: '请填写正确的邮箱，电子发票将发送到这里' });
    expect(checkInvoice(['o1'], fields)).toEqual({ ok: true, request: { orderIds: ['o1'], title: '星河科技有限公司', taxId: '91440300MA5FXXXX1X', email: 'a@b.cn' } });
    expect(checkInvoice(['o1'], { ...fields, taxId: '' })).toEqual({ ok: true, request: { orderIds: ['o1'], title: '星河科技有限公司', email: 'a@b.cn' } });
  });
});
