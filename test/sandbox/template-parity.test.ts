// Each built-in template and its user-code copy (daemon/src/strategy-api/examples) give identical
// results on the same bars: the template run natively, the copy compiled and run in the sandbox.
// Trades, orders (with rejections and pending ones), cash, final value and statistics must match
// exactly — the sandbox runs the same engine, so any difference is a sandbox bug.
import { afterAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../daemon/src/core/bar';
import { runBacktest } from '../../daemon/src/engine/backtest';
import type { BacktestResult } from '../../daemon/src/engine/result';
import { runCodeBacktest } from '../../daemon/src/sandbox/code-backtest';
import { templateNames } from '../../daemon/src/strategies/index';
import { randomWalk } from '../fixtures/engine/bars';
import { compiled, exampleSource, testPool } from './support';

const pool = testPool();
afterAll(() => pool.close());

const CASES: {
  name: string;
  series: BarSeries;
  cash: number;
  costs: string;
  params?: Record<string, unknown>;
}[] = [
  {
    name: 'walk 1, ample cash',
    series: randomWalk(1500, 1, { symbol: 'AAA' }),
    cash: 1_000_000,
    costs: 'none',
  },
  {
    name: 'walk 2, tight cash, 0.1 % commission',
    series: randomWalk(1500, 7, { symbol: 'BBB' }),
    cash: 9_000,
    costs: 'percent:0.001',
  },
  {
    name: 'walk 3, Indian delivery costs',
    series: randomWalk(800, 99, { symbol: 'CCC' }),
    cash: 500_000,
    costs: 'india-delivery',
  },
];

function comparable(r: BacktestResult) {
  return {
    finalValue: r.finalValue,
    cash: r.cash,
    barsProcessed: r.barsProcessed,
    positions: r.positions,
    trades: r.trades.toArray(),
    orders: r.orders.toArray(),
    stats: r.stats,
    equity: { time: [...r.equity.time], value: [...r.equity.value] },
  };
}

describe('templates and their user-code copies', () => {
  for (const template of templateNames()) {
    it(`${template} trades identically in the sandbox`, async () => {
      const strategy = await compiled(exampleSource(template), `${template}.ts`);
      for (const c of CASES) {
        const spec = { strategy: template, params: c.params ?? {}, cash: c.cash, costs: c.costs };
        const bars = new Map([[c.series.symbol, c.series]]);
        const native = runBacktest(spec, bars);
        const sandboxed = await runCodeBacktest(pool, strategy, spec, bars);
        expect(comparable(sandboxed), `${template}, ${c.name}`).toEqual(comparable(native));
      }
    });
  }

  it('the cases exercise the templates: trades and cash rejections happen', async () => {
    const spec = {
      strategy: 'sma-cross',
      params: { size: 100 },
      cash: CASES[1]!.cash,
      costs: CASES[1]!.costs,
    };
    const bars = new Map([[CASES[1]!.series.symbol, CASES[1]!.series]]);
    const r = await runCodeBacktest(pool, await compiled(exampleSource('sma-cross')), spec, bars);
    expect(r.trades.length).toBeGreaterThan(5);
    expect(r.orders.toArray().some((o) => o.reason === 'insufficient_cash')).toBe(true);
  });
});
