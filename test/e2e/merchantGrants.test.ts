/**
 * DESIGN.md journeys 4 and 5 in a real browser against `npm start`: a car enters through the
 * lane, the shop's owner signs in (after a wrong password), grants a two-hour coupon to that
 * plate picked from the recent entries, and the driver's fee for the plate drops; the owner
 * revokes it from today's grants and the discount goes; then the owner makes a claim code and its
 * QR is shown, holding the claim link a driver's scanner opens, and the month's statement lists
 * the grant and its revocation.
 * Screenshots of each step go to test-results/e2e/merchant-*.png (docs/screenshots keeps them).
 */
import { describe, expect, it, onTestFailed } from 'vitest';
import type { DriverQuote } from '../../shared/drivers/driverQuote.js';
import { scanTargetOfText } from '../../miniapp/src/scan/scanTarget.js';
import { driveThrough } from './laneDevice.js';
import { visiblePage } from './mobileBrowser.js';
import { phoneOnLocalStack } from './phoneOnLocalStack.js';

const { stack, phone } = phoneOnLocalStack();

/** The driver's in-lot quote for a plate, straight from the API, as a signed-in driver. */
const driverQuote = async (plate: string): Promise<DriverQuote> => {
  const { apiUrl, lotId } = stack().localJson;
  const login = await fetch(`${apiUrl}/driver/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'e2e-merchant-customer' }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${apiUrl}/lots/${lotId}/plates/${encodeURIComponent(plate)}/quote`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as DriverQuote;
};

describe('a shop grants a coupon and shows a claim QR', () => {
  it('login → grant to a recent entry → the driver’s fee drops → revoke → claim code and its QR → statement', async () => {
    const local = stack().localJson;
    const merchant = local.merchants[0];
    expect(merchant).toBeDefined();
    const plate = '粤BM2E01';
    const entry = await driveThrough(local, 'entry', plate, new Date(Date.now() - 3 * 60 * 60_000));
    expect(entry.decision).toBe('open');
    const before = await driverQuote(plate);
    expect(before.due).toBeGreaterThan(0);

    const { page, snap, log } = phone();
    onTestFailed(async () => {
      console.error(`Browser log:\n${log()}`);
      await snap('merchant-failed');
    });

    await page.goto(`${local.appUrl}#/pages/merchant/index`);
    const login = visiblePage(page);
    await login.getByText('商户登录').waitFor({ timeout: 30_000 });
    await login.locator('input').nth(0).fill(merchant!.login);
    await login.locator('input').nth(1).fill(`${merchant!.password}-wrong`);
    await login.locator('.nut-button', { hasText: '登录' }).click();
    await login.getByText('账号或密码错误').waitFor({ timeout: 30_000 });
    await snap('merchant-01-login-refused');

    await login.locator('input').nth(1).fill(merchant!.password);
    await login.locator('.nut-button', { hasText: '登录' }).click();
    const home = visiblePage(page);
    await home.getByText('可用额度（余额 − 冻结 + 授信）').waitFor({ timeout: 30_000 });
    const availableBefore = await home.locator('.merchant__account-available').innerText();
    await snap('merchant-02-home');

    await home.getByText('按车牌发券').click();
    const grant = visiblePage(page);
    await grant.getByText('免费停车2小时', { exact: true }).click();
    await grant.locator('.merchant__chip', { hasText: plate }).click();
    await expect.poll(() => grant.getByText(`车牌 ${plate}`).isVisible()).toBe(true);
    await snap('merchant-03-grant-form');

    await grant.locator('.nut-button', { hasText: '下一步：确认发券' }).click();
    const confirmButton = grant.locator('.nut-button', { hasText: '确认发放' });
    await confirmButton.waitFor();
    await snap('merchant-04-grant-confirm');
    // A double tap: the same attempt's key, so one coupon.
    await confirmButton.dblclick();
    await grant.getByText('发券成功').waitFor({ timeout: 30_000 });
    expect(await grant.getByText('已用于本次停车', { exact: true }).isVisible()).toBe(true);
    await snap('merchant-05-granted');

    const after = await driverQuote(plate);
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.due).toBeLessThan(before.due);
    expect(after.discounts).toEqual([expect.objectContaining({ kind: 'minutes', value: 120 })]);

    await grant.locator('.nut-button', { hasText: '返回商户中心' }).click();
    const homeAgain = visiblePage(page);
    await expect.poll(() => homeAgain.locator('.merchant__account-available').innerText(), { timeout: 30_000 }).not.toBe(availableBefore);

    await homeAgain.getByText('发券记录').click();
    const grants = visiblePage(page);
    await grants.getByText('共 1 张', { exact: false }).waitFor({ timeout: 30_000 });
    expect(await grants.locator('.merchant__plate', { hasText: plate }).count()).toBe(1);
    await snap('merchant-06-grants-today');

    // Taken back before the car leaves: the hold is released and the driver's discount goes.
    await grants.locator('.nut-button', { hasText: '撤销' }).click();
    await page.locator('.taro-model__confirm').click();
    await grants.locator('.merchant__badge', { hasText: '已撤销' }).waitFor({ timeout: 30_000 });
    expect(await grants.locator('.nut-button', { hasText: '撤销' }).count()).toBe(0);
    await snap('merchant-07-revoked');
    const revoked = await driverQuote(plate);
    expect(revoked.discounts).toEqual([]);
    expect(revoked.due).toBeGreaterThan(after.due);
    await page.goBack();

    await visiblePage(page).getByText('领券二维码').click();
    const codes = visiblePage(page);
    await codes.getByText('还没有领券码').waitFor({ timeout: 30_000 });
    await codes.locator('.nut-button', { hasText: '生成领券码' }).click();
    const qr = codes.locator('.merchant__qr');
    await qr.waitFor({ timeout: 30_000 });
    const link = await qr.locator('.merchant__qr-link').innerText();
    expect(link.startsWith(local.appUrl)).toBe(true);
    expect(scanTargetOfText(link)).toEqual({ kind: 'claim', token: expect.stringMatching(/^[0-9A-Za-z]{22}$/) });
    expect(await qr.locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await codes.getByText('当面出示 · 已领 0/1', { exact: true }).count()).toBeGreaterThan(0);
    await snap('merchant-08-claim-qr');

    await page.goBack();
    await visiblePage(page).getByText('月度账单').click();
    const statement = visiblePage(page);
    await statement.getByText('发放 1 张', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await statement.getByText('撤销 1 张', { exact: true }).isVisible()).toBe(true);
    expect(await statement.getByText(`券撤销（解冻） · ${plate}`, { exact: true }).isVisible()).toBe(true);
    await snap('merchant-09-statement');
  }, 240_000);
});
