// Fewer points for charts: merges runs of consecutive bars into one bar each (first open, highest
// high, lowest low, last close, summed volume), so a candle chart of 1M bars drawn with 2,000
// points still shows every extreme. Unlike resampling, buckets are by count, not by clock.
import { createBarSeries, sliceSeries, type BarSeries } from '../core/bar';
import { validationError } from '../core/errors';

export function downsampleBars(series: BarSeries, maxPoints: number): BarSeries {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw validationError([{ path: 'maxPoints', value: maxPoints, expected: 'a whole number >= 1' }]);
  }
  if (series.length <= maxPoints) return series;
  const group = Math.ceil(series.length / maxPoints);
  const out = createBarSeries(series.symbol, series.timeframe, Math.ceil(series.length / group));
  let k = 0;
  for (let start = 0; start < series.length; start += group, k++) {
    const end = Math.min(series.length, start + group);
    let high = series.high[start]!;
    let low = series.low[start]!;
    let volume = 0;
    for (let i = start; i < end; i++) {
      if (series.high[i]! > high) high = series.high[i]!;
      if (series.low[i]! < low) low = series.low[i]!;
      volume += series.volume[i]!;
    }
    out.time[k] = series.time[start]!;
    out.open[k] = series.open[start]!;
    out.high[k] = high;
    out.low[k] = low;
    out.close[k] = series.close[end - 1]!;
    out.volume[k] = volume;
  }
  return sliceSeries(out, 0, k);
}
