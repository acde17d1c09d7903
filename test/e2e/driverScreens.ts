/**
 * What a driver does on the H5 app's screens, for the browser tests: type a plate on the plate
 * keyboard, read a fee line, confirm on the WeChat Pay simulator's sheet.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Types `plate` key by key on the open plate keyboard and waits until it reads as complete. */
export const typePlate = async (page: Page, plate: string): Promise<void> => {
  const keyboard = page.locator('.plate-keyboard:visible');
  await keyboard.waitFor({ timeout: 30_000 });
  for (const key of Array.from(plate)) {
    await keyboard.locator('.plate-key').filter({ hasText: new RegExp(`^${key}$`) }).click();
  }
  await expect.poll(() => keyboard.locator('.plate-keyboard__hint--ok').innerText()).toMatch(new RegExp(`${plate}$`));
};

/** One line of the fee breakdown as the driver reads it: "停车费 ¥11.00". */
export const feeLine = async (screen: Locator, label: string): Promise<string> =>
  (await screen.locator('.fee-line', { has: screen.page().getByText(label, { exact: true }) }).innerText()).replace(/\s+/g, ' ');

/** Pays on the simulator's sheet (h5's stand-in for WeChat Pay) and returns the amount it showed. */
export const confirmOnPaySheet = async (page: Page, snap: (name: string) => Promise<void>, snapName: string): Promise<string> => {
  const sheet = page.frameLocator('iframe.pay__sheet');
  await sheet.getByRole('button', { name: '确认支付' }).waitFor({ timeout: 30_000 });
  const amount = await sheet.getByRole('heading').innerText();
  await snap(snapName);
  await sheet.getByRole('button', { name: '确认支付' }).click();
  return amount;
};
