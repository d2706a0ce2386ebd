// Joins chunked fetches into one series. Chunks may overlap at their edges (a bar on the boundary
// returned by both requests): a bar not after the previous one is dropped, first chunk wins.
import { createBarSeries, sliceSeries, type BarSeries } from '../core/bar';

export function concatSeries(symbol: string, timeframe: string, parts: readonly BarSeries[]): BarSeries {
  const out = createBarSeries(
    symbol,
    timeframe,
    parts.reduce((n, p) => n + p.length, 0),
  );
  let n = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      if (n > 0 && part.time[i]! <= out.time[n - 1]!) continue;
      out.time[n] = part.time[i]!;
      out.open[n] = part.open[i]!;
      out.high[n] = part.high[i]!;
      out.low[n] = part.low[i]!;
      out.close[n] = part.close[i]!;
      out.volume[n] = part.volume[i]!;
      n++;
    }
  }
  return sliceSeries(out, 0, n);
}

/** The bars with from <= time < to (a view, no copy). */
export function sliceByTime(series: BarSeries, from: number, to: number): BarSeries {
  const lower = (t: number) => {
    let lo = 0;
    let hi = series.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (series.time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sliceSeries(series, lower(from), lower(to));
}
