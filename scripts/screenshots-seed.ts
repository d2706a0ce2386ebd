// Demo data for `npm run screenshots`: synthetic bars (clearly named as such), a strategy, two
// backtests, a two-parameter sweep, a walk-forward run, notification channels and a token,
// created through the public API as an operator would.
// Returns the pages worth photographing once that data exists.
import type { Page } from 'playwright-core';
import { createClient } from '../daemon/src/api/client';
import type { Pool } from '../daemon/src/db/pool';
import { storeBars } from '../daemon/src/market/bar-store';
import { syntheticUniverse } from '../daemon/src/market/synthetic-universe';

export interface SeededShot {
  file: string;
  hash: string;
  ready: (page: Page) => Promise<unknown>;
  /** A phone's screen (390 px) instead of a desktop's. */
  phone?: boolean;
}

type Client = ReturnType<typeof createClient>;

async function finished(qt: Client, id: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const b = await qt.api.backtests.get.query({ id });
    if (['succeeded', 'failed', 'cancelled'].includes(b.status)) {
      if (b.status !== 'succeeded') throw new Error(`demo backtest ${id} ${b.status}: ${b.error ?? ''}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`demo backtest ${id} did not finish within 60 s`);
}

/**
 * `receiverUrl`: a local HTTP server that takes webhook posts (the script starts one), so the
 * notifications page shows a delivered test.
 */
export async function seedDemo(
  url: string,
  pool: Pool,
  admin: { email: string; password: string },
  receiverUrl: string,
): Promise<{ shots: SeededShot[] }> {
  await storeBars(
    pool,
    syntheticUniverse({
      symbols: 2,
      bars: 750,
      timeframe: '1d',
      startDate: '2022-01-03',
      seed: 42,
      prefix: 'DEMO',
    }),
  );
  // A gap for the market-data page's calendar strip to show.
  await pool.query(
    `DELETE FROM bars WHERE ts >= '2023-06-12T00:00:00+05:30' AND ts < '2023-06-15T00:00:00+05:30'
       AND instrument_id = (SELECT id FROM instruments WHERE symbol = 'DEMO1')`,
  );
  const anonymous = createClient({ url });
  const { token } = await anonymous.api.auth.login.mutate(admin);
  anonymous.close();
  const qt = createClient({ url, token });
  try {
    await qt.api.users.create.mutate({ email: 'analyst@example.com', role: 'viewer' });
    const strategy = await qt.api.strategies.create.mutate({
      name: 'DEMO1 SMA 10/30',
      template: 'sma-cross',
      params: { fast: 10, slow: 30, size: 50 },
      universe: { symbols: ['DEMO1'], timeframe: '1d' },
      costs: { model: 'india-delivery' },
    });
    const range = { strategyId: strategy.id, from: '2022-01-03', to: '2024-12-31' };
    const first = await qt.api.backtests.submit.mutate(range);
    const second = await qt.api.backtests.submit.mutate({
      ...range,
      strategyId: undefined,
      template: 'ema-cross',
      params: { fast: 8, slow: 40, size: 50 },
      universe: { symbols: ['DEMO1'], timeframe: '1d' },
    });
    const sweep = await qt.api.backtests.sweep.mutate({
      ...range,
      grid: { fast: [5, 10, 15, 20], slow: [30, 50, 80] },
      rankBy: 'sharpe',
    });
    const walk = await qt.api.backtests.walkForward.mutate({
      ...range,
      grid: { fast: [5, 10, 20], slow: [30, 50] },
      rankBy: 'sharpe',
      train: 250,
      test: 125,
    });
    await Promise.all([
      finished(qt, first.id),
      finished(qt, second.id),
      finished(qt, sweep.id),
      finished(qt, walk.id),
    ]);
    const hook = await qt.api.notifications.createChannel.mutate({
      name: 'ops webhook',
      target: { kind: 'webhook', url: receiverUrl },
      events: ['kill_switch', 'risk_denial', 'link', 'deployment_error'],
    });
    await qt.api.notifications.createChannel.mutate({
      name: 'my phone',
      target: {
        kind: 'telegram',
        chatId: '-1001234567890',
        botToken: '123456789:AAExampleTokenForScreenshotsOnly_x',
      },
      events: ['fill', 'eod_report'],
      enabled: false,
    });
    await qt.api.notifications.test.mutate({ id: hook.channel.id });
    await qt.api.tokens.create.mutate({ name: 'research notebook', expiresInDays: 90 });
    const chart = (p: Page) => p.locator('[data-testid="equity-chart"] canvas').waitFor();
    return {
      shots: [
        {
          file: 'strategies',
          hash: `strategies/${strategy.id}`,
          ready: (p) => p.getByRole('heading', { name: /Edit “/ }).waitFor(),
        },
        {
          file: 'backtests',
          hash: 'backtests',
          ready: (p) => p.getByRole('link', { name: `#${sweep.id}` }).waitFor(),
        },
        { file: 'backtest-results', hash: `backtests/${first.id}`, ready: chart },
        {
          file: 'backtest-compare',
          hash: `backtests/compare/${first.id},${second.id}`,
          ready: (p) => p.getByTestId('equity-overlay').waitFor(),
        },
        {
          file: 'backtest-walk-forward',
          hash: `backtests/${walk.id}`,
          ready: (p) => p.getByTestId('param-stability').waitFor(),
        },
        {
          file: 'market-data',
          hash: 'market/DEMO1/1d',
          ready: (p) => p.getByTestId('gap-list').waitFor(),
        },
        {
          file: 'notifications',
          hash: 'notifications',
          ready: (p) => p.getByRole('table', { name: 'Deliveries' }).getByText('delivered').first().waitFor(),
        },
        {
          file: 'users-and-tokens',
          hash: 'account',
          ready: (p) => p.getByRole('cell', { name: 'analyst@example.com', exact: true }).waitFor(),
        },
        {
          file: 'backtest-sweep',
          hash: `backtests/${sweep.id}`,
          ready: (p) => p.getByRole('heading', { name: /sharpe by/ }).waitFor(),
        },
      ],
    };
  } finally {
    qt.close();
  }
}
