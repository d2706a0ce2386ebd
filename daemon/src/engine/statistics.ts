// Performance statistics of one run, from the streaming equity summary (equity-recorder.ts) and
// the trade log (trade-stats.ts). docs/statistics.md gives every formula; B = bars per year.
import type { FillCosts } from '../core/fill';
import type { EquitySummary } from './equity-recorder';
import type { OrderLog } from './order-log';
import { countRejections, resultWarnings, type Rejections } from './result-warnings';
import type { TradeLog } from './trade-log';
import { tradeStats, type TradeStats } from './trade-stats';

export interface BacktestStats extends TradeStats {
  startTime: number;
  endTime: number;
  /** Recorded timesteps (bars of the trading window). */
  bars: number;
  initialCash: number;
  finalValue: number;
  totalReturn: number;
  /** (final / initial)^(B / bars) − 1. */
  cagr: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  /** CAGR / max drawdown. */
  calmar: number;
  /** Largest peak-to-trough fall as a positive fraction of the peak (0.25 = 25 %). */
  maxDrawdown: number;
  /** Longest time under a previous peak: bars, and from the peak's time to recovery (or the end). */
  maxDrawdownBars: number;
  maxDrawdownStart: number;
  maxDrawdownEnd: number;
  /** Share of bars with an open position. */
  exposure: number;
  /** Sum of |qty|·price over all fills, rupees. */
  tradedValue: number;
  /** Traded value / average equity: how many times the book turned over. */
  turnover: number;
  /** Costs of every fill by component, rupees (exact to the paisa). */
  costs: FillCosts;
  /** Buy-and-hold of the traded symbols (equal weight, from the first close). */
  benchmarkReturn: number;
  /** Annualised Jensen's alpha and beta of the bar returns against the benchmark. */
  alpha: number;
  beta: number;
  barsPerYear: number;
  riskFreeRate: number;
  /** Orders the broker refused, and how many for each reason (result-warnings.ts). */
  ordersRejected: number;
  rejections: Rejections;
  /** What a reader must know before trusting the figures: a short sample, rejected orders. */
  warnings: string[];
}

export interface StatsInput {
  equity: EquitySummary;
  trades: TradeLog;
  initialCash: number;
  finalValue: number;
  tradedValue: number;
  costs: FillCosts;
  barsPerYear: number;
  riskFreeRate: number;
  /** Every order of the run, for the rejection counts. */
  orders?: OrderLog;
}

/** The per-bar risk-free return equivalent to an annual rate. */
export function riskFreePerBar(annual: number, barsPerYear: number): number {
  return Math.pow(1 + annual, 1 / barsPerYear) - 1;
}

/**
 * Annualised Sharpe ratio of per-bar returns: (mean − rf) / std · √B, NaN without variance. The one
 * definition: single runs (computeStats) and stitched walk-forward results (walk-forward.ts) use it.
 */
export function sharpeRatio(
  e: Pick<EquitySummary, 'meanReturn' | 'stdReturn'>,
  rfPerBar: number,
  barsPerYear: number,
): number {
  return e.stdReturn > 0 ? ((e.meanReturn - rfPerBar) / e.stdReturn) * Math.sqrt(barsPerYear) : NaN;
}

export function computeStats(input: StatsInput): BacktestStats {
  const { equity: e, barsPerYear: B, initialCash } = input;
  const rf = riskFreePerBar(input.riskFreeRate, B);
  const root = Math.sqrt(B);
  const n = e.steps;
  const growth = e.finalEquity / initialCash;
  const cagr = n && growth > 0 ? Math.pow(growth, B / n) - 1 : NaN;
  const beta = e.benchmarkVariance > 0 ? e.covariance / e.benchmarkVariance : NaN;
  const rejections = countRejections(input.orders);
  return {
    startTime: e.startTime,
    endTime: e.endTime,
    bars: n,
    initialCash,
    finalValue: input.finalValue,
    totalReturn: input.finalValue / initialCash - 1,
    cagr,
    annualVolatility: e.stdReturn * root,
    sharpe: sharpeRatio(e, rf, B),
    sortino: e.downsideDeviation > 0 ? ((e.meanReturn - rf) / e.downsideDeviation) * root : NaN,
    calmar: e.maxDrawdown > 0 ? cagr / e.maxDrawdown : NaN,
    maxDrawdown: e.maxDrawdown,
    maxDrawdownBars: e.maxDrawdownBars,
    maxDrawdownStart: e.maxDrawdownStart,
    maxDrawdownEnd: e.maxDrawdownEnd,
    ...tradeStats(input.trades),
    exposure: n ? e.exposedSteps / n : NaN,
    tradedValue: input.tradedValue,
    turnover: n ? input.tradedValue / e.meanEquity : NaN,
    costs: input.costs,
    benchmarkReturn: e.benchmarkReturn,
    beta,
    alpha: (e.meanStrategyReturn - rf - beta * (e.meanBenchmarkReturn - rf)) * B,
    barsPerYear: B,
    riskFreeRate: input.riskFreeRate,
    ordersRejected: Object.values(rejections).reduce((a, b) => a + b, 0),
    rejections,
    // Each recorded bar is one return observation (the first against the initial cash).
    warnings: resultWarnings(n, rejections),
  };
}
