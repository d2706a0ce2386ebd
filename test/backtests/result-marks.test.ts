// What a backtest's reader must see through the API (issue 15 §4): runs on synthetic data are
// marked in the list and on the run, India costs are the default, and the stats carry the
// rejected orders and the short-sample warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { storeBars } from '../../daemon/src/market/bar-store';
import { DAY, randomWalk } from '../fixtures/engine/bars';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let synthetic: Seeded;

beforeAll(async () => {
  t = await startTestDaemon();
  synthetic = await seedDailyBars(t.pool, 'MARKSYN', 200, { seed: 3 });
  // The same walk as real (imported) data.
  const series = randomWalk(200, 3, {
    symbol: 'MARKREAL',
    timeframe: '1d',
    start: istTime('2015-01-01', 9, 15),
    step: DAY,
  });
  await storeBars(t.pool, [{ symbol: 'MARKREAL', series, source: 'csv' }]);
});
afterAll(async () => {
  await t?.stop();
});

const run = (symbol: string, extra: Record<string, unknown> = {}) => ({
  template: 'sma-cross',
  params: { fast: 5, slow: 20 },
  universe: { symbols: [symbol], timeframe: '1d' },
  from: synthetic.from,
  to: synthetic.to,
  ...extra,
});

describe('backtest results that do not mislead', () => {
  it('marks runs on synthetic data in the list and on the run, and real data not', async () => {
    const api = t.api('operator');
    const syn = await api.backtests.submit.mutate(run('MARKSYN'));
    const real = await api.backtests.submit.mutate(run('MARKREAL'));
    const sweep = await api.backtests.sweep.mutate({ ...run('MARKSYN'), grid: { fast: [3, 5] } });
    for (const id of [syn.id, real.id, sweep.id])
      expect((await waitForStatus(t.pool, id, ['succeeded', 'failed'], 30_000)).status).toBe('succeeded');
    const list = await api.backtests.list.query({});
    const byId = new Map(list.items.map((b) => [b.id, b]));
    expect(byId.get(syn.id)!.synthetic).toBe(true);
    expect(byId.get(real.id)!.synthetic).toBe(false);
    expect(byId.get(sweep.id)!.synthetic).toBe(true);
    const children = await api.backtests.list.query({ parentId: sweep.id });
    expect(children.items.every((c) => c.synthetic)).toBe(true);
    expect((await api.backtests.get.query({ id: syn.id })).synthetic).toBe(true);
  });

  it('charges India costs unless told otherwise, and reports rejections and short samples', async () => {
    const api = t.api('operator');
    const india = await api.backtests.submit.mutate(run('MARKREAL'));
    const poor = await api.backtests.submit.mutate(run('MARKREAL', { cash: 1000, costs: { model: 'none' } }));
    const short = await api.backtests.submit.mutate(run('MARKREAL', { to: '2015-01-20' }));
    for (const id of [india.id, poor.id, short.id])
      expect((await waitForStatus(t.pool, id, ['succeeded', 'failed'], 30_000)).status).toBe('succeeded');
    const withCosts = await api.backtests.get.query({ id: india.id });
    expect((withCosts.spec as { costs: string }).costs).toBe('india');
    expect(Number(withCosts.totalCosts)).toBeGreaterThan(0);
    const rejected = (await api.backtests.get.query({ id: poor.id })).stats as {
      ordersRejected: number;
      warnings: string[];
    };
    expect(rejected.ordersRejected).toBeGreaterThan(0);
    expect(rejected.warnings).toContain(`${rejected.ordersRejected} orders rejected: insufficient cash`);
    const few = (await api.backtests.get.query({ id: short.id })).stats as { warnings: string[] };
    expect(few.warnings[0]).toMatch(/^statistics from \d+ return observations \(fewer than 30\)/);
  });
});
