// Every order type from user code follows docs/engine.md exactly as the engine does natively: one
// strategy module placing market, limit, stop, stop-limit, trailing-stop (amount and percent),
// bracket (offset, percent and trailing stop-losses) orders, cancels and closes, with shorts
// (intraday) and tick rounding, runs once in the sandbox and once natively — the same compiled
// module evaluated in this (trusted) test process — and every order, fill and trade must match.
import { afterAll, describe, expect, it } from 'vitest';
import { runStrategy } from '../../daemon/src/engine/backtest';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import type { BacktestResult } from '../../daemon/src/engine/result';
import { runCodeBacktest } from '../../daemon/src/sandbox/code-backtest';
import { parseParams } from '../../daemon/src/strategies/registry';
import * as strategyApi from '../../daemon/src/strategy-api/index';
import * as indicatorApi from '../../daemon/src/strategy-api/indicators';
import type { AnyStrategy } from '../../daemon/src/strategies/strategy';
import { makeSeries, randomWalk } from '../fixtures/engine/bars';
import { compiled, testPool } from './support';

const pool = testPool();
afterAll(() => pool.close());

const SOURCE = `import { defineStrategy, z } from 'quanttrade/strategy';
import { sma } from 'quanttrade/indicators';

export default defineStrategy({
  name: 'every-order',
  description: 'places one of each order type on a schedule',
  params: z.strictObject({ size: z.int().default(10) }),
  init(ctx) {
    return { avg: ctx.indicator(sma(5)), pending: [] as { cancelAt: number; order: ReturnType<typeof ctx.buyLimit> }[] };
  },
  onBar(ctx, state) {
    const i = ctx.index;
    const c = ctx.bar.close;
    const q = ctx.params.size;
    for (const p of state.pending) if (p.cancelAt === i && p.order.status === 'pending') ctx.cancel(p.order);
    switch (i % 40) {
      case 5: ctx.buy(q, 'market'); break;
      case 8: ctx.close('exit'); break;
      case 10: state.pending.push({ cancelAt: i + 6, order: ctx.buyLimit(q, c * 0.99 + 0.013) }); break;
      case 17: ctx.sellLimit(ctx.position.qty || q, c * 1.01 - 0.013); break;
      case 20: ctx.buyStop(q, c * 1.01 + 0.011); break;
      case 23: ctx.sellStop(Math.max(ctx.position.qty, q), c * 0.99 - 0.011); break;
      case 25: ctx.buyStopLimit(q, c * 1.005, c * 1.01); break;
      case 27: ctx.sellStopLimit(q, c * 0.995, c * 0.99); break;
      case 29: ctx.trailingStop('sell', q, { amount: 1.5 }); break;
      case 31: ctx.trailingStop('buy', q, { percent: 1 }); break;
      case 33: ctx.bracket({ side: 'buy', qty: q, stopLoss: { offset: 2 }, target: { percent: 2 } }); break;
      case 35: ctx.bracket({ side: 'sell', qty: q, limitPrice: c + 0.5, stopLoss: { trail: { percent: 1.5 } }, target: c - 3 }); break;
      case 37: ctx.order({ side: ctx.position.qty > 0 ? 'sell' : 'buy', qty: Math.abs(ctx.position.qty) || q, type: 'market', tag: 'flatten' }); break;
    }
    if (i % 13 === 0 && state.avg.value > c) ctx.close();
  },
});
`;

/** The same compiled module, evaluated natively: trusted test code, for the reference run. */
function nativeDefinition(js: string): AnyStrategy {
  const module = { exports: {} as { default?: AnyStrategy } };
  const modules: Record<string, unknown> = {
    'quanttrade/strategy': strategyApi,
    'quanttrade/indicators': indicatorApi,
  };
  new Function('require', 'module', 'exports', js)((name: string) => modules[name], module, module.exports);
  return module.exports.default!;
}

function comparable(r: BacktestResult) {
  return {
    orders: r.orders.toArray(),
    trades: r.trades.toArray(),
    cash: r.cash,
    finalValue: r.finalValue,
    positions: r.positions,
  };
}

describe('order types from user code', () => {
  const cases = [
    {
      name: 'delivery, daily walk',
      series: randomWalk(600, 21, { symbol: 'ORD' }),
      product: 'delivery' as const,
      costs: 'india-delivery',
    },
    {
      name: 'intraday shorts with square-off, minute bars',
      series: randomWalk(900, 4, { symbol: 'INTRA', timeframe: '1m', step: 60_000 }),
      product: 'intraday' as const,
      costs: 'percent:0.0005',
    },
    {
      name: 'gaps through every level',
      series: makeSeries(
        Array.from({ length: 240 }, (_, i) => {
          const base = 100 + 8 * Math.sin(i / 3);
          return [base + (i % 7 === 0 ? 4 : 0), base + 3, base - 3, base + 1] as const;
        }),
        { symbol: 'GAP' },
      ),
      product: 'delivery' as const,
      costs: 'none',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: identical orders, fills and trades`, async () => {
      const strategy = await compiled(SOURCE, 'every-order.ts');
      const spec = {
        strategy: 'every-order',
        params: {},
        cash: 500_000,
        costs: c.costs,
        product: c.product,
        slippage: 'ticks:1',
      };
      const bars = new Map([[c.series.symbol, c.series]]);
      const sandboxed = await runCodeBacktest(pool, strategy, spec, bars);
      const definition = nativeDefinition(strategy.compiled.code.js);
      const normalized = normalizeSpec(spec);
      const native = runStrategy(definition, parseParams(definition, normalized.params), normalized, bars);
      const types = new Set(sandboxed.orders.toArray().map((o) => o.type));
      expect([...types].sort()).toEqual(['limit', 'market', 'stop', 'stop-limit', 'trailing-stop']);
      const statuses = new Set(sandboxed.orders.toArray().map((o) => o.status));
      expect(statuses.has('filled') && statuses.has('cancelled')).toBe(true);
      expect(comparable(sandboxed)).toEqual(comparable(native));
    });
  }
});
