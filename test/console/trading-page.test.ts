// The Trading page in a real browser on the real trading API: an operator starts a paper
// deployment made through the API, and its state moves live (the runner's transition arrives over
// trading.events without a reload); the deployment's book fills in live as the real ledger and
// paper venue write an order, its fill and the position (database triggers → bus → WebSocket); an
// order expands to its event timeline and its fill with charges; a refused signal shows the risk
// rule; the P&L curve gains a point from trading.pnl at the fill's time; a deployment created with the form; an operator cancels a working order; stopping a deployment that holds positions asks first. Then axe-core and a 390 px screen.
// The daemon runs without the trader role, so nothing but this test moves the deployment.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { pendingOperatorCancels, transitionDeployment } from '../../daemon/src/trading/index';
import { acquireLease, type Lease } from '../../daemon/src/trading/lease/lease-store';
import { createLedger, type Ledger } from '../../daemon/src/trading/ledger/ledger';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { tickOf } from '../trading/support/ledger-setup';
import { openPaperVenue, testClock, type TestClock } from '../trading/support/paper';
import {
  createBrokerAccount,
  createDeployment as seedStrategy,
  createInstrument,
  type TestInstrument,
} from '../trading/support/trading-fixtures';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let operator: WatchedPage;
let accountId: number;
let strategyId: number;
let instrument: TestInstrument;
let deploymentId: number;
let book: { ledger: Ledger; lease: Lease; venue: PaperVenue; clock: TestClock };

beforeAll(async () => {
  [daemon, browser] = await Promise.all([
    startTestDaemon({ config: { roles: ['api', 'worker', 'scheduler'] } }),
    launchBrowser(),
  ]);
  const owner = daemon.users.operator.id;
  accountId = await createBrokerAccount(daemon.pool, owner);
  strategyId = (await seedStrategy(daemon.pool, owner, accountId)).strategyId;
  instrument = await createInstrument(daemon.pool);
  await daemon.pool.query(
    `INSERT INTO bar_coverage (instrument_id, timeframe, first_ts, last_ts, bar_count, source)
     VALUES ($1, '1m', '2025-01-01T03:45:00Z', '2025-01-06T10:00:00Z', 1000, 'test')`,
    [instrument.id],
  );
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
}, 120_000);

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const deploymentsTable = () => operator.page.getByRole('table', { name: 'Deployments' });
const deploymentRow = () => deploymentsTable().getByRole('row', { name: /page trend/ });

describe('trading page', () => {
  it('starts a deployment made through the API, and follows its state live', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Trading' }).click();
    await deploymentsTable().waitFor(); // the fixture's deployment
    const created = await daemon.api('operator').deployments.create.mutate({
      name: 'page trend',
      strategyId,
      strategyVersion: 1,
      params: { fast: 5, slow: 20, size: 10 },
      symbols: [instrument.symbol],
      timeframe: '5m',
      product: 'INTRADAY',
      capital: '500000',
      brokerAccountId: accountId,
    });
    deploymentId = created.id;
    // deployment.changed (created) arrives over the WebSocket: no reload.
    await deploymentRow().getByText('stopped').waitFor({ timeout: 15_000 });
    await deploymentRow().getByRole('button', { name: 'Start page trend' }).click();
    await deploymentRow().getByText('starting').waitFor({ timeout: 15_000 });
    expect(await deploymentRow().getByRole('button').allTextContents()).toEqual(['Stop page trend']);
    // The runner's move, made elsewhere, shows up live.
    await transitionDeployment(daemon.pool, {
      deploymentId,
      from: ['starting'],
      to: 'running',
      actor: 'runner',
      daemonId: 'test-runner',
    });
    await deploymentRow().getByText('running').waitFor({ timeout: 15_000 });
    await deploymentRow().getByRole('button', { name: 'Pause page trend' }).click();
    await deploymentRow().getByText('paused').waitFor({ timeout: 15_000 });
    await deploymentRow().getByRole('button', { name: 'Resume page trend' }).click();
    await deploymentRow().getByText('running').waitFor({ timeout: 15_000 });
    const events = await daemon.api('operator').deployments.events.query({ id: deploymentId });
    expect(events.events.map((e) => `${e.actor}:${e.from}→${e.to}`)).toEqual([
      'user:paused→running',
      'user:running→paused',
      'runner:starting→running',
      'user:stopped→starting',
      'user:null→stopped',
    ]);
  });

  it('creates a deployment from the form, naming a bad field under it', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'New deployment' }).click();
    const form = page.getByRole('form', { name: 'New deployment' });
    await form.getByLabel('Name').fill('form trend');
    await form.getByLabel('Parameters').fill('{"fast": 3, "slow": 9, "size": 5}');
    await form.getByLabel('Symbols').fill(instrument.symbol);
    await form.getByLabel('Timeframe').selectOption('15m');
    await form.getByLabel('Capital (₹)').fill('lots');
    await form.getByRole('button', { name: 'Create (stopped)' }).click();
    await form
      .getByRole('alert')
      .getByText(/^capital: got "lots", expected/)
      .waitFor();
    await form.getByLabel('Capital (₹)').fill('300000');
    await form.getByRole('button', { name: 'Create (stopped)' }).click();
    await page.getByRole('heading', { name: /form trend/ }).waitFor();
    const [made] = (await daemon.api('operator').deployments.list.query()).deployments;
    expect(made).toMatchObject({
      name: 'form trend',
      status: 'stopped',
      strategyId,
      params: { fast: 3, slow: 9, size: 5 },
      timeframe: '15m',
      capital: '300000.00',
      brokerAccountId: accountId,
      riskProfileId: null, // the account's
    });
    expect(page.url()).toMatch(new RegExp(`#/trading/${made!.id}$`));
    expect(operator.failed).toEqual(['400 /trpc/deployments.create']);
    operator.failed.length = 0;
  });

  it('fills in the book live as the ledger writes an order, its fill and the position', async () => {
    const { page } = operator;
    await deploymentRow().getByRole('link', { name: 'page trend' }).click();
    await page.getByText('No open positions.').waitFor();
    await page.getByText('No orders.').waitFor();
    const points = async () =>
      Number((await page.getByTestId('pnl-points').textContent())?.split(' ')[0]) || 0;
    // No runner here: nothing has marked it yet.
    expect(await page.getByTestId('pnl-points').textContent()).toMatch(/^No P&L marks yet/);

    const clock = testClock(Date.UTC(2025, 0, 6, 4, 30));
    const venue = await openPaperVenue(
      daemon.pool,
      accountId,
      { startingCapital: 10_000_000, costModel: 'india' },
      { clock },
    );
    const lease = (await acquireLease(daemon.pool, { deploymentId, holder: 'test-runner', ttlMs: 600_000 }))!;
    const ledger = createLedger({ pool: daemon.pool, log: testLogger() });
    ledger.attach(venue);
    book = { ledger, lease, venue, clock };
    const refused = await ledger.recordRefusedSignal(
      deploymentId,
      instrument.id,
      { signalKey: 'bar-refused', barTime: clock.now, side: 'buy', qty: 100000, orderType: 'market' },
      'max_order_value',
    );
    await daemon.pool.query(
      `INSERT INTO risk_violations (owner_id, deployment_id, signal_id, rule, message)
       VALUES ($1, $2, $3, 'max_order_value', 'order value above 500000')`,
      [daemon.users.operator.id, deploymentId, refused],
    );
    await ledger.submitAndSend(
      lease,
      {
        clientOrderId: `page${process.pid}-1`,
        deploymentId,
        brokerAccountId: accountId,
        instrumentId: instrument.id,
        side: 'buy',
        qty: 10,
        orderType: 'MARKET',
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
        signal: {
          signalKey: 'bar-1',
          barTime: clock.now,
          side: 'buy',
          qty: 10,
          orderType: 'market',
          strategyId,
          strategyVersion: 1,
        },
      },
      venue,
    );
    clock.now += 60_000;
    await venue.onTick(tickOf(instrument, clock.now, 1234.55));

    const positions = page.getByRole('table', { name: 'Positions' });
    const position = positions.getByRole('row', { name: new RegExp(instrument.symbol) });
    await position.waitFor({ timeout: 15_000 });
    expect(await position.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining([`NSE:${instrument.symbol}`, '10', '1234.5500']),
    );
    const orders = page.getByRole('table', { name: 'Orders' });
    await orders.getByRole('row', { name: /10\/10/ }).waitFor({ timeout: 15_000 });
    expect(await orders.getByRole('row').nth(1).textContent()).toContain('filled');
    // The list's figures follow: one open position, P&L today negative by the charges.
    await deploymentRow().getByRole('cell', { name: '1', exact: true }).first().waitFor({ timeout: 15_000 });

    await orders.getByRole('button', { name: /#\d+/ }).click();
    const timeline = page.getByRole('list', { name: /Events of order/ });
    await timeline.waitFor();
    const steps = await timeline.getByRole('listitem').allTextContents();
    expect(steps.join('\n')).toMatch(/created[\s\S]*sent[\s\S]*fill/);
    // The broker's (here: the paper venue's) raw message of an event, on demand.
    const raw = timeline.getByRole('listitem').filter({ hasText: 'fill' }).first();
    await raw.getByText('Raw message').click();
    const message = JSON.parse((await raw.locator('pre').textContent())!) as Record<string, unknown>;
    expect(Object.keys(message).length).toBeGreaterThan(0);
    const fill = page
      .getByRole('table', { name: /Fills of order/ })
      .getByRole('row')
      .nth(1);
    expect(await fill.textContent()).toContain('₹12,345.50');
    expect(await fill.textContent()).toMatch(/stamp \d/);

    const signals = page.getByRole('table', { name: 'Signals' });
    const rejected = signals.getByRole('row', { name: /rejected/ });
    await rejected.waitFor({ timeout: 15_000 });
    expect(await rejected.textContent()).toContain('max_order_value: order value above 500000');
    expect(await signals.getByRole('row', { name: /accepted/ }).textContent()).toMatch(/order #\d+/);
    expect(await page.getByTestId('last-signal').textContent()).toContain('bar of 2025-01-06 10:00:00');

    // The P&L curve: trading.pnl sent the deployment's figures after the fill, a point at its time.
    await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('pnl-points').textContent()).toMatch(
      /last at 2025-01-06 10:01:00: .*net -₹/,
    );
    expect(
      await page
        .getByRole('img', { name: /P&L today and net P&L/ })
        .locator('canvas')
        .count(),
    ).toBe(1);
  });

  it("records an operator's cancel of a working order", async () => {
    const { page } = operator;
    const { ledger, lease, venue, clock } = book;
    const { order: working } = await ledger.submitAndSend(
      lease,
      {
        clientOrderId: `page${process.pid}-2`,
        deploymentId,
        brokerAccountId: accountId,
        instrumentId: instrument.id,
        side: 'buy',
        qty: 5,
        orderType: 'LIMIT',
        limitPrice: 1000,
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
        signal: {
          signalKey: 'bar-2',
          barTime: clock.now,
          side: 'buy',
          qty: 5,
          orderType: 'limit',
          limitPrice: 1000,
        },
      },
      venue,
    );
    const row = page
      .getByRole('table', { name: 'Orders' })
      .getByRole('row', { name: new RegExp(`#${working.id}`) });
    await row.getByText('open').waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: `Cancel order ${working.id}` }).click();
    await row.getByRole('status').getByText('cancel requested').waitFor();
    expect(await pendingOperatorCancels(daemon.pool, { deploymentId })).toEqual([working.id]);
    // What the runner holding the deployment does on hearing it; the page follows live.
    await ledger.cancel(lease, working.id, 'operator', venue);
    await row.getByText('cancelled (operator)').waitFor({ timeout: 15_000 });
    expect(await row.getByRole('button', { name: /Cancel order/ }).count()).toBe(0);
  });

  it('asks before stopping a deployment that holds positions', async () => {
    const { page } = operator;
    await deploymentRow().getByRole('button', { name: 'Stop page trend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop page trend?' });
    expect(await dialog.textContent()).toContain('1 open position(s)');
    await dialog.getByLabel('Reason (recorded)').fill('end of test');
    await dialog.getByRole('button', { name: 'Stop deployment' }).click();
    await deploymentRow().getByText('stopping').waitFor({ timeout: 15_000 });
    const [last] = (await daemon.api('operator').deployments.events.query({ id: deploymentId })).events;
    expect(last).toMatchObject({ from: 'running', to: 'stopping', reason: 'end of test' });
  });

  it('passes the accessibility check and works 390 px wide', async () => {
    const { page } = operator;
    await page.reload();
    await page.getByRole('table', { name: 'Orders' }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'New deployment' }).click();
    await page.getByRole('form', { name: 'New deployment' }).getByLabel('Name').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Close the form' }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await deploymentsTable().waitFor();
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
