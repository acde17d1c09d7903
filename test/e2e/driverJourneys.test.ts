/**
 * DESIGN.md journeys 2, 3 and 5 from the driver's side, in a real browser against `npm start`
 * (one stack and one phone, so one driver, for the three):
 * - pay at the exit: the exit camera reads the car, the driver scans the exit-lane code, pays
 *   without typing, and the lane gets its open command;
 * - a car without a plate: the entry-lane code gives a temporary plate and opens the barrier;
 *   at the exit the exit-lane code finds that car from the driver's WeChat identity, and inside
 *   the free minutes the driver lets it out ("免费离场"): the lane gets its open command;
 * - a coupon claimed by code: the shop's claim code (made through the merchant API), the driver
 *   claims it for their plate, sees it among their coupons, and the fee drops;
 * - the club and the receipts: the driver joins with that plate (verifying the phone first),
 *   sees the member card, and asks an e-invoice for the exit-lane payment.
 * Screenshots of each step go to test-results/e2e/driver-*.png.
 */
import { describe, expect, it, onTestFailed } from 'vitest';
import { formatYuan } from '../../shared/money/fen.js';
import { printedCodeUrl } from '../../miniapp/src/scan/scanTarget.js';
import { confirmOnPaySheet, feeLine, typePlate } from './driverScreens.js';
import { driveThrough, laneCommands, laneDeviceOf } from './laneDevice.js';
import { visiblePage } from './mobileBrowser.js';
import { phoneOnLocalStack } from './phoneOnLocalStack.js';

const started = phoneOnLocalStack();

const laneCodeUrl = (kind: 'exitLane' | 'entryLane') => {
  const local = started.stack().localJson;
  return printedCodeUrl(local.appUrl, { kind, lotId: local.lotId, laneId: laneDeviceOf(local, kind === 'exitLane' ? 'exit' : 'entry').laneId });
};

const failureReport = (name: string) =>
  onTestFailed(async () => {
    console.error(`Browser log:\n${started.phone().log()}`);
    await started.phone().snap(`driver-${name}-failed`);
  });

/** A claim code for the first merchant's first claimable template, made by its owner through the API. */
const claimCode = async (): Promise<string> => {
  const { apiUrl, merchants } = started.stack().localJson;
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const { token } = (await post('/merchant/login', { login: merchants[0]!.login, password: merchants[0]!.password })) as { token: string };
  const templates = (await (await fetch(`${apiUrl}/merchant/templates`, { headers: { authorization: `Bearer ${token}` } })).json()) as { templates: { templateId: string; kind: string }[] };
  const template = templates.templates.find((candidate) => candidate.kind === 'minutes');
  expect(template).toBeDefined();
  const expiresAt = new Date(Date.now() + 9 * 60_000).toISOString();
  const made = (await post('/merchant/claim-codes', { templateId: template!.templateId, kind: 'dynamic', quota: 5, perDriverLimit: 1, expiresAt }, token)) as { code: { token: string } };
  return made.code.token;
};

describe('the driver at the lanes and with a shop’s claim code', () => {
  it('exit lane: the camera reads the car → the driver scans the exit code → pays without typing → the barrier opens', async () => {
    const local = started.stack().localJson;
    const plate = '粤BE2E02';
    const entry = await driveThrough(local, 'entry', plate, new Date(Date.now() - 100 * 60_000));
    expect(entry.decision).toBe('open');
    const atLane = await driveThrough(local, 'exit', plate, new Date());
    expect(atLane).toMatchObject({ decision: 'pay', sessionId: entry.sessionId });
    const due = formatYuan(atLane.due ?? 0);

    const { page, snap } = started.phone();
    failureReport('exit');
    await page.goto(laneCodeUrl('exitLane'));
    const pay = visiblePage(page);
    const payButton = pay.locator('.nut-button', { hasText: `支付 ${due}` });
    await payButton.waitFor({ timeout: 30_000 });
    expect(await pay.locator('.pay__plate').innerText()).toBe(plate);
    expect(await pay.getByText('出口待缴').isVisible()).toBe(true);
    expect(await feeLine(pay, '应付金额')).toBe(`应付金额 ${due}`);
    await snap('driver-10-exit-lane-fee');

    await payButton.click();
    expect(await confirmOnPaySheet(page, snap, 'driver-11-exit-lane-pay-sheet')).toBe(due);
    const paid = visiblePage(page);
    await paid.getByText('支付成功，道闸正在抬起').waitFor({ timeout: 30_000 });
    expect(await paid.getByText('道闸已抬起，一路顺风').isVisible()).toBe(true);
    await snap('driver-12-exit-lane-paid');

    expect(await laneCommands(local, 'exit')).toContainEqual(expect.objectContaining({ kind: 'open', sessionId: entry.sessionId }));
  }, 180_000);

  it('no plate: the entry code gives a temporary plate and opens the barrier; the exit code finds the car from the driver, who leaves free', async () => {
    const local = started.stack().localJson;
    const { page, snap } = started.phone();
    failureReport('no-plate');
    await page.goto(laneCodeUrl('entryLane'));
    const entry = visiblePage(page);
    await entry.locator('.nut-button', { hasText: '无牌车入场' }).waitFor({ timeout: 30_000 });
    await snap('driver-20-no-plate-entry');
    await entry.locator('.nut-button', { hasText: '无牌车入场' }).click();
    await entry.getByText('道闸已抬起，请入场').waitFor({ timeout: 30_000 });
    const temporaryPlate = await entry.locator('.entry__plate').innerText();
    expect(temporaryPlate).toMatch(/^临[0-9A-HJ-NP-Z]{6}$/);
    await snap('driver-21-no-plate-entered');
    expect(await laneCommands(local, 'entry')).toContainEqual(expect.objectContaining({ kind: 'open', reason: 'noPlateEntry' }));

    // At the exit the camera reads no plate; the exit-lane code knows the car from the driver.
    expect((await driveThrough(local, 'exit', null, new Date())).decision).toBe('pay');
    await page.goto(laneCodeUrl('exitLane'));
    const exit = visiblePage(page);
    await exit.locator('.fee-breakdown').waitFor({ timeout: 30_000 });
    expect(await exit.locator('.pay__plate').innerText()).toBe(temporaryPlate);
    // Minutes after entry, inside the free minutes: nothing to pay.
    expect(await feeLine(exit, '应付金额')).toBe('应付金额 ¥0.00');
    expect(await exit.getByText('当前无需缴费，可直接离场').isVisible()).toBe(true);
    await snap('driver-22-no-plate-exit');

    // Orders need at least 1 fen: the driver lets the car out, and the barrier gets its open command.
    await exit.locator('.nut-button', { hasText: '免费离场，抬杆' }).click();
    const left = visiblePage(page);
    await left.getByText('无需缴费，道闸正在抬起').waitFor({ timeout: 30_000 });
    expect(await left.locator('.pay__plate').innerText()).toBe(temporaryPlate);
    await snap('driver-23-no-plate-left');
    expect(await laneCommands(local, 'exit')).toContainEqual(expect.objectContaining({ kind: 'open', reason: 'nothingDue' }));
  }, 180_000);

  it('claim code: the driver binds a plate, claims the shop’s coupon for it, sees it among their coupons, and the fee drops', async () => {
    const local = started.stack().localJson;
    const plate = '粤BE2E03';
    expect((await driveThrough(local, 'entry', plate, new Date(Date.now() - 190 * 60_000))).decision).toBe('open');
    const token = await claimCode();

    const { page, snap } = started.phone();
    failureReport('claim');
    await page.goto(printedCodeUrl(local.appUrl, { kind: 'claim', token }));
    const claim = visiblePage(page);
    await claim.getByText('还没有绑定车牌').waitFor({ timeout: 30_000 });
    await claim.getByText('+ 添加车牌').click();
    await typePlate(page, plate);
    await page.locator('.nut-popup .nut-button', { hasText: '绑定并选择' }).click();
    const claimButton = claim.locator('.nut-button', { hasText: `领取到 ${plate}` });
    await claimButton.waitFor({ timeout: 30_000 });
    await snap('driver-30-claim');

    await claimButton.click();
    await claim.getByText('领取成功').waitFor({ timeout: 30_000 });
    expect(await claim.getByText(`免费停车2小时 · ${plate}，本次停车离场时自动抵扣`).isVisible()).toBe(true);
    await snap('driver-31-claimed');

    await claim.locator('.nut-button', { hasText: '查看我的停车券' }).click();
    const coupons = visiblePage(page);
    await coupons.getByText('本次停车可用（1）').waitFor({ timeout: 30_000 });
    expect(await coupons.locator('.ticket--now .ticket__value').innerText()).toBe('免费停车2小时');
    await snap('driver-32-coupons');

    // The same code again: one per driver.
    await page.goto(printedCodeUrl(local.appUrl, { kind: 'claim', token }));
    const again = visiblePage(page);
    await again.locator('.nut-button', { hasText: `领取到 ${plate}` }).click();
    await again.getByText('每人限领1张，您已领过了').waitFor({ timeout: 30_000 });
    await snap('driver-33-claim-refused');

    await page.goto(`${local.appUrl}#/pages/pay/index?lot=${local.lotId}&plate=${encodeURIComponent(plate)}`);
    const pay = visiblePage(page);
    await pay.locator('.fee-breakdown').waitFor({ timeout: 30_000 });
    expect(await feeLine(pay, '停车券（120分钟）')).toMatch(/^停车券（120分钟） -¥\d+\.\d{2}$/);
    const gross = /¥\d+\.\d{2}/.exec(await feeLine(pay, '停车费'))![0];
    const net = /¥\d+\.\d{2}/.exec(await feeLine(pay, '应付金额'))![0];
    expect(Number(net.slice(1))).toBeLessThan(Number(gross.slice(1)));
    await snap('driver-34-fee-with-coupon');
  }, 180_000);

  it('club and receipts: join with the plate after verifying the phone, the member card, an e-invoice for a payment', async () => {
    const local = started.stack().localJson;
    const plate = '粤BE2E03';
    const { page, snap } = started.phone();
    failureReport('club');
    await page.goto(`${local.appUrl}#/pages/club/index`);
    const club = visiblePage(page);
    const join = club.locator('.club__join', { hasText: plate }).locator('.nut-button', { hasText: '加入会员' });
    await join.click();
    await club.getByText('加入会员需要先验证手机号').waitFor({ timeout: 30_000 });
    await snap('driver-40-club-needs-phone');
    await club.locator('.nut-button', { hasText: '验证手机号（模拟）' }).click();
    await club.locator('.nut-button', { hasText: '验证手机号（模拟）' }).waitFor({ state: 'detached', timeout: 30_000 });
    await join.click();
    await club.locator('.member__tier').waitFor({ timeout: 30_000 });
    expect(await club.locator('.member__tier').innerText()).toBe('银卡');
    expect(await club.locator('.member__plate').innerText()).toBe(plate);
    expect(await club.getByText('每次停车免费30分钟').isVisible()).toBe(true);
    await club.getByText('查看', { exact: true }).click();
    await club.getByText('暂无积分记录').waitFor({ timeout: 30_000 });
    await snap('driver-41-club-card');

    await page.goto(`${local.appUrl}#/pages/history/index`);
    const history = visiblePage(page);
    const invoice = history.locator('.nut-button', { hasText: '开具电子发票（1笔可开）' });
    await invoice.waitFor({ timeout: 30_000 });
    expect(await history.locator('.visit', { hasText: '粤BE2E02' }).getByText('已支付 ¥', { exact: false }).count()).toBe(1);
    await snap('driver-42-history');
    await invoice.click();
    const form = page.locator('.invoice-form:visible');
    await form.locator('.invoice-form__order', { hasText: '粤BE2E02' }).click();
    await form.locator('input').nth(0).fill('星河科技有限公司');
    await form.locator('input').nth(2).fill('finance@example.com');
    await snap('driver-43-invoice-form');
    await form.locator('.nut-button', { hasText: '提交开票申请' }).click();
    await history.locator('.visit', { hasText: '粤BE2E02' }).getByText('已申请发票').waitFor({ timeout: 30_000 });
    expect(await history.locator('.nut-button', { hasText: '开具电子发票' }).count()).toBe(0);
  }, 180_000);
});
