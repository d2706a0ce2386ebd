// Joins chunked fetches into one series. Chunks may overlap at their edges (a bar on the boundary
// returned by both requests): a bar not after the previous one is dropped, first chunk wins.
import { createBarSeries, type BarSeries } from '../core/bar';
import { trimSeries } from './resample';

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
  return trimSeries(out, n);
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
  const start = lower(from);
  const end = lower(to);
  return {
    ...series,
    length: end - start,
    time: series.time.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
}
