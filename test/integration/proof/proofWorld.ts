/**
 * The seeded world the access and bad-input proofs act in: lots X and Y (the demo lot twice,
 * under fresh ids), one caller per role, and resources of drivers, merchants, lots and lanes
 * made through the real routes: bound plates, open, waiting and paid sessions, a paid order and
 * its notification, a claim code and a notice. Each role's `markers` are ids only that party's
 * data carries: another party's answer or writes must never contain them.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { generateDemoLot, withDeviceSecrets, type DemoLot } from '../../../scripts/local/demoLot.js';
import { seedDemoLot } from '../../../scripts/local/seedDemoLot.js';
import { masterKeyVariable } from '../../../functions/devices/deviceEnvironment.js';
import { paymentNotificationPath } from '../../../functions/payments/weChatEnvironment.js';
import { SimulatedPaymentProvider, type NotificationDelivery } from '../../../functions/wechat/pay/index.js';
import type { NotificationRequest } from '../../../shared/payments/index.js';
import type { DeviceCredentials } from '../../../scripts/sim/deviceClient.js';
import { createProofTable, invoke, local, proofTableName, simulatorDir, type Caller, type ProofAnswer } from './proofStack.js';

export const roles = [
  'anonymous',
  'driverA',
  'driverB',
  'clerkA',
  'ownerA',
  'clerkB',
  'ownerB',
  'operatorX',
  'operatorY',
  'deviceL',
  'deviceM',
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** The caller each kind of route auth expects, for proofs that need one valid caller per route. */
export const callerRoleOfAuth = { none: 'anonymous', device: 'deviceL', driver: 'driverA', merchant: 'ownerA', operator: 'operatorX', iam: 'admin' } as const;

export interface ProofWorld {
  lotX: DemoLot;
  lotY: DemoLot;
  callers: Record<Role, Caller>;
  markers: Partial<Record<Role, string[]>>;
  driverIds: { A: string; B: string };
  merchants: { A: string; B: string };
  /** Lane L: lot X's east exit; lane M: lot Y's west exit (another lane id, another lot). */
  devices: { L: DeviceCredentials; M: DeviceCredentials; entryX: DeviceCredentials; westExitX: DeviceCredentials };
  plates: {
    /** A's, paid (order `paidOrderId`). */
    paid: string;
    /** A's, parked and owing; its car waits at lot X's west exit. */
    waiting: string;
    /** A's, bound, not parked. */
    spare: string;
    /** Parked and owing, for the operators' close and correction and the lane payment. */
    toClose: string;
    toCorrect: string;
    toPayAtLane: string;
    /**
     * A's, not a member: A may join lot X's club with it. Parked in lot Y, at its east exit, its fee
     * covered by a coupon since the lane asked: A may let it out.
     */
    toJoin: string;
    /** For the administrators' allow- and deny-lists. */
    allowListed: string;
    denyListed: string;
  };
  sessions: { paid: string; waiting: string; toClose: string; toCorrect: string; toPayAtLane: string };
  paidOrderId: string;
  paidNotification: NotificationRequest;
  claimToken: string;
  noticeId: string;
  /** A's memberships of lot X's club: one to cancel, one to use (plates `paid` and `waiting`). */
  memberships: { toCancel: string; inUse: string };
  /** Lot X's club configuration as the administrators' route answers it. */
  clubConfig: unknown;
  /** A coupon clerk A granted to A's plate `toJoin`, not used yet. */
  couponOfA: string;
}

export const randomPlate = (): string => `粤B${randomInt(10_000, 99_999)}`;
export const freshId = (prefix: string): string => `${prefix}-${randomBytes(6).toString('hex')}`;

const seedLot = async (name: string): Promise<DemoLot> => {
  const generated = generateDemoLot();
  const lotId = `lot-${name}-${randomBytes(3).toString('hex')}`;
  // Charges from the first minute, so a car that came in hours ago owes something.
  const tariff = generated.tariff as { schedules: { default: Record<string, unknown> } };
  const lot = withDeviceSecrets(
    {
      ...generated,
      lotId,
      tariff: { ...tariff, schedules: { ...tariff.schedules, default: { ...tariff.schedules.default, freeMinutes: 0 } } },
      merchants: generated.merchants.map((merchant) => ({ ...merchant, login: `${lotId}-${merchant.login}` })),
    },
    process.env[masterKeyVariable] ?? '',
  );
  await seedDemoLot(local.documents, proofTableName, lot);
  return lot;
};

const deviceOf = (lot: DemoLot, laneId: string): DeviceCredentials => {
  const device = lot.devices.find((candidate) => candidate.laneId === laneId);
  if (device === undefined) throw new Error(`no device on ${laneId}`);
  return device;
};

/** Fails setup loudly when a step the proofs rely on does not work. */
export const expectOk = (what: string, answer: ProofAnswer): any => {
  if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
  return answer.json;
};

export const laneEventBody = (device: DeviceCredentials, plate: string | null, at: Date, laneId = device.laneId) => ({
  eventId: freshId('ev'),
  laneId,
  type: device.direction,
  plate,
  at: at.toISOString(),
});

/** A payer of the simulator whose notifications are kept, to be delivered by the test. */
export const capturingPayer = () => {
  const captured: NotificationRequest[] = [];
  const provider = new SimulatedPaymentProvider({
    dir: simulatorDir ?? '',
    notifyUrl: `http://localhost${paymentNotificationPath}`,
    deliver: async (_url, notification): Promise<NotificationDelivery> => {
      captured.push(notification);
      return { delivered: true, status: 204 };
    },
  });
  return { provider, captured };
};

export const buildWorld = async (): Promise<ProofWorld> => {
  await createProofTable();
  const [lotX, lotY] = await Promise.all([seedLot('x'), seedLot('y')]);
  const devices = {
    L: deviceOf(lotX, 'lane-east-out'),
    M: deviceOf(lotY, 'lane-west-out'),
    entryX: deviceOf(lotX, 'lane-east-in'),
    westExitX: deviceOf(lotX, 'lane-west-out'),
  };
  const login = async (who: string) => {
    const body = expectOk('driver login', await invoke('POST /driver/login', { kind: 'anonymous' }, { body: { code: freshId(who) } }));
    return { token: body.token as string, driverId: body.driver.driverId as string };
  };
  const [loginA, loginB] = await Promise.all([login('a'), login('b')]);
  const [merchantA, merchantB] = lotX.merchants.map((merchant) => merchant.merchantId) as [string, string];
  const staff = (merchantId: string, role: 'owner' | 'clerk'): Caller => ({ kind: 'token', principal: { kind: 'merchant', merchantId, staffId: `${merchantId}-${role}`, role } });
  const callers: Record<Role, Caller> = {
    anonymous: { kind: 'anonymous' },
    driverA: { kind: 'bearer', token: loginA.token },
    driverB: { kind: 'bearer', token: loginB.token },
    clerkA: staff(merchantA, 'clerk'),
    ownerA: staff(merchantA, 'owner'),
    clerkB: staff(merchantB, 'clerk'),
    ownerB: staff(merchantB, 'owner'),
    operatorX: { kind: 'token', principal: { kind: 'operator', operatorId: 'op-x', lotId: lotX.lotId } },
    operatorY: { kind: 'token', principal: { kind: 'operator', operatorId: 'op-y', lotId: lotY.lotId } },
    deviceL: { kind: 'device', device: devices.L },
    deviceM: { kind: 'device', device: devices.M },
    admin: { kind: 'admin' },
  };

  const plates = {
    paid: randomPlate(),
    waiting: randomPlate(),
    spare: randomPlate(),
    toClose: randomPlate(),
    toCorrect: randomPlate(),
    toPayAtLane: randomPlate(),
    toJoin: randomPlate(),
    allowListed: randomPlate(),
    denyListed: randomPlate(),
  };
  for (const plate of [plates.paid, plates.waiting, plates.spare, plates.toJoin]) {
    expectOk('bind plate', await invoke('POST /driver/plates', callers.driverA, { body: { plate } }));
  }
  const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
  const entered = async (plate: string): Promise<string> => {
    expectOk('entry', await invoke('POST /device/events', { kind: 'device', device: devices.entryX }, { body: laneEventBody(devices.entryX, plate, threeHoursAgo) }));
    const quote = expectOk('quote', await invoke('GET /lots/{lotId}/plates/{plate}/quote', callers.driverA, { params: { lotId: lotX.lotId, plate } }));
    return quote.sessionId as string;
  };
  const sessions = {
    paid: await entered(plates.paid),
    waiting: await entered(plates.waiting),
    toClose: await entered(plates.toClose),
    toCorrect: await entered(plates.toCorrect),
    toPayAtLane: await entered(plates.toPayAtLane),
  };
  expectOk('exit read', await invoke('POST /device/events', { kind: 'device', device: devices.westExitX }, { body: laneEventBody(devices.westExitX, plates.waiting, new Date()) }));

  const quote = expectOk('quote', await invoke('GET /lots/{lotId}/plates/{plate}/quote', callers.driverA, { params: { lotId: lotX.lotId, plate: plates.paid } }));
  const placed = expectOk(
    'order',
    await invoke('POST /sessions/{sessionId}/orders', callers.driverA, {
      params: { sessionId: sessions.paid },
      body: { amountFen: quote.due, coversUntil: quote.coversUntil },
      headers: { 'idempotency-key': freshId('order') },
    }),
  );
  const paidOrderId = placed.order.orderId as string;
  const payer = capturingPayer();
  await payer.provider.pay(paidOrderId);
  const paidNotification = payer.captured[0];
  if (paidNotification === undefined) throw new Error('the simulator sent no notification');
  const notified = await invoke('POST /payments/wechat/notify', { kind: 'anonymous' }, { body: paidNotification.body, headers: paidNotification.headers as Record<string, string> });
  if (notified.status !== 204) throw new Error(`notification answered ${notified.status}: ${notified.text}`);

  const claim = expectOk(
    'claim code',
    await invoke('POST /merchant/claim-codes', callers.ownerA, {
      body: { templateId: 'two-hours', kind: 'static', quota: 1000, perDriverLimit: 100, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  );
  const notice = expectOk('notice', await invoke('POST /lots/{lotId}/notices', callers.operatorX, { params: { lotId: lotX.lotId }, body: { plate: plates.paid, topic: 'lightsOn' } }));
  const driverNotices = expectOk('notices', await invoke('GET /driver/notices', callers.driverA));
  const noticeId = (driverNotices.notices as { noticeId: string }[])[0]?.noticeId;
  if (noticeId === undefined) throw new Error(`driver A sees no notice: ${JSON.stringify(notice)}`);

  expectOk('phone', await invoke('POST /driver/phone', callers.driverA, { body: { code: `13900000001-${randomBytes(3).toString('hex')}` } }));
  const join = async (plate: string): Promise<string> =>
    expectOk('join the club', await invoke('POST /driver/memberships', callers.driverA, { body: { lotId: lotX.lotId, plate } })).membershipId as string;
  const memberships = { toCancel: await join(plates.paid), inUse: await join(plates.waiting) };
  const grant = expectOk(
    'coupon grant',
    await invoke('POST /merchant/coupons', callers.clerkA, { body: { templateId: 'two-hours', plate: plates.toJoin }, headers: { 'idempotency-key': freshId('grant') } }),
  );
  // Merchant A owes something, so an administrator can record its payment.
  expectOk('adjustment', await invoke('POST /admin/merchants/{merchantId}/adjustments', callers.admin, { params: { merchantId: merchantA }, body: { adjustmentId: freshId('adj'), amountFen: -10_000, reason: 'proof: a debt to settle' } }));
  const entryY = deviceOf(lotY, 'lane-east-in');
  const exitY = deviceOf(lotY, 'lane-east-out');
  expectOk('entry in Y', await invoke('POST /device/events', { kind: 'device', device: entryY }, { body: laneEventBody(entryY, plates.toJoin, new Date(Date.now() - 30 * 60_000)) }));
  const asked = expectOk('exit read in Y', await invoke('POST /device/events', { kind: 'device', device: exitY }, { body: laneEventBody(exitY, plates.toJoin, new Date()) }));
  if (asked.decision !== 'pay') throw new Error(`the exit in Y should ask to pay: ${JSON.stringify(asked)}`);
  expectOk(
    'coupon in Y',
    await invoke('POST /merchant/coupons', staff(lotY.merchants[0]!.merchantId, 'owner'), { body: { templateId: 'two-hours', plate: plates.toJoin }, headers: { 'idempotency-key': freshId('grant') } }),
  );
    // The configuration as an administrator would send it back: without what the route answers about it.
  const { lotId: _lot, updatedAt: _updatedAt, updatedBy: _updatedBy, version: _version, ...clubConfig } = expectOk(
    'club',
    await invoke('GET /admin/lots/{lotId}/club', callers.admin, { params: { lotId: lotX.lotId } }),
  );

  return {
    couponOfA: grant.coupon.couponId as string,
    memberships,
    clubConfig,
    lotX,
    lotY,
    callers,
    markers: {
      driverA: [loginA.driverId, plates.paid, plates.waiting, plates.spare, plates.toJoin, paidOrderId, sessions.paid, sessions.waiting, memberships.toCancel, memberships.inUse],
      ownerA: [merchantA],
      clerkA: [merchantA],
      operatorX: [lotX.lotId],
      deviceL: [lotX.lotId, devices.L.deviceId],
    },
    driverIds: { A: loginA.driverId, B: loginB.driverId },
    merchants: { A: merchantA, B: merchantB },
    devices,
    plates,
    sessions,
    paidOrderId,
    paidNotification,
    claimToken: claim.code.token as string,
    noticeId,
  };
};
