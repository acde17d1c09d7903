/**
 * Coupons issued to a plate: staff grants (shared/merchants `grantCoupon`) and, with their
 * counters added by claimCodes.ts, claims (`claimCoupon`). Each is ONE transaction:
 *   - the account to the held step, on its version, and the hold entry (ledgerWrites.ts);
 *   - the coupon, on `attribute_not_exists`: under its open session `pk=SESSION#<id>` while
 *     attached, else under the plate `pk=LOT#<lot>#PLATE#<plate>` waiting (gsi1 = the plate's
 *     coupons by deadline);
 *   - `pk=COUPON#<couponId> sk=REF` → where the coupon is: the idempotency item (the coupon id
 *     comes from the merchant and its Idempotency-Key, so a retried grant finds it);
 *   - the merchant's grant record `sk=GRANT#<local date>#<couponId>` (today's grants);
 *   - the daily counter `sk=DAILY#<local date>#<plate>`, count < the policy's maximum;
 *   - the holder's coupon-set version (`SESSION#<id>/COUPONS` or `<plate partition>/WAITING`),
 *     the plate head's version as read (no session opened or closed meanwhile: a coupon never
 *     waits while its plate is parked), and, when attached, the session still open.
 * A lost race re-reads everything and asks the core again; a refusal writes nothing.
 * Coupon items are the core's coupons as they are (couponRecords.ts); the exit reads them there.
 */
import { createHash } from 'node:crypto';
import type { MerchantStaffPrincipal } from '../../shared/access/index.js';
import { couponSchema, localDate, type Coupon, type CouponPolicy, type CouponTemplate, type LotCalendar } from '../../shared/coupons/index.js';
import { DomainError, parseOrThrow } from '../../shared/errors/index.js';
import { grantCoupon, staffSchema, type Grant, type Merchant, type MerchantAccount, type Staff } from '../../shared/merchants/index.js';
import { plateSchema } from '../../shared/plates/index.js';
import { recordCouponGranted } from '../observability/parkadeMetrics.js';
import { platePartitionKey } from '../sessions/plateStreams.js';
import { mayGetMembersOnlyCoupon } from '../club/membersOnlyCoupons.js';
import { sessionKey } from '../sessions/sessions.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';
import { tableName } from '../store/client.js';
import { couponItem, couponOfItem, couponRefPut, currentCoupons, loadCoupon } from './couponRecords.js';
import { accountView, type AccountView } from './recharges.js';
import { backOff, ledgerStepItems, lostRace, maxAttempts } from './ledgerWrites.js';
import { getItem, loadAccount, loadMerchant, loadMerchantLot, loadTemplate, merchantPartition, queryBetween } from './merchantRecords.js';

/** Statements read coupons by id wherever they are now. */
export { loadCoupon } from './couponRecords.js';

/** The coupon id of a merchant's Idempotency-Key: the same key from another merchant is another grant. */
export const couponIdOf = (merchantId: string, idempotencyKey: string): string =>
  `cpn-${createHash('sha256').update(`${merchantId}\n${idempotencyKey}`).digest('base64url').slice(0, 32)}`;

const versionOf = (item: Record<string, unknown> | undefined): number => (item === undefined ? 0 : Number(item.version));

const versionBump = (key: { pk: string; sk: string }, read: number, entity: string): TransactionItem => ({
  Update: {
    TableName: tableName(),
    Key: key,
    UpdateExpression: 'SET entity = :entity, version = :next',
    ConditionExpression: read === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
    ExpressionAttributeValues: { ':entity': entity, ':next': read + 1, ...(read === 0 ? {} : { ':read': read }) },
  },
});

const dayTtlSeconds = 3 * 24 * 3600;

export interface GrantAnswer {
  coupon: Coupon;
  account: AccountView;
}

export interface GrantRequest {
  staff: MerchantStaffPrincipal;
  idempotencyKey: string;
  templateId: string;
  plate: string;
  receiptFen?: number | undefined;
}

/** The staff member as their token names them: the token was issued to an active member and is short-lived. */
export const staffOf = (principal: MerchantStaffPrincipal): Staff =>
  parseOrThrow(staffSchema, { staffId: principal.staffId, merchantId: principal.merchantId, name: principal.staffId, role: principal.role, status: 'active' }, 'staff');

/** What a grant or a claim decides from: everything read for one attempt. */
export interface IssueContext {
  merchant: Merchant;
  template: CouponTemplate;
  calendar: LotCalendar;
  policy: CouponPolicy;
  account: MerchantAccount;
  plate: string;
  at: string;
  openSession: { sessionId: string; lotId: string; plate: string; status: 'open' } | null;
  todaysGrantsForPlateByMerchant: number;
  sessionCoupons: Coupon[];
  /** For a members-only template: whether the plate's membership and tier allow it. */
  member: boolean;
}

/**
 * Issues a coupon to a plate: reads, lets `decide` call the core (`grantCoupon` or
 * `claimCoupon`), and writes the grant's transaction plus `extraItems` (a claim's counters);
 * on a lost race it reads again. A coupon already written under `couponId` is answered as a replay.
 */
export const issueToPlate = async <G extends Grant>({
  merchantId,
  templateId,
  plate: typedPlate,
  couponId,
  decide,
  extraItems = () => [],
}: {
  merchantId: string;
  templateId: string;
  plate: string;
  couponId: string;
  decide: (context: IssueContext) => G | Promise<G>;
  extraItems?: (grant: G) => TransactionItem[];
}): Promise<{ answer: GrantAnswer; replayed: boolean }> => {
  const merchant = await loadMerchant(merchantId);
  const { calendar, policy } = await loadMerchantLot(merchant.lotId);
  const template = await loadTemplate(merchant.merchantId, templateId);
  const plate = parseOrThrow(plateSchema, typedPlate, 'plate');
  const platePk = platePartitionKey(merchant.lotId, plate);

  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const existing = await loadCoupon(couponId);
    if (existing !== undefined) return { answer: { coupon: existing, account: accountView(await loadAccount(merchant)) }, replayed: true };

    const at = new Date().toISOString();
    const day = localDate(at, calendar.timezone);
    const dailyKey = { pk: merchantPartition(merchant.merchantId), sk: `DAILY#${day}#${plate}` };
    const head = await getItem({ pk: platePk, sk: 'HEAD' });
    const openSessionId = typeof head?.openSessionId === 'string' ? head.openSessionId : null;
    const sessionItem = openSessionId === null ? undefined : await getItem(sessionKey(openSessionId));
    const openSession = sessionItem?.status === 'open' ? (sessionItem as IssueContext['openSession']) : null;
    const holderKey = openSession === null ? { pk: platePk, sk: 'WAITING' } : { pk: sessionKey(openSession.sessionId).pk, sk: 'COUPONS' };
    const [account, daily, holder, held] = await Promise.all([
      loadAccount(merchant),
      getItem(dailyKey),
      getItem(holderKey),
      queryBetween(holderKey.pk, 'COUPON#', 'COUPON#~'),
    ]);
    const heldCoupons = held.filter((item) => item.entity === 'Coupon').map(couponOfItem);
    const member = template.membersOnly && (await mayGetMembersOnlyCoupon({ lotId: merchant.lotId, plate, templateId: template.templateId, at }));
    const grant = await decide({
      merchant,
      template,
      calendar,
      policy,
      account,
      plate,
      at,
      openSession,
      todaysGrantsForPlateByMerchant: Number(daily?.count ?? 0),
      sessionCoupons:
        openSession === null
          ? heldCoupons.filter((coupon) => coupon.status === 'waiting')
          : heldCoupons.filter((coupon) => coupon.status === 'attached' || coupon.status === 'used'),
      member,
    });
    const item = couponItem(grant.coupon);
    const items: TransactionItem[] = [
      ...ledgerStepItems(grant, account.version),
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      couponRefPut(grant.coupon, 'new'),
      {
        Put: {
          TableName: tableName(),
          Item: { pk: merchantPartition(merchant.merchantId), sk: `GRANT#${day}#${couponId}`, entity: 'CouponGrant', date: day, coupon: grant.coupon },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: dailyKey,
          UpdateExpression: 'SET entity = :entity, expiresAt = :ttl ADD #count :one',
          ConditionExpression: 'attribute_not_exists(pk) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':entity': 'DailyPlateGrants',
            ':ttl': Math.floor(Date.parse(at) / 1000) + dayTtlSeconds,
            ':one': 1,
            ':max': policy.maxGrantsPerPlatePerMerchantPerDay,
          },
        },
      },
      versionBump(holderKey, versionOf(holder), openSession === null ? 'WaitingCoupons' : 'SessionCoupons'),
      // The plate as read: a session that opened or closed meanwhile makes us decide again.
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: { pk: platePk, sk: 'HEAD' },
          ConditionExpression: head === undefined ? 'attribute_not_exists(pk)' : 'version = :headVersion',
          ...(head === undefined ? {} : { ExpressionAttributeValues: { ':headVersion': head.version } }),
        },
      },
      ...(openSession === null
        ? []
        : [
            {
              ConditionCheck: {
                TableName: tableName(),
                Key: sessionKey(openSession.sessionId),
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':open': 'open' },
              },
            } satisfies TransactionItem,
          ]),
      ...extraItems(grant),
    ];
    const outcome = await transactWrite(items);
    if (outcome.committed) recordCouponGranted(merchant.lotId);
    if (outcome.committed) return { answer: { coupon: grant.coupon, account: accountView(grant.nextAccount) }, replayed: false };
    if (!lostRace(outcome.reasons)) throw new Error(`Coupon transaction cancelled: ${outcome.reasons.join(', ')}`);
    await backOff(attempt);
  }
  throw new DomainError('UNAVAILABLE', 'The merchant account is busy; try again', { reason: 'ACCOUNT_BUSY' });
};

export const grantByPlate = ({ staff, idempotencyKey, templateId, plate, receiptFen }: GrantRequest): Promise<{ answer: GrantAnswer; replayed: boolean }> =>
  issueToPlate({
    merchantId: staff.merchantId,
    templateId,
    plate,
    couponId: couponIdOf(staff.merchantId, idempotencyKey),
    decide: (context) => grantCoupon({ ...context, staff: staffOf(staff), couponId: couponIdOf(staff.merchantId, idempotencyKey), ...(receiptFen === undefined ? {} : { receiptFen }) }),
  });

/** The merchant’s grants on a local date, oldest first, each as it is now (attached, used, revoked, …). */
export const grantsOn = async (merchantId: string, date: string): Promise<Coupon[]> =>
  currentCoupons(
    (await queryBetween(merchantPartition(merchantId), `GRANT#${date}#`, `GRANT#${date}#~`)).map((item) => parseOrThrow(couponSchema, item.coupon, 'granted coupon')),
  );
