// Runs an indicator over a whole BarSeries and collects its values: for charts, tests and
// benchmarks. The bar view is one mutable object overwritten per bar, as the engine does.
import type { Bar, BarSeries } from '../core/bar';
import type { BarView, Indicator, IndicatorOutput } from './indicator';

/**
 * Feeds every bar of `series` to `indicator` and returns its value after each bar. Pass `output`
 * to record another of its outputs instead (e.g. `m.outputs.signal`).
 */
export function computeSeries(
  indicator: Indicator,
  series: BarSeries,
  output: IndicatorOutput = indicator,
): Float64Array {
  const out = new Float64Array(series.length);
  const bar: Bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const view: BarView = bar;
  for (let i = 0; i < series.length; i++) {
    bar.time = series.time[i]!;
    bar.open = series.open[i]!;
    bar.high = series.high[i]!;
    bar.low = series.low[i]!;
    bar.close = series.close[i]!;
    bar.volume = series.volume[i]!;
    indicator.update(view);
    out[i] = output.value;
  }
  return out;
}
