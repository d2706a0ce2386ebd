// Users and tokens, and market data, in a real browser against a real daemon: an admin adds,
// changes and resets users and makes tokens for them; an operator changes their own password and
// manages their own tokens; market data shows stored bars with a calendar strip of gaps and the
// quality report, and a CSV upload runs as a job with progress. Every page passes the automated
// accessibility check and works 390 px wide.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeBars } from '../../daemon/src/market/bar-store';
import { syntheticUniverse } from '../../daemon/src/market/synthetic-universe';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let admin: WatchedPage;
let operator: WatchedPage;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  await storeBars(
    daemon.pool,
    syntheticUniverse({
      symbols: 1,
      bars: 300,
      timeframe: '1d',
      startDate: '2025-01-01',
      seed: 3,
      prefix: 'SYN',
    }),
  );
  [admin, operator] = await Promise.all([openPage(browser), openPage(browser)]);
  await signIn(admin.page, daemon.url, daemon.users.admin.email, daemon.users.admin.password);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
});

beforeEach((context) => {
  screenshotOnFailure(admin.page, `admin-${context.task.name}`);
  screenshotOnFailure(operator.page, `operator-${context.task.name}`);
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe('users and tokens', () => {
  it('lets an admin add a user, change the role, reset the password and disable them', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users and tokens' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('not-an-email');
    await expect
      .poll(() => page.locator('#new-user-email-error').textContent())
      .toBe('email: got "not-an-email", expected an address such as user@example.com');
    await form.getByLabel('Email').fill('analyst@test.local');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Add user' }).click();
    const first = await page.getByTestId('secret-value').textContent();
    expect(first).toMatch(/^\S{20}$/);
    const row = page.getByRole('row', { name: /analyst@test\.local/ });
    await row.getByLabel('Role of analyst@test.local').selectOption('operator');
    await expect
      .poll(
        async () =>
          (await daemon.api('admin').users.list.query()).find((u) => u.email === 'analyst@test.local')?.role,
      )
      .toBe('operator');
    await row.getByRole('button', { name: 'Reset password of analyst@test.local' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => page.getByTestId('secret-value').textContent()).not.toBe(first);
    const reset = (await page.getByTestId('secret-value').textContent())!;
    // The new password signs in; the audit log has the reset.
    const login = await daemon.api().auth.login.mutate({ email: 'analyst@test.local', password: reset });
    expect(login.user.role).toBe('operator');
    const audit = await daemon.pool.query(
      `SELECT action FROM audit_log WHERE action = 'users.reset_password'`,
    );
    expect(audit.rowCount).toBe(1);
    await row.getByRole('button', { name: 'New token for analyst@test.local' }).click();
    await page
      .getByRole('form', { name: "Create analyst@test.local's API token" })
      .getByLabel('Token name')
      .fill('notebook');
    await page.getByRole('button', { name: 'Create token' }).last().click();
    await expect.poll(() => page.getByTestId('secret-value').textContent()).toMatch(/^qtk_/);
    await page
      .getByRole('table', { name: 'Every API token' })
      .getByRole('cell', { name: 'notebook', exact: true })
      .waitFor();
    await row.getByRole('button', { name: 'Disable analyst@test.local' }).click();
    await row.getByText('disabled').waitFor();
    await expect(
      daemon.api().auth.login.mutate({ email: 'analyst@test.local', password: reset }),
    ).rejects.toThrow(/wrong email or password/);
  });

  it('lets an operator change their own password and manage their own tokens, and nobody else’s', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Users and tokens' }).click();
    await page.getByRole('heading', { name: 'Your password' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Users', exact: true }).count()).toBe(0);
    await page.getByLabel('Current password').fill(daemon.users.operator.password);
    await page.getByLabel(/^New password/).fill('short');
    await expect
      .poll(() => page.locator('#pw-new-error').textContent())
      .toBe('new password: got 5 characters, expected at least 12');
    const next = 'a much longer passphrase';
    await page.getByLabel(/^New password/).fill(next);
    await page.getByLabel('Repeat the new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    const login = await daemon
      .api()
      .auth.login.mutate({ email: daemon.users.operator.email, password: next });
    expect(login.user.email).toBe(daemon.users.operator.email);
    await page.getByLabel('Token name').fill('my script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('secret-value').textContent())!;
    expect((await daemon.client({ token }).api.auth.me.query()).email).toBe(daemon.users.operator.email);
    await page.getByRole('button', { name: 'Revoke token my script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('table', { name: 'Your API tokens' }).getByText('revoked').first().waitFor();
    await expect(daemon.client({ token }).api.auth.me.query()).rejects.toThrow(/invalid, expired or revoked/);
  });
});

describe('market data', () => {
  it('shows stored bars, a calendar strip of gaps and the quality report', async () => {
    // A hole: two sessions removed.
    await daemon.pool.query(
      `DELETE FROM bars WHERE ts >= '2025-03-03T00:00:00+05:30' AND ts < '2025-03-05T00:00:00+05:30'`,
    );
    const { page } = operator;
    await page.getByRole('link', { name: 'Market data' }).click();
    await page.getByRole('link', { name: 'SYN1' }).click();
    await page.getByRole('heading', { name: /SYN1 1d: stored days/ }).waitFor();
    const strip = page.getByRole('img', { name: /SYN1 1d stored days:/ });
    expect(await strip.getAttribute('aria-label')).toMatch(/\d+ session with no bars/);
    await page.locator('.day.missing[data-date="2025-03-03"]').waitFor();
    expect(await page.getByTestId('gap-list').textContent()).toContain(
      '2025-03-03 – 2025-03-04: session with no bars (2 days)',
    );
    const quality = page.getByRole('table', { name: 'Quality checks' });
    await expect
      .poll(() => quality.getByRole('row', { name: /Sessions with no bar/ }).textContent())
      .toMatch(/Sessions with no bar\d+.*2025-03-03/);
  });

  it('uploads a CSV and follows the import job to the end', async () => {
    const { page } = operator;
    const file = join(tmpdir(), `upload-${process.pid}.csv`);
    writeFileSync(
      file,
      'Date,Open,High,Low,Close,Volume\n2025-01-06,100,105,99,104,1000\n2025-01-07,104,106,101,102,1200\n2025-01-08,102,103,98,99,900\n',
    );
    await page.getByLabel('Symbol', { exact: true }).first().fill('UPLOAD');
    await page.getByLabel('CSV file (at most 4 MB)').setInputFiles(file);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const row = page.locator('tr[data-ingest]').filter({ hasText: 'UPLOAD' });
    await row.getByText('succeeded').waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/csvUPLOAD.*succeeded.*3$/);
    await page.getByRole('link', { name: 'UPLOAD' }).waitFor();
    // The job waits its turn in the queue: its own wait above may take 30 s on a loaded machine.
  }, 90_000);
});

describe('every page', () => {
  const pages = [
    'overview',
    'backtests',
    'strategies',
    'risk',
    'broker',
    'market',
    'notifications',
    'account',
    'explorer',
    'database',
  ];

  // Ten pages through axe take ~15 s per theme on an idle 2-core machine: one test per theme, with
  // room for a loaded one (the suite's 30 s default failed here under load, not on a violation).
  it.each(['light', 'dark'] as const)(
    'passes the accessibility check (WCAG 2.1 A and AA, contrast included) in the %s theme',
    async (theme) => {
      const { page } = admin;
      const found: string[] = [];
      await page.evaluate((t) => localStorage.setItem('quanttrade.theme', t), theme);
      for (const id of pages) {
        await page.goto(`${daemon.url}/#/${id}`);
        await page.reload();
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        for (const v of await axeViolations(page))
          found.push(`${theme} ${id}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(' | ')}`);
      }
      expect(found).toEqual([]);
    },
    120_000,
  );

  it('works 390 px wide: nothing wider than the screen, the menu opens the navigation', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const id of pages) {
        await page.goto(`${daemon.url}/#/${id}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(`${id}: ${width}`).toBe(`${id}: 390`);
      }
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.isVisible()).toBe(false);
      await page.getByRole('button', { name: /Menu/ }).click();
      await nav.getByRole('link', { name: 'Market data' }).click();
      await page.getByRole('heading', { name: 'Market data', level: 1 }).waitFor();
      expect(await nav.isVisible()).toBe(false);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('logged no console errors', () => {
    expect(admin.errors).toEqual([]);
    expect(operator.errors).toEqual([]);
    expect(operator.failed).toEqual([]);
  });
});
