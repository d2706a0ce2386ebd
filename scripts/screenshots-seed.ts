// Demo data for `npm run screenshots`: synthetic bars (clearly named as such), a strategy, two
// backtests and a two-parameter sweep, created through the public API as an operator would.
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

export async function seedDemo(
  url: string,
  pool: Pool,
  admin: { email: string; password: string },
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
    await Promise.all([finished(qt, first.id), finished(qt, second.id), finished(qt, sweep.id)]);
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
