/**
 * Per route of functions/routes.ts: a valid request for one party's resource in the proof world,
 * who may make it, and who of the same kind gets their own view instead. Everyone else is
 * refused (401/403 for the wrong kind of caller, 403/404 for the right kind on another's
 * resource) and writes nothing. The access matrix fails for a route missing here; the bad-input
 * proof mutates these requests (and fuzzes routes missing here without them).
 */
import { freshId, laneEventBody, randomPlate, roles, type ProofWorld, type Role } from './proofWorld.js';
import type { ProofAnswer, ProofRequest } from './proofStack.js';

export interface RouteCase {
  /** Whose resource the request names; their markers must not reach `own` callers. */
  owner: Role;
  /** Who may make exactly this request: 2xx. */
  allow: readonly Role[];
  /**
   * Callers of the owner's kind who act on their own data instead (their plates, their
   * merchant, their lane): any answer but a 5xx, never one of the owner's markers in it or in
   * what they wrote.
   */
  own?: readonly Role[];
  /** For a 200 that carries refusals inside (an offline backlog answers each event): every one refused. */
  refusedInside?: (answer: ProofAnswer) => boolean;
  request(world: ProofWorld): ProofRequest | Promise<ProofRequest>;
}

const drivers = ['driverA', 'driverB'] as const;
const staffA = ['clerkA', 'ownerA'] as const;
const staffB = ['clerkB', 'ownerB'] as const;

/** The fee due now, read the way the routes read it (not through the rate-limited quote route). */
export const freshQuote = async (sessionId: string): Promise<{ due: number; coversUntil: string }> => {
  const { loadSession, quoteSession } = await import('../../../functions/payments/sessionQuote.js');
  return quoteSession(await loadSession(sessionId), new Date());
};

const today = (): string => new Date().toISOString().slice(0, 10);

/** An administrators' route (IAM): nobody else gets past API Gateway's authoriser, nor past the handler's guard. */
const adminOnly = (request: RouteCase['request']): RouteCase => ({ owner: 'admin', allow: ['admin'], request });
const because = { reason: 'proof: access matrix' };

export const routeCases: Record<string, RouteCase> = {
  'GET /health': { owner: 'anonymous', allow: roles, request: () => ({}) },

  'POST /device/events': {
    owner: 'deviceL',
    allow: ['deviceL'],
    request: (world) => ({ body: laneEventBody(world.devices.L, randomPlate(), new Date()) }),
  },
  'POST /device/events/batch': {
    owner: 'deviceL',
    allow: ['deviceL'],
    own: ['deviceM'],
    refusedInside: (answer) => (answer.json?.answers as unknown[] | undefined)?.every((one) => typeof one === 'object' && one !== null && 'error' in one) === true,
    request: (world) => ({ body: [laneEventBody(world.devices.L, randomPlate(), new Date())] }),
  },
  'GET /device/config': { owner: 'deviceL', allow: ['deviceL'], own: ['deviceM'], request: () => ({}) },
  'GET /device/commands': { owner: 'deviceL', allow: ['deviceL'], own: ['deviceM'], request: () => ({}) },
  'POST /device/payments': {
    owner: 'deviceL',
    allow: ['deviceL'],
    request: async (world) => {
      const quote = await freshQuote(world.sessions.toPayAtLane);
      return { body: { paymentId: freshId('pay'), sessionId: world.sessions.toPayAtLane, amountFen: quote.due, coversUntil: quote.coversUntil, authCode: '134567890123456781' } };
    },
  },

  'POST /lots/{lotId}/lanes/{laneId}/open': {
    owner: 'operatorX',
    allow: ['operatorX'],
    request: (world) => ({ params: { lotId: world.lotX.lotId, laneId: 'lane-east-out' }, body: { reason: 'proof: open by hand' } }),
  },
  'POST /lots/{lotId}/sessions/{sessionId}/plate': {
    owner: 'operatorX',
    allow: ['operatorX'],
    request: (world) => ({ params: { lotId: world.lotX.lotId, sessionId: world.sessions.toCorrect }, body: { plate: randomPlate(), reason: 'proof: misread' } }),
  },
  'POST /lots/{lotId}/sessions/{sessionId}/close': {
    owner: 'operatorX',
    allow: ['operatorX'],
    request: (world) => ({ params: { lotId: world.lotX.lotId, sessionId: world.sessions.toClose }, body: { reason: 'proof: abandoned' } }),
  },
  'POST /lots/{lotId}/notices': {
    owner: 'operatorX',
    allow: ['operatorX'],
    request: (world) => ({ params: { lotId: world.lotX.lotId }, body: { plate: world.plates.paid, topic: 'windowOpen' } }),
  },
  'GET /lots/{lotId}/audit': { owner: 'operatorX', allow: ['operatorX'], request: (world) => ({ params: { lotId: world.lotX.lotId }, query: { limit: '10' } }) },

  'POST /driver/login': { owner: 'anonymous', allow: roles, request: () => ({ body: { code: freshId('login') } }) },
  'POST /driver/phone': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({ body: { code: freshId('phone') } }) },
  'GET /driver/plates': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({}) },
  'POST /driver/plates': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({ body: { plate: randomPlate() } }) },
  'DELETE /driver/plates/{plate}': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: (world) => ({ params: { plate: world.plates.spare } }) },
  // Anyone in the lot may look up a plate's fee, scan an exit lane's code or take a ticket: the QR codes are public.
  'GET /lots/{lotId}/plates/{plate}/quote': { owner: 'driverA', allow: drivers, request: (world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.waiting } }) },
  'GET /lots/{lotId}/lanes/{laneId}/vehicle': { owner: 'driverA', allow: drivers, request: (world) => ({ params: { lotId: world.lotX.lotId, laneId: 'lane-west-out' } }) },
  // A's car at lot Y's east exit owes nothing now: A may let it out, B may not (not B's car).
  'POST /lots/{lotId}/lanes/{laneId}/departure': {
    owner: 'driverA',
    allow: ['driverA'],
    request: (world) => ({ params: { lotId: world.lotY.lotId, laneId: 'lane-east-out' }, headers: { 'idempotency-key': freshId('leave') } }),
  },
  'POST /lots/{lotId}/lanes/{laneId}/no-plate-entry': { owner: 'driverA', allow: drivers, request: (world) => ({ params: { lotId: world.lotX.lotId, laneId: 'lane-east-in' } }) },
  'GET /driver/history': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({ query: { limit: '10' } }) },
  'GET /driver/notices': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({ query: { limit: '10' } }) },
  'POST /driver/notices/{noticeId}/read': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ params: { noticeId: world.noticeId } }) },
  'POST /driver/invoices': {
    owner: 'driverA',
    allow: ['driverA'],
    request: (world) => ({ body: { orderIds: [world.paidOrderId], title: 'Proof Trading Ltd', email: 'finance@example.com' } }),
  },

  // Anyone may pay a parked car's fee (a friend's, a colleague's): the order is the payer's.
  'POST /sessions/{sessionId}/orders': {
    owner: 'driverA',
    allow: drivers,
    request: async (world) => {
      const quote = await freshQuote(world.sessions.waiting);
      return { params: { sessionId: world.sessions.waiting }, body: { amountFen: quote.due, coversUntil: quote.coversUntil }, headers: { 'idempotency-key': freshId('order') } };
    },
  },
  'GET /orders/{orderId}': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ params: { orderId: world.paidOrderId } }) },
  // Verified by WeChat Pay's signature, whoever posts it; a copy is absorbed (204 again).
  'POST /payments/wechat/notify': {
    owner: 'anonymous',
    allow: roles,
    request: (world) => ({ body: world.paidNotification.body, headers: world.paidNotification.headers as Record<string, string> }),
  },
  'POST /admin/orders/{orderId}/refunds': {
    owner: 'admin',
    allow: ['admin'],
    request: (world) => ({ params: { orderId: world.paidOrderId }, body: { refundId: freshId('rf'), amountFen: 1, reason: 'proof: goodwill' } }),
  },
  'POST /lots/{lotId}/orders/{orderId}/refunds': {
    owner: 'operatorX',
    allow: ['operatorX'],
    request: (world) => ({ params: { lotId: world.lotX.lotId, orderId: world.paidOrderId }, body: { refundId: freshId('rf'), amountFen: 1, reason: 'proof: goodwill' } }),
  },

  'POST /merchant/login': {
    owner: 'anonymous',
    allow: roles,
    request: (world) => ({ body: { login: world.lotX.merchants[0]?.login, password: world.lotX.merchants[0]?.password } }),
  },
  'GET /merchant/account': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({}) },
  'POST /merchant/coupons': {
    owner: 'ownerA',
    allow: staffA,
    own: staffB,
    request: () => ({ body: { templateId: 'two-hours', plate: randomPlate() }, headers: { 'idempotency-key': freshId('grant') } }),
  },
  'GET /merchant/coupons': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({ query: { date: today() } }) },
  'POST /merchant/claim-codes': {
    owner: 'ownerA',
    allow: ['ownerA'],
    own: ['ownerB'],
    request: () => ({ body: { templateId: 'two-hours', kind: 'static', quota: 10, perDriverLimit: 1, expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }),
  },
  // A's code, for A's plate: B may claim with the code, but never for A's plate.
  'POST /driver/claims': {
    owner: 'driverA',
    allow: ['driverA'],
    request: (world) => ({ body: { token: world.claimToken, plate: world.plates.paid }, headers: { 'idempotency-key': freshId('claim') } }),
  },
  'GET /merchant/statements/{month}': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({ params: { month: today().slice(0, 7) } }) },
  'POST /admin/merchants/{merchantId}/recharges': {
    owner: 'admin',
    allow: ['admin'],
    request: (world) => ({ params: { merchantId: world.merchants.A }, body: { rechargeId: freshId('rc'), amountFen: 100 } }),
  },
  'GET /admin/reports/reconciliation': { owner: 'admin', allow: ['admin'], request: () => ({ query: { date: today() } }) },
  // Merchant A's coupon: its owner or the clerk who granted it may take it back, nobody of merchant B.
  'POST /merchant/coupons/{couponId}/revoke': { owner: 'ownerA', allow: staffA, request: (world) => ({ params: { couponId: world.couponOfA } }) },
  'GET /driver/coupons': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({}) },
  'GET /merchant/templates': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({}) },
  'GET /merchant/claim-codes': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({}) },
  'GET /merchant/claim-codes/{token}/qr': { owner: 'ownerA', allow: staffA, request: (world) => ({ params: { token: world.claimToken } }) },
  'GET /merchant/recent-entries': { owner: 'ownerA', allow: staffA, own: staffB, request: () => ({}) },
  'POST /admin/merchants': adminOnly((world) => ({
    body: { merchantId: freshId('mch'), lotId: world.lotX.lotId, name: '验证小店', shopUnit: 'L3-001', billing: { mode: 'prepaid' }, ...because },
  })),
  'GET /admin/merchants': adminOnly((world) => ({ query: { lotId: world.lotX.lotId } })),
  'GET /admin/merchants/{merchantId}': adminOnly((world) => ({ params: { merchantId: world.merchants.A } })),
  'PATCH /admin/merchants/{merchantId}': adminOnly((world) => ({ params: { merchantId: world.merchants.A }, body: { shopUnit: 'L1-008', ...because } })),
  'POST /admin/merchants/{merchantId}/staff': adminOnly((world) => ({
    params: { merchantId: world.merchants.A },
    body: { staffId: freshId('staff'), name: '店员', role: 'clerk', login: freshId('proof'), password: 'proof-password-1', ...because },
  })),
  'PATCH /admin/merchants/{merchantId}/staff/{staffId}': adminOnly((world) => ({
    params: { merchantId: world.merchants.A, staffId: `${world.merchants.A}-owner` },
    body: { status: 'active', ...because },
  })),
  'POST /admin/merchants/{merchantId}/templates': adminOnly((world) => ({
    params: { merchantId: world.merchants.A },
    body: { templateId: freshId('tpl'), name: '免费停车1小时', kind: 'minutes', value: 60, priceFen: 300, validity: { hours: 24 }, membersOnly: false, ...because },
  })),
  'POST /admin/merchants/{merchantId}/templates/{templateId}/retire': adminOnly((world) => ({ params: { merchantId: world.merchants.A, templateId: 'spend-88' }, body: because })),
  'POST /admin/merchants/{merchantId}/settlements': adminOnly((world) => ({
    params: { merchantId: world.merchants.A },
    body: { settlementId: freshId('st'), amountFen: 100, reference: 'bank transfer 0001' },
  })),
  'POST /admin/merchants/{merchantId}/adjustments': adminOnly((world) => ({ params: { merchantId: world.merchants.A }, body: { adjustmentId: freshId('adj'), amountFen: 100, ...because } })),
  'GET /admin/merchants/{merchantId}/statements/{month}': adminOnly((world) => ({ params: { merchantId: world.merchants.A, month: today().slice(0, 7) } })),

  'POST /admin/lots': adminOnly(() => ({ body: { lotId: freshId('lot'), name: '验证停车场', capacity: 100, ...because } })),
  'GET /admin/lots': adminOnly(() => ({})),
  'GET /admin/lots/{lotId}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'PATCH /admin/lots/{lotId}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { capacity: 900, ...because } })),
  'POST /admin/lots/{lotId}/lanes': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { laneId: freshId('lane'), name: '南门入口', direction: 'entry', ...because } })),
  'GET /admin/lots/{lotId}/lanes': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'POST /admin/lots/{lotId}/devices': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { laneId: 'lane-west-in', ...because } })),
  'GET /admin/lots/{lotId}/devices': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  // Lot Y's east entry device: no other proof signs with it.
  'POST /admin/devices/{deviceId}/rotate': adminOnly((world) => ({ params: { deviceId: world.lotY.devices.find((device) => device.laneId === 'lane-east-in')!.deviceId }, body: because })),
  'PATCH /admin/devices/{deviceId}': adminOnly((world) => ({
    params: { deviceId: world.lotY.devices.find((device) => device.laneId === 'lane-east-in')!.deviceId },
    body: { status: 'active', ...because },
  })),
  'POST /admin/lots/{lotId}/tariffs/validate': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { tariff: world.lotX.tariff } })),
  'POST /admin/lots/{lotId}/tariffs/preview': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { tariff: world.lotX.tariff } })),
  'POST /admin/lots/{lotId}/tariffs': adminOnly((world) => ({
    params: { lotId: world.lotX.lotId },
    body: { tariff: world.lotX.tariff, effectiveFrom: new Date(Date.now() + 30 * 86_400_000 + Math.floor(Math.random() * 86_400) * 1000).toISOString(), ...because },
  })),
  'GET /admin/lots/{lotId}/tariffs': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'PUT /admin/lots/{lotId}/allow-list/{plate}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.allowListed }, body: { category: 'mallStaff', ...because } })),
  'DELETE /admin/lots/{lotId}/allow-list/{plate}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.allowListed }, query: because })),
  'GET /admin/lots/{lotId}/allow-list': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'PUT /admin/lots/{lotId}/deny-list/{plate}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.denyListed }, body: { category: 'unpaidDebt', ...because } })),
  'DELETE /admin/lots/{lotId}/deny-list/{plate}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.denyListed }, query: because })),
  'GET /admin/lots/{lotId}/deny-list': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'POST /admin/lots/{lotId}/operator-tokens': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: { operatorId: 'op-proof', name: '值班员', ...because } })),
  'POST /admin/lots/{lotId}/lanes/{laneId}/open': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, laneId: 'lane-east-out' }, body: because })),
  'GET /admin/lots/{lotId}/audit': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),

  'POST /driver/memberships': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ body: { lotId: world.lotX.lotId, plate: world.plates.toJoin } }) },
  'GET /driver/memberships': { owner: 'driverA', allow: ['driverA'], own: ['driverB'], request: () => ({}) },
  'GET /driver/memberships/{membershipId}/points': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ params: { membershipId: world.memberships.inUse } }) },
  'POST /driver/memberships/{membershipId}/cancel': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ params: { membershipId: world.memberships.toCancel } }) },
  'PUT /driver/memberships/{membershipId}/auto-redeem': { owner: 'driverA', allow: ['driverA'], request: (world) => ({ params: { membershipId: world.memberships.inUse }, body: { on: true } }) },
  'PUT /admin/lots/{lotId}/club': adminOnly((world) => ({ params: { lotId: world.lotX.lotId }, body: world.clubConfig })),
  'GET /admin/lots/{lotId}/club': adminOnly((world) => ({ params: { lotId: world.lotX.lotId } })),
  'POST /admin/lots/{lotId}/memberships/{membershipId}/{action}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, membershipId: world.memberships.inUse, action: 'suspend' }, body: because })),
  'GET /lots/{lotId}/members/{plate}': { owner: 'operatorX', allow: ['operatorX'], request: (world) => ({ params: { lotId: world.lotX.lotId, plate: world.plates.waiting } }) },
  'GET /admin/lots/{lotId}/reports/{date}': adminOnly((world) => ({ params: { lotId: world.lotX.lotId, date: today() } })),
};
