/**
 * The `merchants` function group: merchant staff sign in with login and password and get a
 * staff token; with it they see their own merchant's account, grant coupons by plate
 * (`Idempotency-Key` makes a retried grant grant once), list a day's grants and download a
 * month's statement as CSV; owners make claim codes, which drivers (driver token) scan to claim
 * a coupon for one of their plates; staff see their active templates, their claim codes (and
 * each one's printable QR PNG) and the cars that came in lately. Staff logins are throttled
 * per login name and source address. Administrators (IAM) create and change merchants, their
 * staff logins and templates, and recharge, settle and adjust their accounts, each audited.
 */
import { z } from 'zod';
import { issueAccessToken, principalIdSchema, requireAdmin, requireDriver, requireMerchantStaff, type StaffRole } from '../../shared/access/index.js';
import { localDate, localDateSchema, type DriverCouponsResponse } from '../../shared/coupons/index.js';
import { fenSchema } from '../../shared/money/index.js';
import { principalOf, tokenKey } from '../access/index.js';
import { created, createdOrReplayed, documentReply, httpApi, markReplayed, ok, requiredIdempotencyKey, route, type RouteRequest } from '../http/index.js';
import { adminReasonSchema } from '../../shared/lots/index.js';
import { claimTokenSchema, merchantPatchSchema, newIdSchema, newMerchantSchema, newStaffSchema } from '../../shared/merchants/index.js';
import { claimCodeQrPng, claimQrSizes, type ClaimQrSize } from './claimQr.js';
import { claimCodesOf, claimWithCode, makeClaimCode } from './claimCodes.js';
import { activeTemplates, addTemplate, retireMerchantTemplate } from './couponTemplates.js';
import { grantByPlate, grantsOn } from './couponGrants.js';
import { revokeMerchantCoupon } from './couponRevocation.js';
import { driverCoupons } from './driverCoupons.js';
import { addMerchant, changeMerchant, merchantDetails } from './merchantAdmin.js';
import { loadAccount, loadLotMerchants, loadMerchant, loadMerchantLot } from './merchantRecords.js';
import { recentEntries, recentEntryHours } from './recentEntries.js';
import { merchantAccountView, rechargeMerchant } from './recharges.js';
import { adjustMerchant, settleMerchant } from './settlements.js';
import { addStaff, changeStaff, checkStaffActive } from './staffAccounts.js';
import { signIn } from './staffLogin.js';
import { monthlyStatementCsv } from './statements.js';

const csvContentType = 'text/csv; charset=utf-8';
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month like 2026-03' });
const positiveFen = fenSchema.refine((fen) => fen > 0, { message: 'must be more than 0' });
const passwordSchema = z.string().min(8, { message: 'must be at least 8 characters' }).max(200);
const merchantPath = z.object({ merchantId: principalIdSchema });

const adminOf = async (request: RouteRequest<{}>) => requireAdmin(await principalOf(request.event, 'iam'));


const staffOf = async (request: RouteRequest<{}>, roles?: readonly StaffRole[]) => {
  const principal = await principalOf(request.event, 'merchant');
  const staff = requireMerchantStaff(principal, principal.merchantId, roles);
  await checkStaffActive(staff);
  return staff;
};

export const handler = httpApi({
  'POST /merchant/login': route(
    { body: z.object({ login: z.string().min(1).max(40), password: z.string().min(1).max(200) }) },
    async (request) => {
      const principal = await signIn(request.body.login, request.body.password, request.event.requestContext.http.sourceIp);
      const { token, expiresAt } = issueAccessToken(await tokenKey(), { principal, now: new Date() });
      return ok({ token, expiresAt, staff: principal });
    },
  ),

  'GET /merchant/account': route(async (request) => {
    const merchant = await loadMerchant((await staffOf(request)).merchantId);
    return ok(merchantAccountView(merchant, await loadAccount(merchant)));
  }),

  'POST /admin/merchants/{merchantId}/recharges': route(
    {
      path: z.object({ merchantId: principalIdSchema }),
      body: z.object({ rechargeId: principalIdSchema, amountFen: positiveFen, reason: adminReasonSchema.optional() }),
    },
    async (request) => {
      const admin = requireAdmin(await principalOf(request.event, 'iam'));
      const { answer, replayed } = await rechargeMerchant({ admin, merchantId: request.path.merchantId, ...request.body });
      return createdOrReplayed(answer, replayed);
    },
  ),

  'POST /merchant/coupons': route(
    {
      body: z.object({ templateId: principalIdSchema, plate: z.string().min(1).max(16), receiptFen: fenSchema.optional() }),
    },
    async (request) => {
      const staff = await staffOf(request);
      const { answer, replayed } = await grantByPlate({ staff, idempotencyKey: requiredIdempotencyKey(request.headers), ...request.body });
      return createdOrReplayed(answer, replayed);
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
      const owner = await staffOf(request, ['owner']);
      return created(await makeClaimCode(owner, request.body));
    },
  ),

  'POST /driver/claims': route({ body: z.object({ token: claimTokenSchema, plate: z.string().min(1).max(16) }) }, async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    const { answer, replayed } = await claimWithCode(driver, { ...request.body, idempotencyKey: requiredIdempotencyKey(request.headers) });
    return createdOrReplayed(answer, replayed);
  }),

  'POST /merchant/coupons/{couponId}/revoke': route({ path: z.object({ couponId: principalIdSchema }) }, async (request) => {
    const staff = await staffOf(request);
    const { answer, replayed } = await revokeMerchantCoupon(staff, request.path.couponId, new Date());
    return markReplayed(ok(answer), replayed);
  }),

  'GET /driver/coupons': route(async (request) => {
    const driver = requireDriver(await principalOf(request.event, 'driver'));
    return ok({ coupons: await driverCoupons(driver.driverId, new Date()) } satisfies DriverCouponsResponse);
  }),

  'GET /merchant/statements/{month}': route(
    { path: z.object({ month: monthSchema }) },
    async (request) => {
      const staff = await staffOf(request);
      const csv = await monthlyStatementCsv(staff.merchantId, request.path.month);
      return documentReply(csvContentType, csv, `statement-${staff.merchantId}-${request.path.month}.csv`);
    },
  ),

  'GET /merchant/templates': route(async (request) => {
    const staff = await staffOf(request);
    return ok({ templates: await activeTemplates(staff.merchantId) });
  }),

  'GET /merchant/claim-codes': route(async (request) => {
    const staff = await staffOf(request);
    return ok({ claimCodes: await claimCodesOf(staff.merchantId) });
  }),

  'GET /merchant/claim-codes/{token}/qr': route(
    { path: z.object({ token: claimTokenSchema }), query: z.object({ size: z.enum(Object.keys(claimQrSizes) as [ClaimQrSize]).default('medium') }) },
    async (request) => {
      const staff = await staffOf(request);
      const png = await claimCodeQrPng(staff.merchantId, request.path.token, request.query.size, request.event);
      return documentReply('image/png', png);
    },
  ),

  'GET /merchant/recent-entries': route(async (request) => {
    const staff = await staffOf(request);
    return ok({ withinHours: recentEntryHours, entries: await recentEntries(staff.merchantId) });
  }),

  'POST /admin/merchants': route({ body: newMerchantSchema.extend({ reason: adminReasonSchema.default('new merchant') }) }, async (request) => {
    const merchant = await addMerchant(await adminOf(request), request.body);
    return created(merchant, `/admin/merchants/${merchant.merchantId}`);
  }),

  'GET /admin/merchants': route({ query: z.object({ lotId: principalIdSchema }) }, async (request) => {
    await adminOf(request);
    return ok({ lotId: request.query.lotId, merchants: await loadLotMerchants(request.query.lotId) });
  }),

  'GET /admin/merchants/{merchantId}': route({ path: merchantPath }, async (request) => {
    await adminOf(request);
    return ok(await merchantDetails(request.path.merchantId));
  }),

  'PATCH /admin/merchants/{merchantId}': route(
    {
      path: merchantPath,
      body: merchantPatchSchema
        .extend({ reason: adminReasonSchema })
        .refine(({ reason: _reason, ...patch }) => Object.values(patch).some((value) => value !== undefined), { message: 'must change name, shopUnit, status or creditLimitFen' }),
    },
    async (request) => ok(await changeMerchant(await adminOf(request), request.path.merchantId, request.body)),
  ),

  'POST /admin/merchants/{merchantId}/staff': route(
    {
      path: merchantPath,
      body: newStaffSchema.extend({ staffId: newIdSchema.optional(), password: passwordSchema, reason: adminReasonSchema.default('new staff login') }),
    },
    async (request) => created(await addStaff(await adminOf(request), request.path.merchantId, request.body)),
  ),

  'PATCH /admin/merchants/{merchantId}/staff/{staffId}': route(
    {
      path: z.object({ merchantId: principalIdSchema, staffId: principalIdSchema }),
      body: z.object({ status: z.enum(['active', 'disabled']).optional(), password: passwordSchema.optional(), reason: adminReasonSchema }),
    },
    async (request) => ok(await changeStaff(await adminOf(request), request.path.merchantId, request.path.staffId, request.body)),
  ),

  'POST /admin/merchants/{merchantId}/templates': route(
    {
      path: merchantPath,
      // The template's own fields are checked by the core against couponTemplateSchema.
      body: z.looseObject({ templateId: newIdSchema.optional(), kind: z.string(), reason: adminReasonSchema.default('new coupon template') }),
    },
    async (request) => created(await addTemplate(await adminOf(request), request.path.merchantId, request.body)),
  ),

  'POST /admin/merchants/{merchantId}/templates/{templateId}/retire': route(
    { path: z.object({ merchantId: principalIdSchema, templateId: principalIdSchema }), body: z.object({ reason: adminReasonSchema }) },
    async (request) => ok(await retireMerchantTemplate(await adminOf(request), request.path.merchantId, request.path.templateId, request.body.reason)),
  ),

  'POST /admin/merchants/{merchantId}/settlements': route(
    {
      path: merchantPath,
      body: z.object({ settlementId: principalIdSchema, amountFen: positiveFen, reference: z.string().trim().min(1).max(100), reason: adminReasonSchema.optional() }),
    },
    async (request) => {
      const { answer, replayed } = await settleMerchant({ admin: await adminOf(request), merchantId: request.path.merchantId, ...request.body });
      return createdOrReplayed(answer, replayed);
    },
  ),

  'POST /admin/merchants/{merchantId}/adjustments': route(
    {
      path: merchantPath,
      body: z.object({ adjustmentId: principalIdSchema, amountFen: z.int().refine((fen) => fen !== 0, { message: 'must not be 0' }), reason: adminReasonSchema }),
    },
    async (request) => {
      const { answer, replayed } = await adjustMerchant({ admin: await adminOf(request), merchantId: request.path.merchantId, ...request.body });
      return createdOrReplayed(answer, replayed);
    },
  ),

  'GET /admin/merchants/{merchantId}/statements/{month}': route({ path: merchantPath.extend({ month: monthSchema }) }, async (request) => {
    await adminOf(request);
    const csv = await monthlyStatementCsv(request.path.merchantId, request.path.month);
    return documentReply(csvContentType, csv, `statement-${request.path.merchantId}-${request.path.month}.csv`);
  }),
});
