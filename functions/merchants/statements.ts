/**
 * A merchant's monthly statement (shared/merchants `buildStatement` → `statementCsv`): every
 * ledger entry up to the end of the month (earlier months make the opening balance) and the
 * coupons the entries name.
 */
import { parseOrThrow } from '../../shared/errors/index.js';
import { buildStatement, ledgerEntrySchema, statementCsv } from '../../shared/merchants/index.js';
import { loadCoupon } from './couponGrants.js';
import { loadMerchant, loadMerchantLot, merchantPartition, queryBetween } from './merchantRecords.js';

export const monthlyStatementCsv = async (merchantId: string, month: string): Promise<string> => {
  const merchant = await loadMerchant(merchantId);
  const { calendar } = await loadMerchantLot(merchant.lotId);
  const entries = (await queryBetween(merchantPartition(merchantId), 'LEDGER#', `LEDGER#${month}#~`)).map((item) =>
    parseOrThrow(ledgerEntrySchema, item, `ledger entry ${String(item.sk)}`),
  );
  const couponIds = [...new Set(entries.filter((entry) => entry.month === month).flatMap((entry) => (entry.couponId === undefined ? [] : [entry.couponId])))];
  const coupons = (await Promise.all(couponIds.map(loadCoupon))).filter((coupon) => coupon !== undefined);
  return statementCsv(buildStatement(entries, coupons, month, calendar.timezone));
};
