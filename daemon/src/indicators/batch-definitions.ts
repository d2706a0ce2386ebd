// The test oracle: every indicator recomputed over a whole array straight from its definition
// (docs/indicators.md), with plain loops and no incremental tricks, O(n·period). Tests compare the
// incremental indicators against these on random data. Not used at runtime.

const nan = (n: number): number[] => new Array<number>(n).fill(NaN);

/** Exactly rounded sum (two-pass compensated), so the oracle's own error is negligible. */
export function exactSum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

export function batchSma(xs: readonly number[], n: number): number[] {
  return xs.map((_, t) => (t < n - 1 ? NaN : exactSum(xs.slice(t - n + 1, t + 1)) / n));
}

/** EMA-style recursion with α, seeded with the SMA of the first n defined (non-NaN) inputs. */
export function batchExponential(xs: readonly number[], n: number, alpha: number): number[] {
  const out = nan(xs.length);
  const seen: number[] = [];
  let prev = NaN;
  xs.forEach((x, t) => {
    if (Number.isNaN(x)) return void (out[t] = prev);
    seen.push(x);
    if (seen.length === n) prev = exactSum(seen) / n;
    else if (seen.length > n) prev = prev * (1 - alpha) + x * alpha;
    out[t] = prev;
  });
  return out;
}

export const batchEma = (xs: readonly number[], n: number): number[] => batchExponential(xs, n, 2 / (n + 1));
export const batchSmma = (xs: readonly number[], n: number): number[] => batchExponential(xs, n, 1 / n);

export function batchRsi(xs: readonly number[], n: number): number[] {
  const up = [NaN, ...xs.slice(1).map((x, i) => Math.max(x - xs[i]!, 0))];
  const down = [NaN, ...xs.slice(1).map((x, i) => Math.max(xs[i]! - x, 0))];
  const u = batchSmma(up, n);
  const d = batchSmma(down, n);
  return xs.map((_, t) => (Number.isNaN(u[t]!) ? NaN : d[t] === 0 ? 100 : 100 - 100 / (1 + u[t]! / d[t]!)));
}

export function batchMacd(xs: readonly number[], f: number, s: number, sig: number) {
  const fast = batchEma(xs, f);
  const slow = batchEma(xs, s);
  const line = xs.map((_, t) => fast[t]! - slow[t]!);
  const signal = batchEma(line, sig);
  return { line, signal, histogram: line.map((l, t) => l - signal[t]!) };
}

/** Population standard deviation of each window, two-pass. */
export function batchStdDev(xs: readonly number[], n: number): number[] {
  return xs.map((_, t) => {
    if (t < n - 1) return NaN;
    const w = xs.slice(t - n + 1, t + 1);
    const mean = exactSum(w) / n;
    return Math.sqrt(exactSum(w.map((x) => (x - mean) ** 2)) / n);
  });
}

export function batchBollinger(xs: readonly number[], n: number, k: number) {
  const middle = batchSma(xs, n);
  const sd = batchStdDev(xs, n);
  return {
    middle,
    upper: middle.map((m, t) => m + k * sd[t]!),
    lower: middle.map((m, t) => m - k * sd[t]!),
  };
}

export interface OhlcvArrays {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export function batchTrueRange(b: OhlcvArrays): number[] {
  return b.close.map((_, t) =>
    t === 0 ? NaN : Math.max(b.high[t]!, b.close[t - 1]!) - Math.min(b.low[t]!, b.close[t - 1]!),
  );
}

export const batchAtr = (b: OhlcvArrays, n: number): number[] => batchSmma(batchTrueRange(b), n);

/**
 * Crossover flags straight from the definition: +1 up, −1 down, 0 none; NaN up to and including
 * the first index where both inputs are defined (no earlier difference exists there).
 */
export function batchCrossover(a: readonly number[], b: readonly number[]): number[] {
  const diff = a.map((x, t) => x - b[t]!);
  const first = diff.findIndex((d) => !Number.isNaN(d));
  return diff.map((d, t) => {
    if (first < 0 || t <= first) return NaN;
    if (Number.isNaN(d)) return 0;
    let last = 0;
    for (let i = t - 1; i >= first && last === 0; i--) if (!Number.isNaN(diff[i]!)) last = diff[i]!;
    return last < 0 && d > 0 ? 1 : last > 0 && d < 0 ? -1 : 0;
  });
}

export function batchWma(xs: readonly number[], n: number): number[] {
  const divisor = (n * (n + 1)) / 2;
  return xs.map((_, t) =>
    t < n - 1 ? NaN : exactSum(xs.slice(t - n + 1, t + 1).map((x, i) => (i + 1) * x)) / divisor,
  );
}

export function batchHighest(xs: readonly number[], n: number): number[] {
  return xs.map((_, t) => (t < n - 1 ? NaN : Math.max(...xs.slice(t - n + 1, t + 1))));
}

export function batchLowest(xs: readonly number[], n: number): number[] {
  return xs.map((_, t) => (t < n - 1 ? NaN : Math.min(...xs.slice(t - n + 1, t + 1))));
}

export function batchRoc(xs: readonly number[], n: number): number[] {
  return xs.map((x, t) => {
    if (t < n) return NaN;
    const base = xs[t - n]!;
    return base === 0 ? NaN : (100 * (x - base)) / base;
  });
}
