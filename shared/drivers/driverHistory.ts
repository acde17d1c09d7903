/** What `GET /driver/history` answers: the driver's visits, each with this driver's payments on it. */
export interface HistoryPayment {
  orderId: string;
  state: string;
  amountFen: number;
  refundedFen: number;
  paidAt?: string;
  invoiceId?: string;
}

/** A visit the driver paid for or entered without a plate (other drivers' payments are not shown). */
export interface HistoryEntry {
  sessionId: string;
  lotId: string;
  plate: string;
  enteredAt: string;
  status: 'open' | 'closed';
  closedAt?: string;
  payments: HistoryPayment[];
}
