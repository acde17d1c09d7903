/**
 * DESIGN.md journey 1 in a real browser against `npm start`: a plated car enters through the
 * lane; the driver opens the in-lot code, looks up a plate that is not parked, binds their plate
 * on the plate keyboard, sees its stay on home, pays it with the fee's working on the
 * simulator's WeChat Pay sheet, sees the success page, and the exit barrier opens.
 * Screenshots of each step go to test-results/e2e/driver-*.png.
 */
import { describe, expect, it, onTestFailed } from 'vitest';
import { confirmOnPaySheet, feeLine, typePlate } from './driverScreens.js';
import { driveThrough } from './laneDevice.js';
import { visiblePage } from './mobileBrowser.js';
import { phoneOnLocalStack } from './phoneOnLocalStack.js';

const started = phoneOnLocalStack();

describe('a driver pays in the lot and drives out', () => {
  it('entry → plate bound on the keyboard → its stay on home → fee → paid on the sheet → success → the exit opens', async () => {
    const local = started.stack().localJson;
    const phone = started.phone();
    const plate = '粤BE2E01';
    const entry = await driveThrough(local, 'entry', plate, new Date(Date.now() - 2 * 60 * 60_000));
    expect(entry.decision).toBe('open');

    const { page, snap } = phone;
    onTestFailed(async () => {
      console.error(`Browser log:\n${phone.log()}`);
      await snap('driver-failed');
    });
    await page.goto(`${local.appUrl}?lot=${local.lotId}`);
    const home = visiblePage(page);
    await expect.poll(() => home.getByText('服务正常').isVisible(), { timeout: 30_000 }).toBe(true);
    await home.getByText('还没有绑定车牌').waitFor({ timeout: 30_000 });
    expect(await home.getByText(`当前车场 ${local.lotId}`).isVisible()).toBe(true);
    await snap('driver-00-home-empty');

    await home.locator('.nut-button', { hasText: '输入车牌缴费' }).click();
    await typePlate(page, '粤BE2E99');
    await page.locator('.nut-popup .nut-button', { hasText: '查询停车费' }).click();
    const missing = visiblePage(page);
    await missing.getByText('场内没有找到这辆车，请核对车牌').waitFor({ timeout: 30_000 });
    await snap('driver-01-plate-not-found');
    await missing.locator('.nut-button', { hasText: '返回修改车牌' }).click();

    await home.getByText('+ 添加车牌').click();
    await typePlate(page, plate);
    await snap('driver-02-plate-keyboard');
    await page.locator('.nut-popup .nut-button', { hasText: '绑定车牌' }).click();
    const car = home.locator('.car', { hasText: plate });
    await expect.poll(() => car.locator('.car__status').innerText(), { timeout: 30_000 }).toMatch(/^已停 2小时(\d+分钟)? · 待缴 ¥\d+\.\d{2}$/);
    await snap('driver-03-home');

    await car.locator('.nut-button', { hasText: '缴费' }).click();
    const pay = visiblePage(page);
    const payButton = pay.locator('.nut-button', { hasText: '支付 ¥' });
    await payButton.waitFor({ timeout: 30_000 });
    const due = /¥\d+\.\d{2}/.exec(await payButton.innerText())?.[0];
    expect(due).toBeDefined();
    expect(due).not.toBe('¥0.00');
    expect(await feeLine(pay, '入场时间')).toMatch(/^入场时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await feeLine(pay, '停车时长')).toMatch(/^停车时长 2小时(\d+分钟)?$/);
    expect(await feeLine(pay, '停车费')).toBe(`停车费 ${due}`);
    expect(await feeLine(pay, '应付金额')).toBe(`应付金额 ${due}`);
    expect(await pay.getByText('支付后15分钟内离场无需再缴费').isVisible()).toBe(true);
    await snap('driver-04-fee');

    await payButton.click();
    expect(await confirmOnPaySheet(page, snap, 'driver-05-pay-sheet')).toBe(due);
    const paid = visiblePage(page);
    await paid.getByText('支付成功，请在15分钟内离场').waitFor({ timeout: 30_000 });
    expect(await paid.getByText(`已支付 ${due}`, { exact: true }).isVisible()).toBe(true);
    await snap('driver-06-paid');

    const exit = await driveThrough(local, 'exit', plate, new Date());
    expect(exit).toMatchObject({ decision: 'open', sessionId: entry.sessionId });
  }, 180_000);
});
