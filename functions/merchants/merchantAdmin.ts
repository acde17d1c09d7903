/**
 * Administrators' merchant accounts (IAM admin API): create, read, change (a lot's merchants are
 * listed by merchantRecords.ts). Each change is
 * one transaction with its audit entry in the merchant's lot trail (functions/operators
 * auditLog.ts: who = the caller's IAM ARN, when, the action, the reason, the merchant).
 *   Merchant  pk=MERCHANT#<merchantId> sk=MERCHANT   gsi1pk=LOT#<lotId>#MERCHANTS gsi1sk=<merchantId>
 * A change of credit limit or status also moves the account's version (ledgerWrites.ts), so a
 * grant that read the merchant before the change fails its condition and decides again.
 */
import type { AdminPrincipal } from '../../shared/access/index.js';
import type { CouponTemplate } from '../../shared/coupons/index.js';
import { DomainError } from '../../shared/errors/index.js';
import {
  createMerchant,
  reviseMerchant,
  type Merchant,
  type MerchantPatch,
  type NewMerchant,
} from '../../shared/merchants/index.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { merchantAuditPut } from './merchantAudit.js';
import { backOff, ledgerStepItems, lostRace, maxAttempts } from './ledgerWrites.js';
import { loadAccount, loadMerchant, loadMerchantLot, loadTemplates, lotMerchantsIndexKey, merchantKey } from './merchantRecords.js';
import { accountView, type AccountView } from './recharges.js';
import { staffOfMerchant, type StaffView } from './staffAccounts.js';

const merchantItem = (merchant: Merchant) => ({ ...merchantKey(merchant.merchantId), entity: 'Merchant', ...merchant, ...lotMerchantsIndexKey(merchant.lotId, merchant.merchantId) });

export const addMerchant = async (admin: AdminPrincipal, input: NewMerchant & { reason: string }): Promise<Merchant> => {
  await loadMerchantLot(input.lotId);
  const at = new Date().toISOString();
  const merchant = createMerchant(input, at);
  const outcome = await transactWrite([
    { Put: { TableName: tableName(), Item: merchantItem(merchant), ConditionExpression: 'attribute_not_exists(pk)' } },
    merchantAuditPut({ admin, merchant, action: 'createMerchant', reason: input.reason, at, details: { name: merchant.name, shopUnit: merchant.shopUnit, billing: merchant.billing } }),
  ]);
  if (outcome.committed) return merchant;
  if (outcome.reasons[0] === 'ConditionalCheckFailed') {
    throw new DomainError('CONFLICT', `Merchant ${merchant.merchantId} already exists`, { reason: 'MERCHANT_EXISTS', merchantId: merchant.merchantId });
  }
  throw new Error(`Merchant not written: ${outcome.reasons.join(', ')}`);
};

export interface MerchantDetails {
  merchant: Merchant;
  account: AccountView;
  staff: StaffView[];
  templates: CouponTemplate[];
}

export const merchantDetails = async (merchantId: string): Promise<MerchantDetails> => {
  const merchant = await loadMerchant(merchantId);
  const [account, staff, templates] = await Promise.all([loadAccount(merchant), staffOfMerchant(merchantId), loadTemplates(merchantId)]);
  return { merchant, account: accountView(account), staff, templates };
};

/** Only the fields that changed are SET, so concurrent changes of different fields both stay. */
const merchantUpdate = (merchant: Merchant, fields: readonly string[]): TransactionItem => ({
  Update: {
    TableName: tableName(),
    Key: merchantKey(merchant.merchantId),
    UpdateExpression: `SET ${fields.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(fields.map((field, index) => [`#f${index}`, field])),
    ExpressionAttributeValues: Object.fromEntries(fields.map((field, index) => [`:f${index}`, merchant[field as keyof Merchant]])),
  },
});

export const changeMerchant = async (
  admin: AdminPrincipal,
  merchantId: string,
  { reason, ...patch }: MerchantPatch & { reason: string },
): Promise<{ merchant: Merchant; account: AccountView; changed: boolean }> => {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const merchant = await loadMerchant(merchantId);
    const account = await loadAccount(merchant);
    const revision = reviseMerchant(merchant, account, patch);
    const fields = Object.keys(revision.changes);
    if (fields.length === 0) return { merchant, account: accountView(account), changed: false };
    const at = new Date().toISOString();
    const outcome = await transactWrite([
      merchantUpdate(revision.merchant, fields),
      ...(revision.account === null ? [] : ledgerStepItems({ entries: [], nextAccount: revision.account }, account.version)),
      merchantAuditPut({ admin, merchant, action: 'updateMerchant', reason, at, details: { changes: revision.changes } }),
    ]);
    if (outcome.committed) return { merchant: revision.merchant, account: accountView(revision.account ?? account), changed: true };
    if (!lostRace(outcome.reasons)) throw new Error(`Merchant change cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  throw new DomainError('UNAVAILABLE', 'The merchant account is busy; try again', { reason: 'ACCOUNT_BUSY' });
};
