// The console in a real browser against a real daemon: sign in, the live overview (and its
// reconnection after the daemon restarts), the theme switch, the API explorer, and what a
// viewer may not see.
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../../daemon/src/cli/start';
import { startTestDaemon, testConfig, type TestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { createLogger } from '../../daemon/src/logging/logger';
import { createRecentLogs } from '../../daemon/src/logging/recent-logs';
import { launchBrowser, openPage, paintedPixels, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let admin: WatchedPage;
// The daemon's logger keeps its warnings for system.recentErrors, as `quanttrade start` does.
const recentLogs = createRecentLogs();
const daemonLog = createLogger({
  level: 'warn',
  format: 'json',
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  recent: recentLogs,
});

beforeAll(async () => {
  [daemon, browser] = await Promise.all([
    startTestDaemon({ heartbeatMs: 250, log: daemonLog, recentLogs }),
    launchBrowser(),
  ]);
  admin = await openPage(browser);
  await signIn(admin.page, daemon.url, daemon.users.admin.email, daemon.users.admin.password);
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe('sign-in and overview', () => {
  it('refuses a wrong password with the daemon’s message, then signs in', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(daemon.url);
    await page.getByLabel('Email').fill(daemon.users.operator.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/UNAUTHORIZED|password/i);
    await page.getByLabel('Password').fill(daemon.users.operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Overview/ }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows every health check, not-configured ones included, and live vitals', async () => {
    const { page } = admin;
    await page.getByRole('listitem', { name: 'Database: ok' }).waitFor();
    await page.getByRole('listitem', { name: 'Broker link: not_configured' }).waitFor();
    await page.getByRole('listitem', { name: 'Market feed: not_configured' }).waitFor();
    await page.getByText('live', { exact: true }).first().waitFor();
    await expect
      .poll(() => paintedPixels(page, '[aria-label="Event-loop lag, recent history"] canvas'), {
        timeout: 10_000,
      })
      .toBeGreaterThan(50);
    await expect
      .poll(() => paintedPixels(page, '[aria-label="Heap used, recent history"] canvas'))
      .toBeGreaterThan(50);
    await page.getByRole('table', { name: 'Queue depths' }).getByText('backtest.run').waitFor();
    // The header reads the kill switch from the risk API (risk.killSwitch.status).
    await expect.poll(() => page.getByTestId('kill-switch').textContent()).toMatch(/^Kill switch: off/);
  });

  it('shows a new warning among the recent errors as it is logged, newest first', async () => {
    const { page } = admin;
    const panel = page.getByRole('region', { name: 'Recent errors' });
    await panel.waitFor();
    daemonLog.warn({ module: 'feed' }, 'market feed 7 s behind');
    await panel.getByText('market feed 7 s behind').waitFor({ timeout: 10_000 });
    daemonLog.error({ module: 'broker' }, 'order rejected by the exchange');
    await panel.getByText('order rejected by the exchange').waitFor({ timeout: 10_000 });
    const rows = await panel.locator('tbody tr').allTextContents();
    const newer = rows.findIndex((r) => r.includes('order rejected by the exchange'));
    const older = rows.findIndex((r) => r.includes('market feed 7 s behind'));
    expect(newer).toBeGreaterThanOrEqual(0);
    expect(newer).toBeLessThan(older);
    expect(rows[newer]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}error/);
  });

  it('switches between light and dark themes from the keyboard', async () => {
    const { page } = admin;
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).focus();
    await page.keyboard.press('Enter');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await expect.poll(theme).not.toBe(before);
    const after = await theme();
    expect(['light', 'dark']).toContain(after);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(after === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(246, 247, 249)');
  });
});

describe('API explorer', () => {
  it('lists procedures with type and role, and calls one with its example input', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'API explorer' }).click();
    await page.getByLabel('Filter').fill('system.');
    await page.getByRole('button', { name: /system\.health/ }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: /system\.health/ }).textContent())
      .toContain('query · viewer role');
    await page.getByRole('button', { name: 'Run query' }).click();
    const outcome = page.getByTestId('call-outcome');
    await expect.poll(() => outcome.textContent()).toMatch(/OK in \d+\.\d ms/);
    expect(await outcome.locator('pre').textContent()).toContain('"database"');
  });

  it('shows a bad input’s error naming the field', async () => {
    const { page } = admin;
    await page.getByLabel('Filter').fill('users.setRole');
    await page.getByRole('button', { name: /users\.setRole/ }).click();
    await page.getByLabel('Input (JSON)').fill('{"userId": "seven", "role": "root"}');
    await page.getByRole('button', { name: 'Run mutation' }).click();
    await expect
      .poll(() => page.getByTestId('call-outcome').textContent())
      .toMatch(/BAD_REQUEST|VALIDATION_FAILED/);
    expect(await page.getByTestId('call-outcome').textContent()).toMatch(/role: got "root"/);
  });

  it('streams a subscription until stopped', async () => {
    const { page } = admin;
    await page.getByLabel('Filter').fill('system.events');
    await page.getByRole('button', { name: /system\.events/ }).click();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const events = page.getByRole('list', { name: 'Events received' }).locator('li');
    await expect.poll(() => events.count(), { timeout: 10_000 }).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = await events.count();
    await page.waitForTimeout(800);
    expect(await events.count()).toBe(stopped);
    expect(await events.first().textContent()).toMatch(/system\.(heartbeat|health)/);
  });
});

describe('a viewer', () => {
  it('sees no Database page, and the API refuses it database procedures', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, daemon.url, daemon.users.viewer.email, daemon.users.viewer.password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Database' }).count()).toBe(0);
    await page.goto(`${daemon.url}/#/database/sql`);
    await page.getByText('There is no page “database” for your role.').waitFor();
    expect(await page.getByLabel('Statement').count()).toBe(0);
    await expect(daemon.api('viewer').database.sql.mutate({ sql: 'SELECT 1' })).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('after a daemon restart', () => {
  it('the overview reconnects by itself and goes live again', async () => {
    const { page, errors } = admin;
    await page.getByRole('link', { name: 'Overview' }).click();
    const badge = page.locator('h1 .badge', { hasText: /live|connecting/ });
    await expect.poll(() => badge.textContent()).toBe('live');
    const port = Number(new URL(daemon.url).port);
    await daemon.daemon.stop();
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toBe('connecting…');
    const config = testConfig({ databaseUrl: daemon.database.url, port });
    const second: Daemon = await startDaemon(config, {
      log: testLogger(),
      announce: () => undefined,
      hooks: [],
      heartbeatMs: 250,
    });
    try {
      await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toBe('live');
      // Heartbeats now come from the new daemon: the stream really resubscribed.
      await page.getByText(`daemon ${second.deps.daemon.id}`).waitFor();
    } finally {
      await second.stop();
    }
    // The page noticed the restart but reported nothing as an error to the developer console
    // apart from the socket closing, which Chromium logs as a failed WebSocket connection.
    expect(errors.filter((e) => !/WebSocket connection/.test(e))).toEqual([]);
  }, 60_000);
});
