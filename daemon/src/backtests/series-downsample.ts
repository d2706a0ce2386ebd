// Fewer points of an equity curve for a chart, keeping what a reader looks for: the first and last
// points, the deepest drawdown of the whole run, and in each bucket of consecutive points the
// highest and lowest equity and the deepest drawdown. Points keep their own values and times
// (no averaging), so every extreme shown is one the run really had.

export interface EquitySeries {
  time: number[];
  equity: number[];
  /** Drawdown from the running peak, positive fraction (0.25 = 25 % below the peak). */
  drawdown: number[];
  /** Buy-and-hold of the universe over the same points, in rupees; null where unknown. */
  benchmark?: (number | null)[];
}

function argExtreme(
  values: ArrayLike<number>,
  from: number,
  to: number,
  better: (a: number, b: number) => boolean,
) {
  let best = from;
  for (let i = from + 1; i < to; i++) if (better(values[i]!, values[best]!)) best = i;
  return best;
}

/** Indices to keep so that at most `maxPoints` (>= 6) remain (all of them when there are fewer). */
export function keptIndices(series: EquitySeries, maxPoints: number): number[] {
  const n = series.time.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const keep = new Set<number>([0, n - 1, argExtreme(series.drawdown, 0, n, (a, b) => a > b)]);
  // Three candidates per bucket, and the three global ones above.
  const buckets = Math.max(1, Math.floor((maxPoints - 3) / 3));
  const size = n / buckets;
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor(k * size);
    const to = Math.min(n, Math.floor((k + 1) * size));
    if (from >= to) continue;
    keep.add(argExtreme(series.equity, from, to, (a, b) => a > b));
    keep.add(argExtreme(series.equity, from, to, (a, b) => a < b));
    keep.add(argExtreme(series.drawdown, from, to, (a, b) => a > b));
  }
  return [...keep].sort((a, b) => a - b);
}

export function downsampleEquity(series: EquitySeries, maxPoints: number): EquitySeries {
  const idx = keptIndices(series, maxPoints);
  return {
    time: idx.map((i) => series.time[i]!),
    equity: idx.map((i) => series.equity[i]!),
    drawdown: idx.map((i) => series.drawdown[i]!),
    ...(series.benchmark ? { benchmark: idx.map((i) => series.benchmark![i] ?? null) } : {}),
  };
}
