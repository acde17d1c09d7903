/**
 * Self-service claim codes (shared/merchants claimCode.ts). A code is the item
 * `pk=CLAIM#<token> sk=CLAIM` with its `claimedCount`; a driver's claims on it are
 * `pk=CLAIM#<token> sk=DRIVER#<driverId>` → `count`. A claim is the grant transaction of
 * couponGrants.ts plus both counters, each conditional on the limit it enforces, so a code is
 * never claimed past its quota nor a driver past their limit, however many claim at once.
 * A merchant's codes are listed from gsi1 (`MERCHANT#<id>#CLAIMCODES`, by creation time).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DriverPrincipal, MerchantStaffPrincipal } from '../../shared/access/index.js';
import { driverCouponOf, type Coupon, type DriverCoupon } from '../../shared/coupons/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { claimCodeSchema, claimCoupon, claimScene, createClaimCode, newClaimToken, staffSchema, type ClaimCode } from '../../shared/merchants/index.js';
import { plateSchema } from '../../shared/plates/index.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { tableName } from '../store/client.js';
import { queryAll } from '../store/queryAll.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { issueToPlate } from './couponGrants.js';
import { getItem, loadMerchant, loadTemplate } from './merchantRecords.js';

const claimKey = (token: string) => ({ pk: `CLAIM#${token}`, sk: 'CLAIM' });
/** gsi1: a merchant's codes, newest first. */
const merchantCodesPartition = (merchantId: string): string => `MERCHANT#${merchantId}#CLAIMCODES`;
const merchantCodesIndexKey = (code: Pick<ClaimCode, 'merchantId' | 'createdAt' | 'token'>) => ({
  gsi1pk: merchantCodesPartition(code.merchantId),
  gsi1sk: `${new Date(code.createdAt).toISOString()}#${code.token}`,
});
const driverClaimsKey = (token: string, driverId: string) => ({ pk: `CLAIM#${token}`, sk: `DRIVER#${driverId}` });

export interface ClaimCodeAnswer {
  code: ClaimCode;
  /** The mini-program code's scene (`c=<token>`); the printable QR encodes it. */
  scene: string;
}

export const makeClaimCode = async (
  owner: MerchantStaffPrincipal,
  input: { templateId: string; kind: ClaimCode['kind']; quota: number; perDriverLimit: number; expiresAt: string },
): Promise<ClaimCodeAnswer> => {
  const merchant = await loadMerchant(owner.merchantId);
  const template = await loadTemplate(owner.merchantId, input.templateId);
  const staff = parseOrThrow(staffSchema, { staffId: owner.staffId, merchantId: owner.merchantId, name: owner.staffId, role: owner.role, status: 'active' }, 'staff');
  const code = createClaimCode({ ...input, token: newClaimToken(randomBytes), template, merchant, staff, at: new Date().toISOString() });
  const outcome = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: { ...claimKey(code.token), entity: 'ClaimCode', ...code, claimedCount: 0, ...merchantCodesIndexKey(code) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  if (!outcome.committed) throw new Error(`Claim code not written: ${outcome.reasons.join(', ')}`);
  return { code, scene: claimScene(code.token) };
};

/** What a claiming driver is told: their coupon as `GET /driver/coupons` shows it, never the merchant's account or price. */
export interface ClaimAnswer {
  coupon: DriverCoupon;
}

const claimAnswerOf = async (coupon: Coupon, now: Date): Promise<ClaimAnswer> => {
  const [merchant, head] = await Promise.all([loadMerchant(coupon.merchantId), getItem({ pk: platePartitionKey(coupon.lotId, coupon.plate), sk: 'HEAD' })]);
  const openSessionIds = new Set(typeof head?.openSessionId === 'string' ? [head.openSessionId] : []);
  return { coupon: driverCouponOf(coupon, merchant.name, { openSessionIds, now }) };
};

/** A driver claims a coupon for one of their bound plates; the Idempotency-Key makes a retry claim once. */
export const claimWithCode = async (
  driver: DriverPrincipal,
  { token, plate: typedPlate, idempotencyKey }: { token: string; plate: string; idempotencyKey: string },
): Promise<{ answer: ClaimAnswer; replayed: boolean }> => {
  const item = await getItem(claimKey(token));
  if (item === undefined) throw new DomainError('NOT_FOUND', 'No such claim code', { reason: 'CLAIM_CODE_UNKNOWN' });
  const code = parseOrThrow(claimCodeSchema, item, 'claim code');
  const plate = parseOrThrow(plateSchema, typedPlate, 'plate');
  const bound = await getItem({ pk: `DRIVER#${driver.driverId}`, sk: `PLATE#${plate}` });
  if (bound === undefined) throw new DomainError('FORBIDDEN', 'Claim for one of your own plates', { reason: 'PLATE_NOT_BOUND', plate });
  const couponId = `clm-${createHash('sha256').update(`${token}\n${driver.driverId}\n${idempotencyKey}`).digest('base64url').slice(0, 32)}`;
  const { answer, replayed } = await issueToPlate({
    merchantId: code.merchantId,
    templateId: code.templateId,
    plate,
    couponId,
    // The counts are read afresh with every attempt: a lost race may have been another claim.
    decide: async (context) => {
      const [current, mine] = await Promise.all([getItem(claimKey(token)), getItem(driverClaimsKey(token, driver.driverId))]);
      const stored = parseOrThrow(claimCodeSchema, current, 'claim code');
      return claimCoupon({ ...context, couponId, code: stored, driver, claimedCount: Number(current?.claimedCount ?? 0), claimsByDriver: Number(mine?.count ?? 0) });
    },
    extraItems: (claim): TransactionItem[] => [
      {
        Update: {
          TableName: tableName(),
          Key: claimKey(token),
          UpdateExpression: 'SET claimedCount = :claimed',
          ConditionExpression: 'claimedCount = :read AND claimedCount < quota AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': claim.claimedCount, ':read': claim.claimedCount - 1, ':active': 'active' },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: driverClaimsKey(token, driver.driverId),
          UpdateExpression: 'SET entity = :entity, #count = :mine',
          ConditionExpression: 'attribute_not_exists(pk) OR (#count = :read AND #count < :limit)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':entity': 'DriverClaims', ':mine': claim.claimsByDriver, ':read': claim.claimsByDriver - 1, ':limit': code.perDriverLimit },
        },
      },
    ],
  });
  return { answer: await claimAnswerOf(answer.coupon, new Date()), replayed };
};

/** A code as its merchant's staff see it: how many were claimed, and the scene of its QR. */
export interface ClaimCodeSummary extends ClaimCodeAnswer {
  claimedCount: number;
}

const summaryOf = (item: Record<string, unknown>): ClaimCodeSummary => {
  const code = parseOrThrow(claimCodeSchema, item, 'claim code');
  return { code, scene: claimScene(code.token), claimedCount: Number(item.claimedCount ?? 0) };
};

/** The merchant's codes, newest first (from gsi1: a claim a moment ago may not be counted yet). */
export const claimCodesOf = async (merchantId: string): Promise<ClaimCodeSummary[]> =>
  (
    await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': merchantCodesPartition(merchantId) },
      ScanIndexForward: false,
    })
  ).map(summaryOf);

/** One of the merchant's codes, read consistently; another merchant's is as unknown as none. */
export const claimCodeOfMerchant = async (merchantId: string, token: string): Promise<ClaimCodeSummary> => {
  const item = await getItem(claimKey(token));
  if (item === undefined || item.merchantId !== merchantId) throw new DomainError('NOT_FOUND', 'No such claim code', { reason: 'CLAIM_CODE_UNKNOWN' });
  return summaryOf(item);
};
