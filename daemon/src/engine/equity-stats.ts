// Statistics of an equity curve. Formulas are documented in docs/statistics.md; in short:
//   r_i = E_i / E_{i−1} − 1 per recorded bar, with E_{−1} = initial cash;
//   annualisation by B = bars per year of the timeframe; volatility uses the sample deviation.
// Two streaming passes over the curve, no per-bar arrays.

export interface EquityStats {
  totalReturn: number;
  cagr: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  /** Largest peak-to-trough fall as a positive fraction of the peak (0.25 = 25 %). */
  maxDrawdown: number;
  /** Longest time under a previous peak, in bars and from the peak's time to recovery (or end). */
  maxDrawdownBars: number;
  maxDrawdownStart: number;
  maxDrawdownEnd: number;
}

/** Mean and sample standard deviation of the bar returns. */
function returnMoments(equity: Float64Array, initial: number): { mean: number; std: number } {
  const n = equity.length;
  let prev = initial;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += equity[i]! / prev - 1;
    prev = equity[i]!;
  }
  const mean = sum / n;
  prev = initial;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = equity[i]! / prev - 1 - mean;
    sq += d * d;
    prev = equity[i]!;
  }
  return { mean, std: n > 1 ? Math.sqrt(sq / (n - 1)) : NaN };
}

function downsideDeviation(equity: Float64Array, initial: number, target: number): number {
  let prev = initial;
  let sq = 0;
  for (let i = 0; i < equity.length; i++) {
    const d = Math.min(equity[i]! / prev - 1 - target, 0);
    sq += d * d;
    prev = equity[i]!;
  }
  return Math.sqrt(sq / equity.length);
}

function drawdown(equity: Float64Array, times: Float64Array, initial: number) {
  let peak = initial;
  let peakTime = times.length ? times[0]! : NaN;
  let max = 0;
  let run = 0;
  let best = { bars: 0, start: NaN, end: NaN };
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      peak = e;
      peakTime = times[i]!;
      run = 0;
      continue;
    }
    max = Math.max(max, 1 - e / peak);
    run++;
    if (run > best.bars) best = { bars: run, start: peakTime, end: times[i]! };
  }
  return { max, ...best };
}

export function equityStats(
  equity: Float64Array,
  times: Float64Array,
  initial: number,
  barsPerYear: number,
  riskFreeRate: number,
): EquityStats {
  const n = equity.length;
  const final = n ? equity[n - 1]! : initial;
  const totalReturn = final / initial - 1;
  const years = n / barsPerYear;
  const cagr = n && final > 0 ? Math.pow(final / initial, 1 / years) - 1 : NaN;
  const { mean, std } = returnMoments(equity, initial);
  const rfBar = Math.pow(1 + riskFreeRate, 1 / barsPerYear) - 1;
  const annualiser = Math.sqrt(barsPerYear);
  const downside = downsideDeviation(equity, initial, rfBar);
  const dd = drawdown(equity, times, initial);
  return {
    totalReturn,
    cagr,
    annualVolatility: std * annualiser,
    sharpe: std > 0 ? ((mean - rfBar) / std) * annualiser : NaN,
    sortino: downside > 0 ? ((mean - rfBar) / downside) * annualiser : NaN,
    calmar: dd.max > 0 ? cagr / dd.max : NaN,
    maxDrawdown: dd.max,
    maxDrawdownBars: dd.bars,
    maxDrawdownStart: dd.start,
    maxDrawdownEnd: dd.end,
  };
}

/**
 * Buy-and-hold benchmark over the same bars: its return, and the strategy's beta and annualised
 * (Jensen) alpha against it from bar returns i ≥ 1 (the benchmark has no return for bar 0).
 */
export function benchmarkStats(
  equity: Float64Array,
  benchmark: Float64Array,
  barsPerYear: number,
  riskFreeRate: number,
): { benchmarkReturn: number; alpha: number; beta: number } {
  const n = Math.min(equity.length, benchmark.length);
  if (n < 2) return { benchmarkReturn: NaN, alpha: NaN, beta: NaN };
  let ss = 0;
  let sb = 0;
  for (let i = 1; i < n; i++) {
    ss += equity[i]! / equity[i - 1]! - 1;
    sb += benchmark[i]! / benchmark[i - 1]! - 1;
  }
  const ms = ss / (n - 1);
  const mb = sb / (n - 1);
  let cov = 0;
  let varB = 0;
  for (let i = 1; i < n; i++) {
    const ds = equity[i]! / equity[i - 1]! - 1 - ms;
    const db = benchmark[i]! / benchmark[i - 1]! - 1 - mb;
    cov += ds * db;
    varB += db * db;
  }
  const beta = varB > 0 ? cov / varB : NaN;
  const rfBar = Math.pow(1 + riskFreeRate, 1 / barsPerYear) - 1;
  return {
    benchmarkReturn: benchmark[n - 1]! / benchmark[0]! - 1,
    beta,
    alpha: (ms - rfBar - beta * (mb - rfBar)) * barsPerYear,
  };
}
