/**
 * Members-only coupon templates: a merchant grants one only to a plate whose membership is
 * entitled now and whose tier lists the template; anyone else is refused and nothing is held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import { asAdmin, newMember, newPlate, seedClubLot, startDriverApi, testClub } from './clubHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
let merchant: DemoMerchant;

const membersTemplateId = 'members-2h';

beforeAll(async () => {
  api = await startDriverApi();
  const [entryTier, ...higherTiers] = testClub('unused').tiers;
  lot = await seedClubLot(api, 'club-coupons', {
    tiers: [{ ...entryTier!, benefits: { ...entryTier!.benefits, membersOnlyCouponTemplateIds: [membersTemplateId] } }, ...higherTiers],
  });
  merchant = lot.merchants[0]!;
  const template = await asAdmin(api, 'POST', `/admin/merchants/${merchant.merchantId}/templates`, {
    templateId: membersTemplateId,
    name: '会员专享停车2小时',
    kind: 'minutes',
    value: 120,
    priceFen: 300,
    validity: { hours: 24 },
    membersOnly: true,
    status: 'active',
  });
  expect(template.status, JSON.stringify(template.body)).toBe(201);
  expect((await asAdmin(api, 'POST', `/admin/merchants/${merchant.merchantId}/recharges`, { rechargeId: 'members-coupons', amountFen: 10_000 })).status).toBe(201);
});
afterAll(() => api.close());

const grant = async (plate: string) => {
  const { grantByPlate } = await import('../../../functions/merchants/couponGrants.js');
  const owner = { kind: 'merchant' as const, merchantId: merchant.merchantId, staffId: `${merchant.merchantId}-owner`, role: 'owner' as const };
  return grantByPlate({ staff: owner, idempotencyKey: `members-${plate}`, templateId: membersTemplateId, plate });
};

describe('members-only coupon templates', () => {
  it('are granted to a member whose tier lists the template', async () => {
    const { plate } = await newMember(api, lot);
    const { answer } = await grant(plate);
    expect(answer.coupon).toMatchObject({ plate, templateId: membersTemplateId, status: 'waiting' });
  });

  it('are refused to a plate that is not a member, holding nothing', async () => {
    const { loadAccount, loadMerchant } = await import('../../../functions/merchants/merchantRecords.js');
    const before = await loadAccount(await loadMerchant(merchant.merchantId));
    await expect(grant(newPlate())).rejects.toMatchObject({ details: expect.objectContaining({ reason: 'MEMBERS_ONLY' }) });
    expect(await loadAccount(await loadMerchant(merchant.merchantId))).toEqual(before);
  });
});
