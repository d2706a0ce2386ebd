// Strategies and backtests in a real browser against a real daemon (queue, worker threads,
// engine) on synthetic bars: create a strategy from a template with inline validation, run a
// backtest and watch its equity chart draw, compare two runs, sweep two parameters.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeBars } from '../../daemon/src/market/bar-store';
import { syntheticUniverse } from '../../daemon/src/market/synthetic-universe';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import {
  launchBrowser,
  openPage,
  paintedPixels,
  screenshotOnFailure,
  signIn,
  type WatchedPage,
} from './support/browser';

let daemon: TestDaemon;
let browser: Browser;
let operator: WatchedPage;
let strategyId: number;
let firstRun: number;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  await storeBars(
    daemon.pool,
    syntheticUniverse({
      symbols: 1,
      bars: 500,
      timeframe: '1d',
      startDate: '2023-01-02',
      seed: 11,
      prefix: 'SYN',
    }),
  );
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
});

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe('strategies', () => {
  it('creates a strategy from a template, with inline validation messages', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Strategies' }).click();
    await page.getByRole('link', { name: 'New strategy from sma-cross' }).click();
    await page.getByLabel('Name', { exact: true }).fill('SYN1 trend');
    const fast = page.getByLabel('Fast', { exact: true });
    expect(await fast.inputValue()).toBe('10');
    await fast.fill('0');
    await expect
      .poll(() => page.locator('#field-params-fast-error').textContent())
      .toBe('params.fast: got 0, expected an integer ≥ 1');
    expect(await fast.getAttribute('aria-invalid')).toBe('true');
    await fast.fill('5');
    await page.getByLabel('Slow', { exact: true }).fill('20');
    await expect.poll(() => page.locator('#field-params-fast-error').count()).toBe(0);
    await page.getByLabel('Symbols').fill('SYN1');
    await page.getByLabel('Cost model').selectOption('none');
    await page.getByRole('button', { name: 'Create strategy' }).click();
    await page.getByRole('heading', { name: 'Edit “SYN1 trend” (version 1)' }).waitFor();
    strategyId = Number(page.url().split('/').pop());
    expect(strategyId).toBeGreaterThan(0);
  });

  it('shows the daemon’s refusal under the field it names, then saves a new version', async () => {
    const { page } = operator;
    // Both name one instrument: only the daemon knows (it resolves exchange prefixes).
    await page.getByLabel('Symbols').fill('SYN1, NSE:SYN1');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe(
        'universe.symbols[1]: got "NSE:SYN1", expected a symbol not already listed (as universe.symbols[0])',
      );
    await page.getByLabel('Symbols').fill('SYN1');
    await page.getByLabel('Slow', { exact: true }).fill('25');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('heading', { name: 'Edit “SYN1 trend” (version 2)' }).waitFor();
  });
});

describe('backtests', () => {
  it('submits a backtest, follows it, and draws its equity chart', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Backtests' }).click();
    // The previous page's links also match "Strategy" until the Backtests page has rendered.
    await page.getByRole('heading', { name: 'Backtests', level: 1 }).waitFor();
    await page.getByLabel('Strategy').selectOption(String(strategyId));
    await page.getByLabel('From').fill('2023-01-02');
    await page.getByLabel('To (inclusive)').fill('2024-12-31');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByRole('heading', { name: /Backtest #\d+/ }).waitFor();
    firstRun = Number(page.url().split('/').pop());
    await page.getByRole('heading', { name: /succeeded/ }).waitFor({ timeout: 30_000 });
    const equity = '[data-testid="equity-chart"] canvas';
    await expect.poll(() => paintedPixels(page, equity), { timeout: 10_000 }).toBeGreaterThan(500);
    await expect.poll(() => paintedPixels(page, '[aria-label^="Drawdown"] canvas')).toBeGreaterThan(100);
    await page.getByRole('heading', { name: 'SYN1: price and trades' }).waitFor();
    // SYN1 holds synthetic bars: the chart says so, and the run's notices with the cost model.
    await page.getByTestId('price-chart-note').getByText('synthetic data').waitFor();
    const notices = page.getByRole('region', { name: 'Notices' });
    await notices.getByText("this run's bars are generated, not market prices").waitFor();
    await notices.getByText('Cost model: none: no costs').waitFor(); // the strategy chose none
    await expect.poll(() => paintedPixels(page, '[data-testid="price-chart"] canvas')).toBeGreaterThan(500);
    const markers = page.locator('[data-testid="price-chart"] .u-legend');
    // Candlesticks with volume: the legend reads open, high, low, close and volume.
    expect(await markers.textContent()).toMatch(/Open.*High.*Low.*Close.*Volume.*Buy.*Sell/);
    // The equity chart carries the buy-and-hold benchmark as its second line.
    expect(await page.locator('[data-testid="equity-chart"] .u-legend').textContent()).toMatch(
      /Equity.*Buy and hold/,
    );
    const stats = page.getByRole('region', { name: 'Statistics' });
    await stats.getByRole('rowheader', { name: 'Total return' }).waitFor();
    expect(await stats.getByRole('row', { name: /^Trades/ }).textContent()).toMatch(/^Trades\d+$/);
    await page.getByRole('heading', { name: /^Trades \(\d+\)/ }).waitFor();
    // Downloads: the trades as CSV, fetched with the session's token.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Trades (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`backtest-${firstRun}-trades.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'seq,symbol,side,qty,entry_time,entry_price,exit_time,exit_price,pnl,net_pnl,costs',
    );
    expect(csv.split('\n')[1]).toMatch(/^0,SYN1,long,/);
  });

  it('lists backtests with strategy, symbols, period, submission and duration, filtered and paged', async () => {
    const { page } = operator;
    await page.goto(`${daemon.url}/#/backtests`);
    const table = page.getByRole('table', { name: 'Backtests' });
    const row = table.getByRole('row', { name: new RegExp(`#${firstRun}\\b`) });
    await expect
      .poll(() => row.textContent())
      .toMatch(
        /SYN1 trend v2.*SYN1 1d.*2023-01-02 – 2024-12-31.*20\d\d-\d\d-\d\d \d\d:\d\d:\d\d.*\d+ s.*succeeded/,
      );
    expect(await row.textContent()).toContain('synthetic');
    await page.getByLabel('Data').selectOption('market');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(0);
    await page.getByLabel('Data').selectOption('');
    await page.getByLabel('Symbol', { exact: true }).fill('SYN1');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
  });

  it('overlays two backtests’ equity curves', async () => {
    const { page } = operator;
    const second = await daemon.api('operator').backtests.submit.mutate({
      template: 'sma-cross',
      params: { fast: 10, slow: 40, size: 10 },
      universe: { symbols: ['SYN1'], timeframe: '1d' },
      from: '2023-01-02',
      to: '2024-12-31',
    });
    await page.goto(`${daemon.url}/#/backtests`);
    // Runs on synthetic bars are marked in the list.
    await page.getByRole('row', { name: new RegExp(`#${second.id} synthetic`) }).waitFor();
    const box = page.getByLabel(`Compare backtest ${second.id}`);
    await expect
      .poll(async () => (await box.isEnabled().catch(() => false)) as boolean, { timeout: 30_000 })
      .toBe(true);
    await box.check();
    await page.getByLabel(`Compare backtest ${firstRun}`).check();
    await page.getByRole('button', { name: 'Compare 2 selected' }).click();
    await page.getByRole('heading', { name: 'Compare backtests' }).waitFor();
    await expect
      .poll(() => paintedPixels(page, '[data-testid="equity-overlay"] canvas'), { timeout: 10_000 })
      .toBeGreaterThan(500);
  });

  it('sweeps two parameters and maps the results as a heatmap', async () => {
    const { page } = operator;
    await page.goto(`${daemon.url}/#/backtests`);
    await page.reload();
    await page.getByLabel('Strategy').selectOption(String(strategyId));
    await page.getByLabel('From').fill('2023-01-02');
    await page.getByLabel('To (inclusive)').fill('2024-12-31');
    await page.getByLabel('Kind of run').selectOption('sweep');
    await page.getByLabel('Across (x)').selectOption('fast');
    await page.locator('#sweep-values-0').fill('5, 10');
    await page.getByLabel('Down (y)').selectOption('slow');
    await page.locator('#sweep-values-1').fill('20, x');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect
      .poll(() => page.locator('#sweep-values-1-error').textContent())
      .toBe('grid.slow: got "x", expected numbers separated by commas');
    await page.locator('#sweep-values-1').fill('20, 40');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByRole('heading', { name: 'sharpe by fast and slow' }).waitFor({ timeout: 30_000 });
    const cells = page
      .getByRole('table', { name: /sharpe by slow \(rows\) and fast \(columns\)/ })
      .locator('td');
    await expect.poll(() => cells.locator('button').count(), { timeout: 30_000 }).toBe(4);
    // A legend says what the colours mean; a loss is never green.
    expect(await page.locator('.heat-legend figcaption').textContent()).toContain('(break-even)');
    const colours = await cells.evaluateAll((tds) =>
      tds.map((td) => [td.textContent, (td as HTMLElement).style.background] as const),
    );
    for (const [text, background] of colours)
      if (text && Number.parseFloat(text) < 0) expect(background).not.toMatch(/hsl\(130/);
    // Two runs of the sweep side by side.
    await page
      .getByLabel(/^Compare run \d+$/)
      .nth(0)
      .check();
    await page
      .getByLabel(/^Compare run \d+$/)
      .nth(1)
      .check();
    await page.getByRole('button', { name: 'Compare 2 selected' }).click();
    await page.getByRole('heading', { name: 'Compare backtests' }).waitFor();
    await expect
      .poll(() => paintedPixels(page, '[data-testid="equity-overlay"] canvas'), { timeout: 10_000 })
      .toBeGreaterThan(500);
  });

  it('submits a walk-forward run and shows its folds, stitched out-of-sample curve and stability', async () => {
    const { page } = operator;
    await page.goto(`${daemon.url}/#/backtests`);
    await page.reload();
    await page.getByLabel('Strategy').selectOption(String(strategyId));
    await page.getByLabel('From').fill('2023-01-02');
    await page.getByLabel('To (inclusive)').fill('2024-12-31');
    await page.getByLabel('Kind of run').selectOption('walk-forward');
    await page.getByLabel('Across (x)').selectOption('fast');
    await page.locator('#sweep-values-0').fill('5, 10');
    await page.getByLabel('Down (y)').selectOption('slow');
    await page.locator('#sweep-values-1').fill('30');
    await page.getByLabel('Train: bars optimised on').fill('x');
    await page.getByRole('button', { name: 'Run walk-forward' }).click();
    await expect
      .poll(() => page.locator('#run-train-error').textContent())
      .toBe('train: got "x", expected a whole number of bars ≥ 2');
    await page.getByLabel('Train: bars optimised on').fill('200');
    await page.getByLabel('Test: bars traded with the best parameters').fill('100');
    await page.getByRole('button', { name: 'Run walk-forward' }).click();
    await page.getByRole('heading', { name: /Backtest #\d+/ }).waitFor();
    await page.getByRole('heading', { name: /succeeded/ }).waitFor({ timeout: 60_000 });
    const folds = page.getByRole('table', { name: 'Walk-forward folds' });
    await expect.poll(() => folds.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    const first = await folds.locator('tbody tr').first().textContent();
    expect(first).toMatch(
      /^1\d{4}-\d\d-\d\d – .*fast (5|10), slow 30.*%.*2\/2 in sample · best #\d+ · test #\d+/,
    );
    await page.getByRole('heading', { name: 'Out of sample, all folds' }).waitFor();
    await page.getByRole('heading', { name: 'Out-of-sample equity (test windows chained)' }).waitFor();
    await expect
      .poll(() => paintedPixels(page, '[data-testid="equity-chart"] canvas'), { timeout: 10_000 })
      .toBeGreaterThan(500);
    const stability = page.getByTestId('param-stability');
    expect(await stability.getByRole('heading', { name: /^fast/ }).textContent()).toMatch(
      /steady|changed \d×/,
    );
    // No heatmap: folds do not overwrite each other in one grid.
    expect(await page.locator('table.heatmap').count()).toBe(0);
  });

  it('logged no console errors; the only failed request was the refusal provoked above', () => {
    expect(operator.errors).toEqual([]);
    expect(operator.failed).toEqual(['400 /trpc/strategies.update']);
  });
});
