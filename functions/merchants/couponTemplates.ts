/**
 * A merchant's coupon templates (shared/coupons couponTemplate.ts), made and retired by
 * administrators, each with its audit entry in the same transaction:
 *   CouponTemplate  pk=MERCHANT#<merchantId>  sk=TEMPLATE#<templateId>
 * Staff see their own merchant's active templates on the grant screen.
 */
import { randomBytes } from 'node:crypto';
import type { AdminPrincipal } from '../../shared/access/index.js';
import type { CouponTemplate } from '../../shared/coupons/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { createTemplate, grantableNow, retireTemplate } from '../../shared/merchants/index.js';
import { transactWrite } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { merchantAuditPut } from './merchantAudit.js';
import { loadMerchant, loadMerchantLot, loadTemplate, loadTemplates, templateKey } from './merchantRecords.js';

export const addTemplate = async (
  admin: AdminPrincipal,
  merchantId: string,
  { reason, templateId, ...fields }: Record<string, unknown> & { reason: string; templateId?: string | undefined },
): Promise<CouponTemplate> => {
  const merchant = await loadMerchant(merchantId);
  const { calendar } = await loadMerchantLot(merchant.lotId);
  const at = new Date().toISOString();
  const template = createTemplate(merchant, { ...fields, templateId: templateId ?? `tpl-${randomBytes(6).toString('hex')}` }, { at, timezone: calendar.timezone });
  const outcome = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: { ...templateKey(merchantId, template.templateId), entity: 'CouponTemplate', ...template, createdAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    merchantAuditPut({ admin, merchant, action: 'createTemplate', reason, at, details: { template } }),
  ]);
  if (outcome.committed) return template;
  if (outcome.reasons[0] === 'ConditionalCheckFailed') {
    throw new DomainError('CONFLICT', `Template ${template.templateId} already exists`, { reason: 'TEMPLATE_EXISTS', templateId: template.templateId });
  }
  throw new Error(`Template not written: ${outcome.reasons.join(', ')}`);
};

export const retireMerchantTemplate = async (admin: AdminPrincipal, merchantId: string, templateId: string, reason: string): Promise<CouponTemplate> => {
  const merchant = await loadMerchant(merchantId);
  const retired = retireTemplate(await loadTemplate(merchantId, templateId));
  const at = new Date().toISOString();
  const outcome = await transactWrite([
    {
      Update: {
        TableName: tableName(),
        Key: templateKey(merchantId, templateId),
        UpdateExpression: 'SET #status = :retired, retiredAt = :at',
        ConditionExpression: 'attribute_not_exists(#status) OR #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':retired': 'retired', ':active': 'active', ':at': at },
      },
    },
    merchantAuditPut({ admin, merchant, action: 'retireTemplate', reason, at, details: { templateId } }),
  ]);
  if (outcome.committed) return retired;
  if (outcome.reasons[0] === 'ConditionalCheckFailed') throw new DomainError('CONFLICT', `Template ${templateId} is already retired`, { reason: 'TEMPLATE_RETIRED', templateId });
  throw new Error(`Template not retired: ${outcome.reasons.join(', ')}`);
};

/** The templates staff may grant from now (active, validity not run out). */
export const activeTemplates = async (merchantId: string): Promise<CouponTemplate[]> => {
  const { calendar } = await loadMerchantLot((await loadMerchant(merchantId)).lotId);
  const at = new Date().toISOString();
  return (await loadTemplates(merchantId)).filter((template) => grantableNow(template, { at, timezone: calendar.timezone }));
};
