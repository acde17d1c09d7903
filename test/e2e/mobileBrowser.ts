/**
 * Debian's Chromium, headless, as a phone: a 390×844 touch screen in Chinese. Each step's
 * screenshot goes to test-results/e2e/ (kept as the run's artifacts, not committed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './localStackProcess.js';

export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Phone {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The page's console messages, errors and failed requests so far. */
  log: () => string;
  /** Saves `test-results/e2e/<name>.png` of the whole page. */
  snap: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

export const openPhone = async (): Promise<Phone> => {
  mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.PARKADE_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  // What the page said, for the report of a failed test.
  const log: string[] = [];
  page.on('console', (message) => log.push(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  page.on('requestfailed', (request) => log.push(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return {
    browser,
    context,
    page,
    log: () => log.join('\n'),
    snap: async (name) => {
      // Taro slides a new page in; the picture is of where it comes to rest (spinners never do).
      await page.waitForFunction(() =>
        document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
      );
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
};

/** The page Taro shows: h5 keeps earlier pages in the DOM, hidden. */
export const visiblePage = (page: Page) => page.locator('.taro_page:visible');
