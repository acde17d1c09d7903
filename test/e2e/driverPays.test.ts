/**
 * DESIGN.md journey 1 in a real browser against `npm start`: a plated car enters through the
 * lane, the driver opens the in-lot code, types the plate, sees the fee with its working, pays
 * on the simulator's WeChat Pay sheet, sees the success page, and the exit barrier opens.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { driveThrough } from './laneDevice.js';
import { startLocalStack, type LocalStackProcess } from './localStackProcess.js';
import { openPhone, visiblePage, type Phone } from './mobileBrowser.js';

let stack: LocalStackProcess;
let phone: Phone;

beforeAll(async () => {
  stack = await startLocalStack();
  phone = await openPhone();
}, 480_000);

afterAll(async () => {
  await phone?.close();
  await stack?.stop();
});

describe('a driver pays in the lot and drives out', () => {
  it('entry → plate typed → fee shown → paid on the sheet → success → the exit opens', async () => {
    const local = stack.localJson;
    const plate = '粤BE2E01';
    const entry = await driveThrough(local, 'entry', plate, new Date(Date.now() - 2 * 60 * 60_000));
    expect(entry.decision).toBe('open');

    const { page, snap } = phone;
    onTestFailed(async () => {
      console.error(`Browser log:\n${phone.log()}`);
      await snap('failed');
    });
    await page.goto(`${local.appUrl}?lot=${local.lotId}`);
    const home = visiblePage(page);
    await expect.poll(() => home.getByText('服务正常').isVisible(), { timeout: 30_000 }).toBe(true);
    await home.locator('input').first().fill('粤B E2E99');
    await home.locator('.nut-button', { hasText: '查询停车费' }).click();
    const missing = visiblePage(page);
    await missing.getByText('场内没有找到这辆车，请核对车牌').waitFor({ timeout: 30_000 });
    await snap('00-plate-not-found');
    await missing.locator('.nut-button', { hasText: '返回修改车牌' }).click();

    await home.locator('input').first().fill('粤b e2e01');
    await home.locator('input').first().blur();
    await expect.poll(() => home.getByText(`将查询车牌 ${plate}`).isVisible()).toBe(true);
    await snap('01-home-plate');

    await home.locator('.nut-button', { hasText: '查询停车费' }).click();
    const pay = visiblePage(page);
    const payButton = pay.locator('.nut-button', { hasText: '支付 ¥' });
    await payButton.waitFor({ timeout: 30_000 });
    const due = /¥\d+\.\d{2}/.exec(await payButton.innerText())?.[0];
    expect(due).toBeDefined();
    expect(due).not.toBe('¥0.00');
    const row = async (label: string) => (await pay.locator('.nut-cell', { has: page.getByText(label, { exact: true }) }).innerText()).replace(/\s+/g, ' ');
    expect(await row('入场时间')).toMatch(/^入场时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await row('停车时长')).toMatch(/^停车时长 2小时(\d+分钟)?$/);
    expect(await row('停车费')).toBe(`停车费 ${due}`);
    expect(await row('应付金额')).toBe(`应付金额 ${due}`);
    await snap('02-fee');

    await payButton.click();
    const sheet = page.frameLocator('iframe.pay__sheet');
    await sheet.getByRole('button', { name: '确认支付' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => sheet.getByRole('heading').innerText()).toBe(due);
    await snap('03-wechat-pay-sheet');

    await sheet.getByRole('button', { name: '确认支付' }).click();
    const paid = visiblePage(page);
    await paid.getByText('支付成功，请在15分钟内离场').waitFor({ timeout: 30_000 });
    expect(await paid.getByText(`已支付 ${due}`, { exact: true }).isVisible()).toBe(true);
    await snap('04-paid');

    const exit = await driveThrough(local, 'exit', plate, new Date());
    expect(exit).toMatchObject({ decision: 'open', sessionId: entry.sessionId });
  }, 180_000);
});
