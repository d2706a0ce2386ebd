// runBacktest: one whole backtest from a plain JSON spec and loaded bars. This is what the CLI and
// the job system call; it is pure (bars in, result out) and deterministic.
import type { BarSeries } from '../core/bar';
import { costModelByName } from '../costs/index';
import { validationError } from '../core/errors';
import { clientOrderIds } from '../core/order-id';
import { parseParams, requireTemplate, type AnyStrategy } from '../strategies/index';
import { normalizeSpec, type NormalizedBacktestSpec } from './backtest-spec';
import { setUpBacktest } from './backtest-setup';
import { Engine } from './engine';
import type { BacktestResult, OpenPosition } from './result';
import { runSingle, type RunHooks } from './run-series';
import { runTimeline } from './run-timeline';
import { simBroker } from './sim-broker';
import { parseSlippage } from './slippage';
import { computeStats, riskFreePerBar } from './statistics';
import { EquityRecorder } from './equity-recorder';
import { bookedRupees } from './booked-amount';

/** Runs a template strategy described by `spec` (see backtest-spec.ts) over `bars` (by symbol). */
export function runBacktest(
  spec: unknown,
  bars: ReadonlyMap<string, BarSeries>,
  hooks: RunHooks = {},
): BacktestResult {
  const normalized = normalizeSpec(spec);
  const template = requireTemplate(normalized.strategy);
  const params = parseParams(template, normalized.params);
  return runStrategy(template, params, normalized, bars, hooks);
}

/** Runs any strategy definition (templates or user code) with already-validated params. */
export function runStrategy(
  strategy: AnyStrategy,
  params: Record<string, unknown>,
  spec: NormalizedBacktestSpec,
  bars: ReadonlyMap<string, BarSeries>,
  hooks: RunHooks = {},
): BacktestResult {
  const setup = setUpBacktest(spec, bars);
  const slippage = parseSlippage(spec.slippage);
  if (!slippage)
    throw validationError([
      { path: 'slippage', value: spec.slippage, expected: 'none, ticks:<n> or bps:<n>' },
    ]);
  const engine = new Engine({
    symbols: setup.symbols,
    instruments: setup.instruments,
    strategy,
    params,
    initialCash: spec.cash,
    product: spec.product,
    broker: simBroker({
      instruments: setup.instruments,
      costs: costModelByName(spec.costs, { product: spec.product }),
      slippage,
      product: spec.product,
    }),
    orderIds: clientOrderIds({ prefix: 'bt', session: 0 }),
  });
  const expected = Math.max(...setup.windows.map((w) => w.end - w.tradeStart));
  const rf = riskFreePerBar(spec.riskFreeRate, setup.barsPerYear);
  const recorder = new EquityRecorder(spec.cash, rf, expected, spec.equityPoints);
  const processed =
    setup.series.length === 1
      ? runSingle(engine, setup.series[0]!, setup.windows[0]!, recorder, hooks)
      : runTimeline(engine, setup.series, setup.windows, setup.tradeFrom, recorder, hooks);
  engine.finish();
  const equity = recorder.finish();
  const portfolio = engine.portfolio;
  const finalValue = bookedRupees(portfolio.equity());
  const positions = openPositions(portfolio);
  const stats = computeStats({
    equity,
    trades: portfolio.trades,
    initialCash: spec.cash,
    finalValue,
    tradedValue: portfolio.turnover,
    costs: portfolio.costs.toBreakdown(),
    barsPerYear: setup.barsPerYear,
    riskFreeRate: spec.riskFreeRate,
    orders: engine.orderLog,
  });
  return {
    spec,
    symbols: setup.symbols,
    params,
    initialCash: spec.cash,
    finalValue,
    cash: portfolio.cash,
    positions,
    stats,
    equity: equity.curve,
    trades: portfolio.trades,
    orders: engine.orderLog,
    barsProcessed: processed,
  };
}

/** The positions still open at the end of a run, marked at their last price (backtest and paper alike). */
export function openPositions(portfolio: Engine['portfolio']): OpenPosition[] {
  const positions: OpenPosition[] = [];
  portfolio.positions.forEach((p, s) => {
    if (p.qty === 0) return;
    const open = portfolio.openTrade(s)!;
    positions.push({
      symbol: p.symbol,
      qty: p.qty,
      avgPrice: p.avgPrice,
      lastPrice: p.lastPrice,
      marketValue: bookedRupees(p.qty * p.lastPrice),
      unrealizedPnl: bookedRupees(p.qty * (p.lastPrice - p.avgPrice)),
      realizedPnl: open.pnl,
      costs: open.costs,
      entryTime: open.entryTime,
    });
  });
  return positions;
}
