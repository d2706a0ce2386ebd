// The Broker page in a real browser against a local Dhan (daemon/src/dev/dhan-fake, the documented
// wire format): an operator adds an account with its token (cleared from the form, never in any
// answer or on the page), the link connects, the token's expiry counts down and a token expiring
// within the hour stands out, the feed lists each subscribed symbol's last-tick age, the rate-limit
// gauges count an order sent through the account, funds and holdings come from Dhan, and a
// reconciliation pass finds that order missing from the ledger. broker.health
// itself is checked through the API too (a paper account, another user's account). Then axe-core
// and a 390 px screen.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { clientOrderId, eventually, LIMIT_BUY } from '../support/dhan';
import { seedTradingRows } from '../support/trading-rows';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

let fake: FakeDhan;
let daemon: TestDaemon;
let browser: Browser;
let operator: WatchedPage;
let accountId: number;

beforeAll(async () => {
  fake = await startFakeDhan({
    pingMs: 1000,
    tickMs: 100,
    symbols: { '11536': 'TCS', '2885': 'RELIANCE' },
    holdings: [
      {
        exchange: 'NSE',
        tradingSymbol: 'TCS',
        securityId: '11536',
        totalQty: 3,
        availableQty: 3,
        avgCostPrice: 3000,
        lastTradedPrice: 4000,
      },
    ],
  });
  [daemon, browser] = await Promise.all([
    startTestDaemon({
      config: {
        brokerKey: randomBytes(32).toString('base64'),
        dhanBaseUrl: fake.restUrl,
        dhanFeedUrl: fake.feedUrl,
        dhanOrderUpdateUrl: fake.orderUpdateUrl,
        dhanTimeoutSeconds: 2,
      },
    }),
    launchBrowser(),
  ]);
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
});

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  await fake?.close();
});

describe('broker page', () => {
  it('adds an account with its token, which is never shown again; the link connects', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Broker' }).click();
    await page.getByText('No broker accounts yet: add one below.').waitFor();
    const form = page.getByRole('form', { name: 'Add a Dhan account' });
    await form.getByLabel('Label').fill('dhan main');
    await form.getByLabel('Dhan client id').fill('DH-1');
    await form.getByRole('button', { name: 'Add account' }).click();
    expect(await form.getByRole('alert').allTextContents()).toEqual([
      'clientId: got "DH-1", expected the Dhan client id (digits)',
      'accessToken: expected the access token',
    ]);
    await form.getByLabel('Dhan client id').fill(fake.clientId);
    await form.getByLabel(/Access token/).fill(fake.token);
    await form.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Added “dhan main”.', { exact: false }).waitFor();
    expect(await form.getByLabel(/Access token/).inputValue()).toBe('');
    const [account] = await daemon.api('operator').broker.accounts.query();
    accountId = account!.id;
    expect(JSON.stringify(account)).not.toContain(fake.token);
    const row = page.getByRole('table', { name: 'Broker accounts' }).getByRole('row', { name: /dhan main/ });
    await row.getByText('connected').waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(`******${fake.clientId.slice(-4)}`);
    expect(await page.content()).not.toContain(fake.token);
  });

  it('counts the token expiry down, and a token expiring within the hour stands out', async () => {
    const { page } = operator;
    const expiry = page.getByTestId(`expiry-${accountId}`);
    expect(await expiry.textContent()).toMatch(/^in 2[34] h \d+ min$/);
    // A new token with 50 minutes left, set from the page.
    const short = fake.tokens.issue(fake.clientId, 50 * 60_000);
    await page.getByRole('button', { name: 'New token for dhan main' }).click();
    await page.getByLabel(/Access token \(applies without a restart/).fill(short);
    await page.getByRole('dialog').getByRole('button', { name: 'Set token' }).click();
    await expect.poll(() => expiry.textContent(), { timeout: 10_000 }).toMatch(/^in (49|50) min \d+ s$/);
    expect(await expiry.locator('span').getAttribute('class')).toBe('warn');
    const first = await expiry.textContent();
    await expect.poll(() => expiry.textContent(), { timeout: 5_000 }).not.toBe(first);
    expect(await page.content()).not.toContain(short);
  });

  it("lists the feed's symbols with their last-tick age", async () => {
    const { page } = operator;
    const link = daemon.daemon.deps.broker.supervisor!.link(accountId)!;
    link.tickSource().subscribe([
      { symbol: 'TCS', segment: 'NSE_EQ', securityId: '11536' },
      { symbol: 'RELIANCE', segment: 'NSE_EQ', securityId: '2885' },
    ]);
    const table = page.getByRole('table', { name: 'Feed symbols' });
    await table.waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => (await table.getByRole('row').allTextContents()).length, { timeout: 15_000 })
      .toBe(3);
    // Ticks arrive every 100 ms: both symbols are seconds old at most.
    await eventually(
      async () => {
        const ages = await table.locator('tbody td.num').allTextContents();
        return ages.length === 2 && ages.every((a) => /^\d\.\d s ago$/.test(a));
      },
      15_000,
      'fresh ages',
    );
    const health = await daemon
      .api('viewer')
      .broker.health.query({ id: accountId })
      .catch((e: Error) => e);
    // A viewer who does not own the account does not see it.
    expect((health as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');
    const own = await daemon.api('operator').broker.health.query({ id: accountId });
    expect(own.heldHere).toBe(true);
    expect(own.feed!.open).toBe(true);
    expect(own.feed!.symbols.map((s) => s.symbol).sort()).toEqual(['RELIANCE', 'TCS']);
    expect(own.feed!.packets.quote).toBeGreaterThan(0);
  });

  it('counts an order in the rate-limit gauges; funds and holdings come from Dhan', async () => {
    const { page } = operator;
    const rest = await daemon.daemon.deps.broker.restFor(accountId);
    await rest.placeOrder({ ...LIMIT_BUY, clientOrderId: clientOrderId('ui') });
    const perDay = page.getByTestId('rate-orders-day');
    await expect.poll(() => perDay.textContent(), { timeout: 10_000 }).toContain('1 / 7000');
    expect(await page.getByTestId('rate-orders-minute').textContent()).toContain('1 / 250');
    const usage = await daemon.api('operator').broker.health.query({ id: accountId });
    expect(usage.rates!.find((r) => r.category === 'orders')!.windows).toEqual([
      { window: 'second', used: expect.any(Number), limit: 10 },
      { window: 'minute', used: 1, limit: 250 },
      { window: 'hour', used: 1, limit: 1000 },
      { window: 'day', used: 1, limit: 7000 },
    ]);
    await page.getByRole('button', { name: 'Ask Dhan for funds and holdings' }).click();
    const holdings = page.getByRole('table', { name: 'Holdings' });
    await holdings.waitFor();
    expect(await holdings.getByRole('row', { name: /TCS/ }).textContent()).toContain('₹3,000.00');
    expect(await page.getByLabel('Funds').textContent()).toContain('Available');
  });

  it('reconciles on request: the order placed behind the ledger is a difference, acknowledged from the page', async () => {
    const { page } = operator;
    await page.getByText('No open differences: the ledger matches the broker.').waitFor();
    await page.getByRole('button', { name: 'Reconcile with the broker now' }).click();
    const report = page.getByTestId('reconcile-report');
    await report.waitFor({ timeout: 15_000 });
    expect(await report.textContent()).toMatch(
      /^1 orders at the broker; .* 1 new, 1 open, 0 cleared differences/,
    );
    const row = page.getByRole('table', { name: 'Reconciliation differences' }).getByRole('row').nth(1);
    expect(await row.textContent()).toContain('unknown order');
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await row.getByText(`acknowledged by user:${daemon.users.operator.id}`).waitFor();
    const [difference] = await daemon.api('operator').broker.differences.query({ id: accountId });
    expect(difference).toMatchObject({
      kind: 'unknown_order',
      acknowledgedBy: `user:${daemon.users.operator.id}`,
    });
  });

  it('answers broker.health for a paper account without a feed or counters', async () => {
    const rows = await seedTradingRows(daemon.pool, { userId: daemon.users.operator.id });
    const paper = await daemon.api('operator').broker.health.query({ id: rows.accountId });
    expect(paper).toEqual({
      accountId: rows.accountId,
      heldHere: false,
      holder: null,
      feed: null,
      rates: null,
    });
  });

  it('passes the accessibility check and works 390 px wide', async () => {
    const { page } = operator;
    await page.reload();
    await page.getByRole('table', { name: 'Feed symbols' }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByRole('table', { name: 'Broker accounts' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('logged no console errors', () => {
    expect(operator.errors).toEqual([]);
    expect(operator.failed).toEqual([]);
  });
});
