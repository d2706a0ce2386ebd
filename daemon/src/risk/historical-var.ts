// Historical-simulation VaR and expected shortfall, and beta to an index. The current positions
// are revalued on each past day's returns: the day's P&L of holding them then. With n scenario
// days and confidence α, the tail holds k = ceil(n·(1−α)) days; VaR is the k-th largest loss and
// ES the mean of the k largest (so ES ≥ VaR). 250 days at 99 % gives k = 3. Returns are simple
// (close ÷ previous close − 1) over the days every series has, in date order.

export interface CloseSeries {
  /** IST day numbers (or any increasing day keys), ascending. */
  days: readonly number[];
  closes: readonly number[];
}

export interface AlignedReturns {
  /** The day each return ends on (the first common day has no return). */
  days: number[];
  /** Per series, in the order given: returns on `days`. */
  returns: number[][];
}

/** Simple returns of every series over the days they all have. */
export function alignReturns(series: readonly CloseSeries[]): AlignedReturns {
  if (series.length === 0) return { days: [], returns: [] };
  const maps = series.map((s) => new Map(s.days.map((d, i) => [d, s.closes[i]!])));
  const common = series[0]!.days.filter((d) => maps.every((m) => (m.get(d) ?? 0) > 0));
  const days = common.slice(1);
  const returns = maps.map((m) => days.map((d, i) => m.get(d)! / m.get(common[i]!)! - 1));
  return { days, returns };
}

/** Each day's P&L of holding `values` (signed rupees per series) through that day's returns. */
export function scenarioPnl(values: readonly number[], returns: readonly (readonly number[])[]): number[] {
  const n = returns[0]?.length ?? 0;
  const out = new Array<number>(n).fill(0);
  for (let s = 0; s < values.length; s++) {
    const r = returns[s]!;
    for (let t = 0; t < n; t++) out[t]! += values[s]! * r[t]!;
  }
  return out;
}

export interface TailRisk {
  confidence: number;
  /** Rupees: the k-th largest loss (negative when even that day gained). */
  valueAtRisk: number;
  /** Rupees: the mean of the k largest losses. */
  expectedShortfall: number;
  /** Days in the tail. */
  tailDays: number;
  observations: number;
}

export function historicalTailRisk(pnl: readonly number[], confidence: number): TailRisk | null {
  const n = pnl.length;
  if (n === 0 || !(confidence > 0 && confidence < 1)) return null;
  const losses = pnl.map((p) => -p).sort((a, b) => b - a);
  // The epsilon keeps 250 × (1 − 0.99) = 2.5000000000000022 from rounding up to 4.
  const k = Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9));
  let sum = 0;
  for (let i = 0; i < k; i++) sum += losses[i]!;
  return {
    confidence,
    valueAtRisk: losses[k - 1]!,
    expectedShortfall: sum / k,
    tailDays: k,
    observations: n,
  };
}

export interface BetaEstimate {
  /** Rupees of P&L per unit of index return: the portfolio's index-equivalent exposure. */
  betaExposure: number;
  /** betaExposure ÷ the portfolio's net value (the usual beta); null when net is zero. */
  beta: number | null;
  correlation: number;
  observations: number;
}

/** Beta of the portfolio's scenario P&L to the index returns on the same days. */
export function betaToIndex(
  pnl: readonly number[],
  indexReturns: readonly number[],
  netValue: number,
): BetaEstimate | null {
  const n = Math.min(pnl.length, indexReturns.length);
  if (n < 2) return null;
  let mp = 0;
  let mi = 0;
  for (let t = 0; t < n; t++) {
    mp += pnl[t]!;
    mi += indexReturns[t]!;
  }
  mp /= n;
  mi /= n;
  let cov = 0;
  let varI = 0;
  let varP = 0;
  for (let t = 0; t < n; t++) {
    const dp = pnl[t]! - mp;
    const di = indexReturns[t]! - mi;
    cov += dp * di;
    varI += di * di;
    varP += dp * dp;
  }
  if (varI === 0) return null;
  const betaExposure = cov / varI;
  return {
    betaExposure,
    beta: netValue !== 0 ? betaExposure / netValue : null,
    correlation: varP > 0 ? cov / Math.sqrt(varI * varP) : 0,
    observations: n,
  };
}
