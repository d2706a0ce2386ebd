// Headless Chromium for the console's end-to-end tests (launched by test/support/chromium.ts),
// one browser per test file. Every page records what would show in its developer console:
// errors and uncaught exceptions (`errors`, which tests expect to stay empty) and HTTP
// responses >= 400 (`failed`, which tests compare with the refusals they provoked on purpose —
// Chromium logs each of those as "Failed to load resource").
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { packageRoot } from '../../../daemon/src/config/package-root';
import { launchChromium } from '../../support/chromium';
import { ensureBuilt } from '../../support/spawn-daemon';

export interface WatchedPage {
  page: Page;
  errors: string[];
  failed: string[];
}

export async function launchBrowser(): Promise<Browser> {
  // The daemon serves console/dist: build it (and the daemon bundles) when sources changed.
  ensureBuilt();
  return launchChromium();
}

export async function openPage(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: options.colorScheme,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return; // listed in `failed` instead
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { page, errors, failed };
}

/** Signs in through the login form and waits for the layout. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Pixels of a canvas that are not fully transparent: > 0 once a chart has drawn something. */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    });
}

/**
 * Call at the start of a test: if it fails, the page as it was goes to
 * test-results/console/<name>.png (git-ignored), which says more than a timeout.
 */
export function screenshotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    const dir = join(packageRoot(), 'test-results', 'console');
    mkdirSync(dir, { recursive: true });
    await page
      .screenshot({ path: join(dir, `${name.replace(/[^\w-]+/g, '-')}.png`), fullPage: true })
      .catch(() => undefined);
  });
}
