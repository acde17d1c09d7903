/**
 * The `merchants` function group: merchant staff sign in with login and password and get a
 * staff token; with it they see their own merchant's account, grant coupons by plate
 * (`Idempotency-Key` makes a retried grant grant once), list a day's grants and download a
 * month's statement as CSV; owners make claim codes, which drivers (driver token) scan to claim
 * a coupon for one of their plates. Administrators (IAM) recharge a merchant's balance.
 */
import { z } from 'zod';
import { issueAccessToken, principalIdSchema, requireAdmin, requireDriver, requireMerchantOwner, requireMerchantStaff } from '../../shared/access/index.js';
import { localDate, localDateSchema } from '../../shared/coupons/index.js';
import { DomainError } from '../../shared/errors/index.js';
import { fenSchema } from '../../shared/money/index.js';
import { principalOf, tokenKey } from '../access/index.js';
import { created, documentReply, httpApi, ok, route, type Reply, type RouteRequest } from '../http/index.js';
import { claimTokenSchema } from '../../shared/merchants/index.js';
import { claimWithCode, makeClaimCode } from './claimCodes.js';
import { grantByPlate, grantsOn } from './couponGrants.js';
import { loadAccount, loadMerchant, loadMerchantLot } from './merchantRecords.js';
import { accountView, rechargeMerchant } from './recharges.js';
import { signIn } from './staffLogin.js';
import { monthlyStatementCsv } from './statements.js';

const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;
const csvContentType = 'text/csv; charset=utf-8';

const replayedHeader = (reply: Reply, replayed: boolean): Reply =>
  replayed ? { ...reply, headers: { ...reply.headers, 'idempotent-replayed': 'true' } } : reply;

const staffOf = async (request: RouteRequest<{}>) => {
  const principal = await principalOf(request.event, 'merchant');
  return requireMerchantStaff(principal, principal.merchantId);
};

const idempotencyKeyOf = (headers: Record<string, string | undefined>): string => {
  const key = headers['idempotency-key'];
  if (key === undefined || !idempotencyKeyPattern.test(key)) {
    throw new DomainError('VALIDATION_FAILED', 'A grant or claim needs an Idempotency-Key of 1–128 printable characters', {
      issues: [{ path: 'headers.idempotency-key', message: 'required: 1–128 printable ASCII characters without spaces' }],
    });
  }
  return key;
};

export const handler = httpApi({
  'POST /merchant/login': route(
    { body: z.object({ login: z.string().min(1).max(40), password: z.string().min(1).max(200) }) },
    async (request) => {
      const principal = await signIn(request.body.login, request.body.password);
      const { token, expiresAt } = issueAccessToken(await tokenKey(), { principal, now: new Date() });
      return ok({ token, expiresAt, staff: principal });
    },
  ),

  'GET /merchant/account': route(async (request) => {
    const staff = await staffOf(request);
    return ok(accountView(await loadAccount(await loadMerchant(staff.merchantId))));
  }),

  'POST /admin/merchants/{merchantId}/recharges': route(
    {
      path: z.object({ merchantId: principalIdSchema }),
      body: z.object({ rechargeId: principalIdSchema, amountFen: fenSchema.refine((fen) => fen > 0, { message: 'must be more than 0' }) }),
    },
    async (request) => {
      const admin = requireAdmin(await principalOf(request.event, 'iam'));
      const { answer, replayed } = await rechargeMerchant({ merchantId: request.path.merchantId, ...request.body, by: `admin:${admin.arn}` });
      return replayedHeader(replayed ? ok(answer) : created(answer), replayed);
    },
  ),

  'POST /merchant/coupons': route(
    {
      body: z.object({ templateId: principalIdSchema, plate: z.string().min(1).max(16), receiptFen: fenSchema.optional() }),
    },
    async (request) => {
      const staff = await staffOf(request);
      const { answer, replayed } = await grantByPlate({ staff, idempotencyKey: idempotencyKeyOf(request.headers), ...request.body });
      return replayedHeader(replayed ? ok(answer) : created(answer), replayed);
    },
  ),

  'GET /merchant/coupons': route({ query: z.object({ date: localDateSchema.optional() }) }, async (request) => {
    const staff = await staffOf(request);
    const date = request.query.date ?? localDate(Date.now(), (await loadMerchantLot((await loadMerchant(staff.merchantId)).lotId)).calendar.timezone);
    return ok({ date, coupons: await grantsOn(staff.merchantId, date) });
  }),

  'POST /merchant/claim-codes': route(
    {
      body: z.object({
        templateId: principalIdSchema,
        kind: z.enum(['static', 'dynamic']),
        quota: z.int().min(1).max(100_000),
        perDriverLimit: z.int().min(1).default(1),
        expiresAt: z.iso.datetime({ offset: true }),
      }),
    },
    async (request) => {
      const principal = await principalOf(request.event, 'merchant');
      const owner = requireMerchantOwner(principal, principal.merchantId);
      return created(await makeClaimCode(owner, request.body));
    },
  ),

  'POST /driver/claims': route({ body: z.object({ token: claimTokenSchema, plate: z.string().min(1).max(16) }) }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    const { answer, replayed } = await claimWithCode(driver, { ...request.body, idempotencyKey: idempotencyKeyOf(request.headers) });
    return replayedHeader(replayed ? ok(answer) : created(answer), replayed);
  }),

  'GET /merchant/statements/{month}': route(
    { path: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month like 2026-03' }) }) },
    async (request) => {
      const staff = await staffOf(request);
      const csv = await monthlyStatementCsv(staff.merchantId, request.path.month);
      return documentReply(csvContentType, csv, `statement-${staff.merchantId}-${request.path.month}.csv`);
    },
  ),
});
