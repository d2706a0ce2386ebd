// The Risk page in a real browser, on the real risk API: an operator writes a profile in the form
// generated from the catalogue (inline errors naming field, value and what fits), sees how close
// an account is to its limits from the latest portfolio snapshot, watches a denial arrive live in
// the violations feed, halts and resumes an account, engages and releases an account's kill
// switch, and sizes a position. Then axe-core and a 390 px screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordDenial } from '../../daemon/src/risk-control/verdict-recorder';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { seedTradingRows, type TradingRows } from '../support/trading-rows';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let operator: WatchedPage;
let rows: TradingRows;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  rows = await seedTradingRows(daemon.pool, { userId: daemon.users.operator.id });
  await daemon.pool.query(`UPDATE broker_accounts SET label = 'paper desk' WHERE id = $1`, [rows.accountId]);
  // The latest risk.scan snapshot: ₹8.5 L gross of ₹10 L capital, 5 positions, a ₹25,000 loss.
  await daemon.pool.query(
    `INSERT INTO risk_portfolio_snapshots (owner_id, broker_account_id, at, gross, net, long_value, short_value,
       open_positions, capital, day_pnl, intraday_drawdown, var99)
     VALUES ($1, $2, now(), 850000, 300000, 575000, 275000, 5, 1000000, -25000, 10000, 12000)`,
    [rows.userId, rows.accountId],
  );
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
});

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe('risk page', () => {
  it('shows the limits in use as gauges, graded by how close each is', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Risk' }).click();
    await page.getByRole('heading', { name: 'Limits in use' }).waitFor();
    expect(await page.getByTestId('limits-profile').textContent()).toBe(
      'no profile assigned: the conservative preset',
    );
    // Conservative: gross 100 % of capital (85 % used: warn), 5 positions (at the limit: bad),
    // the day's loss halts at 2 % (₹20,000; ₹25,000 lost: bad), drawdown at 2.5 % (40 %: ok).
    const gross = page.getByTestId('gauge-maxGrossExposure');
    await gross.waitFor();
    expect(await gross.getAttribute('class')).toBe('gauge warn');
    expect(await gross.getByRole('meter').getAttribute('aria-valuenow')).toBe('85');
    expect(await page.getByTestId('gauge-maxOpenPositions').getAttribute('class')).toBe('gauge bad');
    expect(await page.getByTestId('gauge-dailyLossHalt').getAttribute('class')).toBe('gauge bad');
    expect(await page.getByTestId('gauge-dailyLossHalt').textContent()).toContain(
      'limit ₹20,000.00 (2% of capital)',
    );
    expect(await page.getByTestId('gauge-drawdownHalt').getAttribute('class')).toBe('gauge ok');
  });

  it('creates a profile from the generated form, naming bad fields first; assigned, the gauges follow it', async () => {
    const { page } = operator;
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Name').fill('desk');
    await form.getByLabel('maxOpenPositions (count)').fill('ten');
    await form.getByLabel('squareOffTime (time)').fill('3pm');
    await form.getByRole('button', { name: 'Create profile' }).click();
    const errors = await form.getByRole('alert').allTextContents();
    expect(errors).toContain('maxOpenPositions: got "ten", expected a whole number above 0');
    expect(errors).toContain('squareOffTime: got "3pm", expected an IST time HH:MM (15:15)');
    await form.getByLabel('maxOpenPositions (count)').fill('10');
    await form.getByLabel('squareOffTime (time)').fill('15:00');
    // The preset's value is the placeholder of a field left empty.
    expect(await form.getByLabel('maxOrderQty (count)').getAttribute('placeholder')).toBe('2000');
    await form.getByLabel('stale_price').check();
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('table', { name: 'Risk profiles' }).getByRole('row', { name: /desk/ }).waitFor();
    const [profile] = await daemon.api('operator').risk.profiles.list.query();
    expect(profile!.document).toMatchObject({
      extends: 'moderate',
      limits: { maxOpenPositions: 10, squareOffTime: '15:00' },
      disabledRules: ['stale_price'],
    });
    await daemon.api('operator').risk.assign.mutate({ accountId: rows.accountId, profileId: profile!.id });
    await expect
      .poll(() => page.getByTestId('limits-profile').textContent(), { timeout: 10_000 })
      .toBe('profile “desk” v1');
    // Moderate over 10 positions: 5 open is half.
    await expect
      .poll(() => page.getByTestId('gauge-maxOpenPositions').getAttribute('class'))
      .toBe('gauge ok');
  });

  it('adds a denial to the violations feed as it happens', async () => {
    const { page } = operator;
    await page.getByRole('heading', { name: 'Violations' }).waitFor();
    expect(await page.getByText('No violations yet.').isVisible()).toBe(true);
    const message = 'max_order_value: order value ₹5,00,100 is above maxOrderValue ₹5,00,000';
    await recordDenial(
      { pool: daemon.pool, bus: daemon.daemon.deps.bus, log: daemon.daemon.deps.log },
      {
        allowed: false,
        violations: [
          {
            code: 'max_order_value',
            scope: 'account',
            scopeId: rows.accountId,
            limitName: 'maxOrderValue',
            limit: 500000,
            value: 500100,
            message,
            profile: null,
          },
        ],
        stateChanges: [],
      } as never,
      {
        symbol: 'TEST',
        side: 'buy',
        qty: 1,
        orderType: 'MARKET',
        product: 'INTRADAY',
        origin: 'strategy',
      } as never,
      { ownerId: rows.userId, accountId: rows.accountId, deploymentId: rows.deploymentId },
    );
    const row = page.getByRole('table', { name: 'Violations' }).getByRole('row', { name: /max_order_value/ });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain(message);
    expect(await row.textContent()).toContain(`deployment ${rows.deploymentId}`);
  });

  it('halts an account with a reason and resumes it', async () => {
    const { page } = operator;
    const states = page.getByRole('table', { name: 'Trading states' });
    const row = states.getByRole('row', { name: /paper desk/ });
    expect(await row.getByText('ACTIVE').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Halt paper desk' }).click();
    await page.getByLabel('Reason (recorded)').fill('checking fills');
    await page.getByRole('dialog').getByRole('button', { name: 'Halt' }).click();
    await row.getByText('HALTED').waitFor();
    expect(await row.textContent()).toContain('operator: checking fills');
    const state = await daemon
      .api('operator')
      .risk.state.query({ scope: 'account', scopeId: rows.accountId });
    expect(state.states[0]).toMatchObject({ state: 'HALTED', reason: 'checking fills' });
    await page.getByRole('button', { name: 'Resume paper desk' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await row.getByText('ACTIVE').waitFor();
  });

  it("engages an account's kill switch and releases it (the owner may)", async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'Engage on paper desk' }).click();
    await page.getByLabel('Reason (recorded)').fill('broker outage');
    await page.getByLabel('Also close its positions').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Engage' }).click();
    const engaged = page.getByRole('table', { name: 'Engaged kill switches' });
    await engaged.getByRole('row', { name: /Account paper desk · flatten/ }).waitFor();
    const status = await daemon.api('operator').risk.killSwitch.status.query();
    expect(status.engaged).toHaveLength(1);
    expect(status.engaged[0]).toMatchObject({ scope: 'account', accountId: rows.accountId, flatten: true });
    // Only the account's: the header's global switch stays off and counts the scoped one.
    const header = page.getByTestId('kill-switch');
    await expect
      .poll(() => header.textContent(), { timeout: 15_000 })
      .toContain('Kill switch: off (1 scoped on)');
    await page.getByRole('button', { name: 'Release Account paper desk' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Release' }).click();
    await page.getByText('none engaged').waitFor();
    expect((await daemon.api('operator').risk.killSwitch.status.query()).engaged).toEqual([]);
  });

  it('sizes a position from a stop', async () => {
    const { page } = operator;
    const form = page.getByRole('form', { name: 'Position size' });
    await form.getByLabel('Entry price (₹)').fill('500');
    await form.getByRole('button', { name: 'Size the position' }).click();
    expect(await form.getByRole('alert').allTextContents()).toEqual([
      'stopPrice: give a stop price or an ATR',
    ]);
    await form.getByLabel('Stop price (₹)').fill('490');
    await form.getByRole('button', { name: 'Size the position' }).click();
    // ₹10,000 at risk (1 % of ₹10 L) over ₹10 a share: 1,000 shares, ₹5 L.
    const result = form.getByTestId('sizing-result');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('Quantity1,000');
    expect(text).toContain('Position value₹5,00,000.00');
    expect(text).toContain('Limited byrisk');
  });

  it('passes the accessibility check and works 390 px wide', async () => {
    const { page } = operator;
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.reload();
      await page.getByRole('heading', { name: 'Limits in use' }).waitFor();
      await page.waitForLoadState('networkidle');
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
