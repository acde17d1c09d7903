/**
 * The local stack's h5 payment: the mini-program's `requestPayment` opens the simulator's
 * confirmation page on the local API server; confirming pays and notifies our route.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../../../scripts/local/apiServer.js';
import { paymentNotificationPath, weChatPayNotifyUrlVariable } from '../../../functions/payments/weChatEnvironment.js';
import { repoRoot } from '../localStack.js';
import { asDriver, deviceOf, entryLane, login, minutesAgo, order, post, quoteOf, seedPayingLot, simulatorDir } from './driverHarness.js';

let api: RunningApiServer;

beforeAll(async () => {
  api = await startApiServer({ repoRoot, paymentSimulatorDir: simulatorDir });
  process.env[weChatPayNotifyUrlVariable] = `${api.url}${paymentNotificationPath}`;
});
afterAll(() => api.close());

it('shows the amount, pays on confirm, and the order is paid through the notification', async () => {
  const lot = await seedPayingLot('page');
  await post(api, deviceOf(lot, entryLane), { plate: '粤B7P001', at: minutesAgo(40) });
  const kim = await login(api, 'kim');
  const quote = await quoteOf(api, kim, lot, '粤B7P001');
  const placed = await order(api, kim, quote.body);
  const prepayId = String(placed.body.payment.package).replace('prepay_id=', '');

  const page = await fetch(`${api.url}/sim/pay/${prepayId}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('¥5.00');
  const confirmed = await fetch(`${api.url}/sim/pay/${prepayId}/confirm`, { method: 'POST' });
  expect(await confirmed.json()).toMatchObject({ state: 'SUCCESS', canPay: false });
  expect((await asDriver(api, kim, 'GET', `/orders/${placed.body.order.orderId}`)).body.state).toBe('paid');
  expect((await fetch(`${api.url}/sim/pay/wx-unknown`)).status).toBe(404);
});
