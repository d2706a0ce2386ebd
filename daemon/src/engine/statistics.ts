// Performance statistics of one run: the equity curve's (equity-stats.ts), the closed trades'
// (trade-stats.ts), and the run-level figures below. docs/statistics.md gives every formula.
import type { FillCosts } from '../core/fill';
import type { Trade } from '../core/position';
import { benchmarkStats, equityStats, type EquityStats } from './equity-stats';
import type { RunOutput } from './run-series';
import { tradeStats, type TradeStats } from './trade-stats';

export interface BacktestStats extends EquityStats, TradeStats {
  startTime: number;
  endTime: number;
  /** Recorded timesteps (bars of the trading window). */
  bars: number;
  initialCash: number;
  finalValue: number;
  /** Share of bars with an open position. */
  exposure: number;
  /** Sum of |qty|·price over all fills, rupees. */
  tradedValue: number;
  /** Traded value / average equity: how many times the book turned over. */
  turnover: number;
  /** Costs of every fill by component, rupees (exact to the paisa). */
  costs: FillCosts;
  /** Buy-and-hold of the traded symbols (equal weight, from the first close): return, alpha, beta. */
  benchmarkReturn: number;
  alpha: number;
  beta: number;
  barsPerYear: number;
  riskFreeRate: number;
}

export interface StatsInput {
  run: RunOutput;
  trades: readonly Trade[];
  initialCash: number;
  finalValue: number;
  tradedValue: number;
  costs: FillCosts;
  barsPerYear: number;
  riskFreeRate: number;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length ? sum / values.length : NaN;
}

export function computeStats(input: StatsInput): BacktestStats {
  const { run, barsPerYear, riskFreeRate } = input;
  const n = run.equity.length;
  return {
    startTime: n ? run.times[0]! : NaN,
    endTime: n ? run.times[n - 1]! : NaN,
    bars: n,
    initialCash: input.initialCash,
    finalValue: input.finalValue,
    ...equityStats(run.equity, run.times, input.initialCash, barsPerYear, riskFreeRate),
    ...tradeStats(input.trades),
    exposure: n ? run.exposedSteps / n : NaN,
    tradedValue: input.tradedValue,
    turnover: n ? input.tradedValue / mean(run.equity) : NaN,
    costs: input.costs,
    ...benchmarkStats(run.equity, run.benchmark, barsPerYear, riskFreeRate),
    barsPerYear,
    riskFreeRate,
  };
}
