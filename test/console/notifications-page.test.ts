// The Notifications page in a real browser: an operator adds a webhook channel (inline validation,
// the generated signing key shown once), sends a test to a local server that records it, sees an
// event published on the bus arrive and both in the delivery log, then disables the channel.
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { startFakeHttpServer, type FakeHttpServer } from '../support/fake-http-server';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let hook: FakeHttpServer;
let operator: WatchedPage;

beforeAll(async () => {
  [daemon, browser, hook] = await Promise.all([
    startTestDaemon({ config: { secretKey: 'c'.repeat(64) } }),
    launchBrowser(),
    startFakeHttpServer(),
  ]);
  hook.fallback(() => ({ status: 200 }));
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
});

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  await hook?.close();
});

describe('notifications page', () => {
  let secret: string;

  it('adds a webhook channel, checking the form inline first', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Add a channel' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Name').fill('ops hook');
    await form.getByLabel('Webhook URL').fill('ftp://nowhere');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect
      .poll(() => page.locator('#channel-target-error').textContent())
      .toBe('URL: got "ftp://nowhere", expected an http:// or https:// URL');
    expect(await form.getByRole('alert').allTextContents()).toContain('events: choose at least one kind');
    await form.getByLabel('Webhook URL').fill(`${hook.baseUrl}/qt`);
    await form.getByLabel('Kill switch').check();
    await form.getByLabel('EOD report').check();
    await form.getByRole('button', { name: 'Add channel' }).click();
    secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const row = page
      .getByRole('table', { name: 'Notification channels' })
      .getByRole('row', { name: /ops hook/ });
    expect(await row.textContent()).toContain('Kill switch, EOD report');
    expect(await row.textContent()).toContain(`key …${secret.slice(-4)}`);
  });

  it('sends a test and shows the outcome and the log', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'Send test on ops hook' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toBe('Delivered (HTTP 200).');
    const [request] = hook.requests;
    const expected = createHmac('sha256', secret)
      .update(`${request!.headers['x-quanttrade-timestamp']}.${request!.body}`)
      .digest('hex');
    expect(request!.headers['x-quanttrade-signature']).toBe(`sha256=${expected}`);
    const log = page.getByRole('table', { name: 'Deliveries' });
    await log
      .getByRole('row', { name: /Test from QuantTrade: ops hook/ })
      .getByText('delivered')
      .waitFor();
  });

  it('shows an event published on the bus arriving', async () => {
    const { page } = operator;
    const bus = daemon.daemon.deps.bus as unknown as {
      publish(t: string, p: unknown, o?: { ownerId?: number }): Promise<void>;
    };
    await bus.publish(
      'trading.eod_report',
      { deploymentId: 5, tradingDate: '2025-01-06', netPnl: '-250.00', trades: 2 },
      { ownerId: daemon.users.operator.id },
    );
    await expect.poll(() => hook.requests.length, { timeout: 10_000 }).toBe(2);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row', { name: /EOD 2025-01-06: deployment 5 net ₹-250.00/ })
      .getByText('delivered')
      .waitFor({ timeout: 10_000 });
  });

  it('edits the channel (disabling it) and passes the accessibility check', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'Edit ops hook' }).click();
    const form = page.getByRole('form', { name: 'Edit the channel' });
    await form.getByLabel('Enabled').uncheck();
    await form.getByRole('button', { name: 'Save channel' }).click();
    await page
      .getByRole('row', { name: /ops hook/ })
      .getByText('disabled')
      .waitFor();
    const [channel] = await daemon.api('operator').notifications.channels.query();
    expect(channel!.enabled).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('engages the kill switch from the header (one confirmation), notifies, and only an admin releases it', async () => {
    const { page } = operator;
    await daemon.api('operator').notifications.updateChannel.mutate({
      id: (await daemon.api('operator').notifications.channels.query())[0]!.id,
      enabled: true,
    });
    hook.reset();
    hook.fallback(() => ({ status: 200 }));
    const header = page.getByTestId('kill-switch');
    await expect.poll(() => header.textContent()).toMatch(/^Kill switch: off/);
    await header.getByRole('button', { name: 'Engage kill switch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Engage the kill switch?' });
    await dialog.getByLabel('Reason (recorded)').fill('broker outage drill');
    await dialog.getByRole('button', { name: 'Engage: stop all trading' }).click();
    await expect.poll(() => header.textContent()).toBe('KILL SWITCH ENGAGED: broker outage drill');
    // An operator cannot release the global switch: no button.
    expect(await header.getByRole('button').count()).toBe(0);
    // The database announced it; the channel subscribed to kill_switch got it.
    await expect
      .poll(() => hook.requests.map((r) => JSON.parse(r.body).title), { timeout: 10_000 })
      .toContain('Kill switch engaged (global)');
    const admin = await openPage(browser);
    try {
      await signIn(admin.page, daemon.url, daemon.users.admin.email, daemon.users.admin.password);
      const adminHeader = admin.page.getByTestId('kill-switch');
      await adminHeader.getByRole('button', { name: 'Release' }).click();
      await admin.page.getByRole('dialog').getByRole('button', { name: 'Release: allow trading' }).click();
      await expect.poll(() => adminHeader.textContent()).toMatch(/^Kill switch: off/);
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.page.context().close();
    }
    // Every page shows the state: the operator's header follows within its refresh.
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toMatch(/^Kill switch: off/);
  });

  it('logged no console errors', () => {
    expect(operator.errors).toEqual([]);
    expect(operator.failed).toEqual([]);
  });
});
