// Issue 14's live Trading page test: a paper deployment on the synthetic feed, run by the real
// runner of a test daemon with the trader role, changes the positions table and the P&L chart in
// the browser within 2 s of the position change stored in the database — without a reload. The
// runner's clock is a simulated session (a market minute per wall second from 15:00 IST), so it
// trades whatever the hour the test runs: sma-cross 1/2 on 1-minute bars of DEMOBANK crosses
// within a few bars. The list shows the last bar and last signal as they arrive; when the
// session closes (15:30 on the runner's clock) the EOD report appears on the deployment page.
//
// How the 2 s is measured: a MutationObserver in the page stamps (Date.now()) every change of
// the positions table and of the chart's last-point line; the database stamps the first fill
// (created_at: the start of the transaction that books the fill and the position, earlier than
// its commit, so the measured delay is if anything longer than the real one). Both clocks are
// this machine's.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { istTime } from '../../daemon/src/core/time';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { storeSessions } from '../trading/support/runner-bars';
import { axeViolations } from './support/axe';
import { launchBrowser, openPage, screenshotOnFailure, signIn, type WatchedPage } from './support/browser';

const SYMBOL = 'DEMOBANK';
const DAY = '2025-01-09';
let daemon: TestDaemon;
let browser: Browser;
let operator: WatchedPage;
let deploymentId: number;

beforeAll(async () => {
  expect(nseCalendar.sessionAt(istTime(DAY, 10))).toBeDefined();
  [daemon, browser] = await Promise.all([
    startTestDaemon({
      config: {
        roles: ['api', 'worker', 'scheduler', 'trader'],
        tradingClock: { start: istTime(DAY, 15, 0), speed: 60 },
      },
    }),
    launchBrowser(),
  ]);
  // Warm-up history: the three sessions before.
  await storeSessions(daemon.pool, [SYMBOL], ['2025-01-06', '2025-01-07', '2025-01-08'], 5);
  const deployment = await createPaperDeployment(daemon.pool, {
    ownerId: daemon.users.operator.id,
    name: 'live demo',
    template: 'sma-cross',
    params: { fast: 1, slow: 2, size: 5 },
    symbols: [SYMBOL],
    timeframe: '1m',
    product: 'CNC',
    capital: 1_000_000,
    costModel: 'india',
    slippage: 'none',
  });
  deploymentId = deployment.id;
  operator = await openPage(browser);
  await signIn(operator.page, daemon.url, daemon.users.operator.email, daemon.users.operator.password);
}, 120_000);

beforeEach((context) => screenshotOnFailure(operator.page, context.task.name));

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const istText = (iso: string) =>
  new Date(Date.parse(iso) + 5.5 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

const row = () =>
  operator.page.getByRole('table', { name: 'Deployments' }).getByRole('row', { name: /live demo/ });

/** Stamps each change of the positions table and of the chart's last-point line. */
function watchPage(): Promise<void> {
  return operator.page.evaluate(() => {
    const w = window as unknown as {
      changes: { t: number; what: string; text: string }[];
      notReloaded: boolean;
    };
    w.changes = [];
    w.notReloaded = true;
    const last: Record<string, string> = {};
    const look = () => {
      const t = Date.now();
      const positions = document.querySelector('table[aria-label="Positions"] tbody')?.textContent ?? '';
      const pnl = document.querySelector('[data-testid="pnl-points"]')?.textContent ?? '';
      for (const [what, text] of [
        ['positions', positions],
        ['pnl', pnl],
      ] as const)
        if (last[what] !== text) {
          last[what] = text;
          w.changes.push({ t, what, text });
        }
    };
    look();
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

describe('trading page, live on the synthetic feed', () => {
  it('starts the deployment; the runner runs it and the list shows its last bar', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Trading' }).click();
    await row().getByRole('link', { name: 'live demo' }).click();
    await page.getByText('No open positions.').waitFor();
    await watchPage();
    await row().getByRole('button', { name: 'Start live demo' }).click();
    await row().getByText('running').waitFor({ timeout: 30_000 });
    // Bars arrive (a market minute a second): the last bar column fills in live.
    await row()
      .getByRole('cell', { name: new RegExp(`^${DAY} 1[45]:\\d\\d:00$`) })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('changes the positions table and the P&L chart within 2 s of the stored position change, without a reload', async () => {
    const { page } = operator;
    // The first fill books the position in its transaction: its created_at is when that
    // transaction began, at or before the position was stored.
    let first: { stored: Date; qty: string } | undefined;
    await expect
      .poll(
        async () => {
          const r = await daemon.pool.query<{ stored: Date; qty: string }>(
            `SELECT f.created_at AS stored, f.qty::text AS qty FROM fills f JOIN orders o ON o.id = f.order_id
              WHERE o.deployment_id = $1 ORDER BY f.id LIMIT 1`,
            [deploymentId],
          );
          first = r.rows[0];
          return first !== undefined;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
    const stored = first!.stored.getTime();
    type Change = { t: number; what: string; text: string };
    const changes = () => page.evaluate(() => (window as unknown as { changes: Change[] }).changes);
    // The table shows the position; the chart's last point carries its charges (net P&L below 0
    // the moment a CNC buy fills), stamped after the fill.
    const shown = (c: Change[]) => ({
      positions: c.find((x) => x.what === 'positions' && x.text.includes(`NSE:${SYMBOL}${first!.qty}`)),
      pnl: c.find((x) => x.what === 'pnl' && x.t >= stored - 1000 && /net -₹/.test(x.text)),
    });
    await expect
      .poll(async () => Object.values(shown(await changes())).every(Boolean), { timeout: 15_000 })
      .toBe(true);
    const seen = shown(await changes());
    expect(seen.positions!.t - stored).toBeLessThan(2000);
    expect(seen.pnl!.t - stored).toBeLessThan(2000);
    // Nothing before the fill: the table was empty and every point of the chart at ₹0.00.
    expect((await changes()).filter((x) => x.t < stored && /net -₹/.test(x.text))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    // The chart is drawn from the session's stored marks: its first point is before the fill.
    const text = (await page.getByTestId('pnl-points').textContent())!;
    const from = /from (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(text)?.[1];
    expect(from?.startsWith(DAY)).toBe(true);
    // The last signal shows in the list too (the bar it was made on).
    const listed = async () => {
      const d = (await daemon.api('operator').deployments.list.query()).deployments[0]!;
      const cells = await row().getByRole('cell').allTextContents();
      return d.lastSignalAt !== null && cells.includes(istText(d.lastSignalAt));
    };
    await expect.poll(listed, { timeout: 15_000 }).toBe(true);
  });

  it('shows the P&L curve from the session start after a reload, the EOD report once the session closes, and a drift report', async () => {
    const { page } = operator;
    await page.reload();
    const points = page.getByTestId('pnl-points');
    const stored = await daemon.api('operator').trading.pnlMarks.query({ deploymentId });
    expect(stored.day).toBe(DAY);
    expect(stored.marks.length).toBeGreaterThan(1);
    // Every mark stored before the reload is drawn again, from the first one on.
    const first = istText(stored.marks[0]!.at);
    await points.getByText(`from ${first}`, { exact: false }).waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => Number((await points.textContent())!.split(' ')[0]), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(stored.marks.length);
    // 15:30 on the runner's clock: the runner saves the day's report, announced on
    // trading.events: it lists without a reload.
    const reports = page.getByRole('table', { name: 'End-of-day reports' });
    await reports.waitFor({ timeout: 60_000 });
    await reports.getByRole('button', { name: DAY }).click();
    const report = page.getByRole('region', { name: `End-of-day report ${DAY}` });
    await report.getByText(/Orders: \d+ \(\d+ filled/).waitFor();
    expect(
      await report
        .getByRole('table', { name: `Trades of ${DAY}` })
        .getByRole('row')
        .count(),
    ).toBeGreaterThan(1);
  }, 120_000);

  it('passes the accessibility check and works 390 px wide', async () => {
    const { page } = operator;
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await row().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('logged no console errors', () => {
    expect(operator.errors).toEqual([]);
    expect(operator.failed).toEqual([]);
  });
});
