/**
 * What a lot's daily reports are built from (shared/reports), read from the table: the lot's
 * sessions, payment orders, coupons and merchants, and the provider's reconciliation of the day.
 *
 * The table has no "a lot's items by day" index, so this is ONE parallel Scan per lot and day,
 * filtered to the lot's items of those four kinds: acceptable once a night for a car park's
 * volume (docs/data-model.md); a per-day index is the next step when the table outgrows it.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { couponFaceSchema } from '../../shared/coupons/index.js';
import type { Mismatch, PaymentProvider } from '../../shared/payments/index.js';
import { reportDay, type DailyReportInput, type ReportCoupon, type ReportPayment, type ReportSession } from '../../shared/reports/index.js';
import { loadMerchantLot } from '../merchants/merchantRecords.js';
import { reconcile } from '../payments/reconciliation.js';
import { findRefund } from '../payments/refunds.js';
import { documentClient, tableName } from '../store/client.js';

const scanSegments = 4;
const reportedEntities = ['Session', 'PaymentOrder', 'Coupon', 'Merchant'] as const;

const scanLotItems = async (lotId: string): Promise<Record<string, unknown>[]> => {
  const segment = async (index: number): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new ScanCommand({
          TableName: tableName(),
          Segment: index,
          TotalSegments: scanSegments,
          FilterExpression: 'lotId = :lotId AND entity IN (:e0, :e1, :e2, :e3)',
          ExpressionAttributeValues: { ':lotId': lotId, ...Object.fromEntries(reportedEntities.map((entity, i) => [`:e${i}`, entity])) },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  };
  return (await Promise.all(Array.from({ length: scanSegments }, (_, index) => segment(index)))).flat();
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const sessionOf = (item: Record<string, unknown>): ReportSession => ({
  sessionId: String(item.sessionId),
  enteredAt: String(item.enteredAt),
  closedAt: text(item.closedAt),
  owingFen: typeof item.owingFen === 'number' ? item.owingFen : undefined,
  exemption: text(item.exemption),
});

/** Payment codes scanned at a lane are orders of the device (`lanePayerOf`); the rest were paid in the mini-program (JSAPI). */
const paymentOf = (item: Record<string, unknown>): ReportPayment => ({
  orderId: String(item.orderId),
  method: String(item.driverId).startsWith('device:') ? 'micropay' : 'jsapi',
  amountFen: Number(item.amountFen),
  refundedFen: Number(item.refundedFen ?? 0),
  paidAt: String(item.paidAt),
});

const couponOf = (item: Record<string, unknown>): ReportCoupon => ({
  couponId: String(item.couponId),
  merchantId: String(item.merchantId),
  face: couponFaceSchema.parse(item.face),
  priceFen: Number(item.priceFen),
  // Attached coupons are stored as `applied` (functions/merchants/couponGrants.ts).
  status: item.status === 'applied' ? 'attached' : (item.status as ReportCoupon['status']),
  grantedAt: String(item.grantedAt),
  ...(typeof item.endedAt === 'string' ? { endedAt: item.endedAt } : {}),
});

/**
 * The mismatches that concern the lot: its own orders and their refunds, and what the provider
 * has that we do not (it cannot be told which lot it was, so every lot's report shows it).
 */
const mismatchesOfLot = async (mismatches: readonly Mismatch[], lotOrderIds: ReadonlySet<string>): Promise<Mismatch[]> => {
  const concerns = async (mismatch: Mismatch): Promise<boolean> => {
    if (mismatch.kind === 'missingHere') return true;
    if (mismatch.what === 'payment') return lotOrderIds.has(mismatch.reference);
    const refund = await findRefund(mismatch.reference);
    return refund !== null && lotOrderIds.has(refund.orderId);
  };
  const kept = await Promise.all(mismatches.map(concerns));
  return mismatches.filter((_, index) => kept[index]);
};

export const loadReportInput = async (lotId: string, date: string, provider: PaymentProvider): Promise<DailyReportInput> => {
  const [{ calendar }, items] = await Promise.all([loadMerchantLot(lotId), scanLotItems(lotId)]);
  const day = reportDay(lotId, date, calendar.timezone);
  const of = (entity: (typeof reportedEntities)[number]) => items.filter((item) => item.entity === entity);
  const orders = of('PaymentOrder');
  // WeChat Pay's bill day is Beijing's; Parkade's lots are in China, so it is the lot's date.
  const reconciliation = await reconcile(date, provider);
  return {
    day,
    sessions: of('Session').map(sessionOf),
    payments: orders.filter((item) => typeof item.paidAt === 'string').map(paymentOf),
    coupons: of('Coupon').map(couponOf),
    merchantNames: Object.fromEntries(of('Merchant').map((item) => [String(item.merchantId), String(item.name ?? '')])),
    mismatches: await mismatchesOfLot(reconciliation.mismatches, new Set(orders.map((item) => String(item.orderId)))),
  };
};
