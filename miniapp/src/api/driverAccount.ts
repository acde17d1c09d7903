import type { HistoryEntry, HistoryPayment } from '@shared/drivers/driverHistory.js';
import type { DriverNotice } from '@shared/drivers/driverNotices.js';
import { driverRequest } from '../auth/driverLogin.js';

/*
 * The driver's own account (functions/drivers/handler.ts): verified phone, bound plates, staff
 * notices, history of visits with their payments, and e-invoice requests.
 */

export type { DriverNotice };

export interface BoundPlate {
  plate: string;
  boundAt?: string;
}

export interface BoundPlates {
  plates: BoundPlate[];
  maxPlates: number;
}

export const fetchBoundPlates = (): Promise<BoundPlates> => driverRequest<BoundPlates>('GET', '/driver/plates');

export const bindPlate = (plate: string): Promise<BoundPlates> => driverRequest<BoundPlates>('POST', '/driver/plates', { body: { plate } });

export const unbindPlate = (plate: string): Promise<void> => driverRequest<void>('DELETE', `/driver/plates/${encodeURIComponent(plate)}`);

/** Binds the phone number WeChat verified (the code of a getPhoneNumber button); answers it masked. */
export const bindPhone = (code: string): Promise<{ phone: string }> => driverRequest<{ phone: string }>('POST', '/driver/phone', { body: { code } });

export const fetchNotices = (): Promise<{ notices: DriverNotice[] }> => driverRequest<{ notices: DriverNotice[] }>('GET', '/driver/notices');

export const markNoticeRead = (noticeId: string): Promise<unknown> => driverRequest('POST', `/driver/notices/${encodeURIComponent(noticeId)}/read`);

export type { HistoryEntry, HistoryPayment };

export interface HistoryPage {
  entries: HistoryEntry[];
  next: string | null;
}

export const fetchHistory = (cursor?: string): Promise<HistoryPage> =>
  driverRequest<HistoryPage>('GET', `/driver/history?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

export interface InvoiceRequestInput {
  orderIds: string[];
  title: string;
  taxId?: string;
  email: string;
}

export interface InvoiceRequest extends InvoiceRequestInput {
  invoiceId: string;
  amountFen: number;
  status: 'requested';
  requestedAt: string;
}

export const requestInvoice = (input: InvoiceRequestInput): Promise<InvoiceRequest> => driverRequest<InvoiceRequest>('POST', '/driver/invoices', { body: input });
