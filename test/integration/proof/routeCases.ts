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
};
