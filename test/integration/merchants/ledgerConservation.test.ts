/**
 * A property test of the merchant ledger against DynamoDB Local: random sequences of recharges,
 * grants, entries, exits (offline: the car leaves, the visit closes and settles its coupons),
 * expiry runs and revocations, some pairs run concurrently, always leave
 * - each account equal to the fold of its entries, and its held amount equal to the prices of
 *   its open (waiting or attached) coupons;
 * - per coupon one hold, then at most one capture (used) or release (expired, revoked, unused);
 * - money conserved: what merchants were charged is the price of the coupons used, and a closed
 *   visit owes its gross fee less at most the face of the coupons used on it (amount coupons
 *   here, so faces are money).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoLot, DemoMerchant } from '../../../scripts/local/demoLot.js';
import type { Coupon } from '../../../shared/coupons/index.js';
import { isDomainError } from '../../../shared/errors/index.js';
import { foldLedger, merchantAccountSchema } from '../../../shared/merchants/index.js';
import { assessStay, sessionSchema, type DeviceEvent, type LaneDevice } from '../../../shared/sessions/index.js';
import { entryLane, exitLane, getItem, local, newEventId, seedLot } from '../devices/laneHarness.js';
import { ledgerOf, merchantItems } from './ledgerHarness.js';

let lot: DemoLot;
let merchants: DemoMerchant[];

const templates = [
  { templateId: 'five-off', name: '减5元', kind: 'amount', value: 500, priceFen: 300, validity: { hours: 24 } },
  { templateId: 'three-off', name: '减3元', kind: 'amount', value: 300, priceFen: 200, validity: { hours: 24 } },
];

beforeAll(async () => {
  lot = await seedLot('ledger');
  merchants = lot.merchants;
  for (const merchant of merchants) {
    for (const template of templates) {
      await local.documents.send(
        new PutCommand({ TableName: local.tableName, Item: { pk: `MERCHANT#${merchant.merchantId}`, sk: `TEMPLATE#${template.templateId}`, entity: 'CouponTemplate', merchantId: merchant.merchantId, ...template } }),
      );
    }
  }
});

const modules = async () => ({
  ...(await import('../../../functions/merchants/couponGrants.js')),
  ...(await import('../../../functions/merchants/couponExpiry.js')),
  ...(await import('../../../functions/merchants/couponRevocation.js')),
  ...(await import('../../../functions/merchants/recharges.js')),
  ...(await import('../../../functions/devices/answerLaneEvent.js')),
  ...(await import('../../../functions/sessions/lotTariffs.js')),
});

const admin = { kind: 'admin' as const, arn: 'arn:aws:iam::123456789012:user/ledger-test', accountId: '123456789012' };
const ownerOf = (merchant: DemoMerchant) => ({ kind: 'merchant' as const, merchantId: merchant.merchantId, staffId: `${merchant.merchantId}-owner`, role: 'owner' as const });
const device = (laneId: string, direction: 'entry' | 'exit'): LaneDevice => ({ deviceId: `dev-${laneId}`, lotId: lot.lotId, laneId, direction });

type Operation =
  | { op: 'recharge'; merchant: number; amountFen: number }
  | { op: 'grant'; merchant: number; plate: number; template: number }
  | { op: 'enter'; plate: number; minutesAgo: number }
  | { op: 'exit'; plate: number }
  | { op: 'expire' }
  | { op: 'revoke'; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('recharge' as const), merchant: fc.nat(1), amountFen: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ op: fc.constant('grant' as const), merchant: fc.nat(1), plate: fc.nat(1), template: fc.nat(1) }),
  fc.record({ op: fc.constant('grant' as const), merchant: fc.nat(1), plate: fc.nat(1), template: fc.nat(1) }),
  fc.record({ op: fc.constant('enter' as const), plate: fc.nat(1), minutesAgo: fc.integer({ min: 20, max: 300 }) }),
  fc.record({ op: fc.constant('exit' as const), plate: fc.nat(1) }),
  fc.constant({ op: 'expire' as const }),
  fc.record({ op: fc.constant('revoke' as const), pick: fc.nat() }),
);
/** One operation, or two run at the same time. */
const step = fc.oneof(operation.map((one) => [one]), fc.tuple(operation, operation));

let run = 0;


const grantedCoupons = async (merchantId: string): Promise<Coupon[]> => {
  const { loadCoupon } = await modules();
  return Promise.all((await merchantItems(local, merchantId, 'GRANT#')).map(async (item) => (await loadCoupon(String((item.coupon as Coupon).couponId)))!));
};

/** Refusals (limits, funds, a coupon already ended, a busy account) are outcomes, not failures. */
const refusalsAllowed = async (action: () => Promise<unknown>): Promise<void> => {
  try {
    await action();
  } catch (error) {
    if (!isDomainError(error) || !['CONFLICT', 'UNAVAILABLE'].includes(error.code)) throw error;
  }
};

const perform = async (operation: Operation, plates: string[], granted: string[]): Promise<void> => {
  const m = await modules();
  const now = new Date();
  switch (operation.op) {
    case 'recharge':
      return void (await m.rechargeMerchant({ merchantId: merchants[operation.merchant]!.merchantId, rechargeId: newEventId('rc'), amountFen: operation.amountFen, admin }));
    case 'grant':
      return refusalsAllowed(async () => {
        const merchant = merchants[operation.merchant]!;
        const { answer } = await m.grantByPlate({ staff: ownerOf(merchant), idempotencyKey: newEventId('g'), templateId: templates[operation.template]!.templateId, plate: plates[operation.plate]! });
        granted.push(answer.coupon.couponId);
      });
    case 'enter': {
      const event: DeviceEvent = { eventId: newEventId('in'), laneId: entryLane, type: 'entry', plate: plates[operation.plate]!, at: new Date(now.getTime() - operation.minutesAgo * 60_000).toISOString() };
      return void (await m.answerLaneEvent(device(entryLane, 'entry'), event, 'online', now));
    }
    case 'exit': {
      const event: DeviceEvent = { eventId: newEventId('out'), laneId: exitLane, type: 'exit', plate: plates[operation.plate]!, at: now.toISOString() };
      return void (await m.answerLaneEvent(device(exitLane, 'exit'), event, 'offline', now));
    }
    case 'expire':
      return void (await m.expireCoupons(lot.lotId, new Date(now.getTime() + 26 * 3600_000)));
    case 'revoke': {
      const couponId = granted[operation.pick % Math.max(1, granted.length)];
      const coupon = couponId === undefined ? undefined : await m.loadCoupon(couponId);
      if (coupon === undefined) return;
      const owner = ownerOf(merchants.find((merchant) => merchant.merchantId === coupon.merchantId)!);
      return refusalsAllowed(() => m.revokeMerchantCoupon(owner, coupon.couponId, now));
    }
  }
};

const checkInvariants = async (): Promise<void> => {
  const { tariffVersionAt } = await modules();
  const priceOf = (coupons: readonly Coupon[]) => coupons.reduce((sum, coupon) => sum + coupon.priceFen, 0);
  const sessions = new Map<string, Coupon[]>();
  for (const merchant of merchants) {
    const [entries, coupons, accountItem] = await Promise.all([
      ledgerOf(local, merchant.merchantId),
      grantedCoupons(merchant.merchantId),
      getItem(`MERCHANT#${merchant.merchantId}`, 'ACCOUNT'),
    ]);
    // An account is written by its first movement.
    const account = accountItem === undefined ? { balanceFen: 0, heldFen: 0 } : merchantAccountSchema.parse(accountItem);
    expect(foldLedger(entries)).toEqual({ balanceFen: account.balanceFen, heldFen: account.heldFen });
    expect(account.heldFen).toBe(priceOf(coupons.filter((coupon) => coupon.status === 'waiting' || coupon.status === 'attached')));
    const captured = entries.filter((entry) => entry.kind === 'capture').reduce((sum, entry) => sum - entry.amountFen, 0);
    expect(captured).toBe(priceOf(coupons.filter((coupon) => coupon.status === 'used')));
    for (const coupon of coupons) {
      const kinds = entries.filter((entry) => entry.couponId === coupon.couponId).map((entry) => entry.kind);
      const ending = { waiting: [], attached: [], used: ['capture'], expired: ['release'], revoked: ['release'] }[coupon.status];
      expect(kinds).toEqual(['hold', ...ending]);
      if (coupon.status === 'used') sessions.set(coupon.sessionId!, [...(sessions.get(coupon.sessionId!) ?? []), coupon]);
    }
  }
  for (const [sessionId, used] of sessions) {
    const session = sessionSchema.parse(await getItem(`SESSION#${sessionId}`, 'SESSION'));
    expect(session.status).toBe('closed');
    const item = await getItem(`SESSION#${sessionId}`, 'SESSION');
    const { tariff } = await tariffVersionAt(session.lotId, session.closedAt!);
    const { grossFee } = assessStay({ plate: session.plate, enteredAt: session.enteredAt, leftAt: session.closedAt! }, { tariff }).quote;
    const faces = used.reduce((sum, coupon) => sum + (coupon.face.kind === 'amount' ? coupon.face.value : 0), 0);
    // Every coupon charged lowered the fee: the driver's discount is at most their faces, and more than the faces without the last one.
    expect(grossFee - Number(item!.owingFen)).toBeLessThanOrEqual(faces);
    expect(Number(item!.owingFen)).toBe(Math.max(0, grossFee - faces));
  }
};

describe('the merchant ledger under random sequences of grants, visits, expiries and revocations', () => {
  it('keeps every account equal to its entries and conserves money', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        run += 1;
        const plates = [`粤D${String(run).padStart(3, '0')}01`, `粤D${String(run).padStart(3, '0')}02`];
        const granted: string[] = [];
        for (const parallel of steps) await Promise.all(parallel.map((one) => perform(one, plates, granted)));
        await checkInvariants();
      }),
      {
        numRuns: 6,
        // Always once: a capture under two concurrent exits, an expiry and a revocation racing a grant.
        examples: [
          [
            [
              [{ op: 'grant', merchant: 0, plate: 0, template: 0 }],
              [{ op: 'enter', plate: 0, minutesAgo: 90 }],
              [{ op: 'grant', merchant: 1, plate: 0, template: 1 }, { op: 'grant', merchant: 1, plate: 1, template: 0 }],
              [{ op: 'exit', plate: 0 }, { op: 'exit', plate: 0 }],
              [{ op: 'expire' }, { op: 'revoke', pick: 2 }],
            ],
          ],
        ],
      },
    );
  }, 180_000);
});
