/**
 * Reading a merchant's records: the merchant (and a lot's merchants), its lot's coupon calendar
 * and policy, its account and its coupon templates (docs/data-model.md). An account never written yet is the merchant's
 * `openAccount` at version 0: the first movement creates it, on `attribute_not_exists`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { couponPolicySchema, couponTemplateSchema, lotCalendarSchema, type CouponPolicy, type CouponTemplate, type LotCalendar } from '../../shared/coupons/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { merchantAccountSchema, merchantSchema, openAccount, type Merchant, type MerchantAccount } from '../../shared/merchants/index.js';
import { documentClient, tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';

export const merchantPartition = (merchantId: string): string => `MERCHANT#${merchantId}`;
export const merchantKey = (merchantId: string) => ({ pk: merchantPartition(merchantId), sk: 'MERCHANT' });
/** gsi1: a lot's merchants (the admin API lists them). */
const lotMerchantsPartition = (lotId: string): string => `LOT#${lotId}#MERCHANTS`;
export const lotMerchantsIndexKey = (lotId: string, merchantId: string) => ({ gsi1pk: lotMerchantsPartition(lotId), gsi1sk: merchantId });
export const accountKey = (merchantId: string) => ({ pk: merchantPartition(merchantId), sk: 'ACCOUNT' });
export const templateKey = (merchantId: string, templateId: string) => ({ pk: merchantPartition(merchantId), sk: `TEMPLATE#${templateId}` });

export const getItem = async (key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> =>
  (await documentClient.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/** Every item of a partition whose sort key lies between `from` and `to`, read consistently. */
export const queryBetween = (pk: string, from: string, to: string): Promise<Record<string, unknown>[]> =>
  queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
    ConsistentRead: true,
  });

export const loadMerchant = async (merchantId: string): Promise<Merchant> => {
  const item = await getItem(merchantKey(merchantId));
  if (item === undefined) throw new DomainError('NOT_FOUND', `No merchant ${merchantId}`, { merchantId });
  return parseOrThrow(merchantSchema, item, `merchant ${merchantId}`);
};

export interface MerchantLot {
  calendar: LotCalendar;
  policy: CouponPolicy;
}

/** The lot's zone and holiday periods, and its coupon policy (defaults where the lot sets none). */
export const loadMerchantLot = async (lotId: string): Promise<MerchantLot> => {
  const item = await getItem({ pk: `LOT#${lotId}`, sk: 'LOT' });
  if (item === undefined) throw new DomainError('NOT_FOUND', `No lot ${lotId}`, { lotId });
  return {
    calendar: parseOrThrow(lotCalendarSchema, { timezone: item.timezone, holidays: item.holidays ?? [] }, `lot ${lotId} calendar`),
    policy: parseOrThrow(couponPolicySchema, item.couponPolicy ?? {}, `lot ${lotId} coupon policy`),
  };
};

export const loadAccount = async (merchant: Merchant): Promise<MerchantAccount> => {
  const item = await getItem(accountKey(merchant.merchantId));
  return item === undefined ? openAccount(merchant) : parseOrThrow(merchantAccountSchema, item, `account of ${merchant.merchantId}`);
};

export const loadTemplate = async (merchantId: string, templateId: string): Promise<CouponTemplate> => {
  const item = await getItem(templateKey(merchantId, templateId));
  if (item === undefined) throw new DomainError('NOT_FOUND', `No coupon template ${templateId}`, { templateId });
  return parseOrThrow(couponTemplateSchema, item, `template ${templateId}`);
};

/** A merchant's templates, retired ones included, by id. */
export const loadTemplates = async (merchantId: string): Promise<CouponTemplate[]> =>
  (await queryBetween(merchantPartition(merchantId), 'TEMPLATE#', 'TEMPLATE#~')).map((item) => parseOrThrow(couponTemplateSchema, item, `template ${String(item.sk)}`));

/** A lot's merchants by id (from gsi1, so one created a moment ago may be missing). */
export const loadLotMerchants = async (lotId: string): Promise<Merchant[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': lotMerchantsPartition(lotId) },
    })
  ).map((item) => parseOrThrow(merchantSchema, item, `merchant ${String(item.merchantId)}`));
