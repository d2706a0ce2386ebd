// What a write changes in the stored range: both sides sorted by time, walked once. Pure.
import type { BarSeries } from '../core/bar';
import type { BarColumns } from './bar-columns';

export interface BarDiff {
  /** Stored times absent from the new series (to delete). */
  stale: number[];
  /** Indexes into the new series of bars stored with other values (to update). */
  changed: number[];
  /** Indexes into the new series of bars not stored yet (to insert). */
  added: number[];
}

function same(stored: BarColumns, i: number, series: BarSeries, j: number): boolean {
  return (
    stored.open[i] === series.open[j] &&
    stored.high[i] === series.high[j] &&
    stored.low[i] === series.low[j] &&
    stored.close[i] === series.close[j] &&
    stored.volume[i] === series.volume[j]
  );
}

/** `times[j]` is the stored time of series bar j (daily bars restamped to IST midnight). */
export function diffBars(stored: BarColumns, series: BarSeries, times: Float64Array): BarDiff {
  const diff: BarDiff = { stale: [], changed: [], added: [] };
  let i = 0;
  let j = 0;
  while (i < stored.length || j < series.length) {
    const a = i < stored.length ? stored.time[i]! : Infinity;
    const b = j < series.length ? times[j]! : Infinity;
    if (a < b) diff.stale.push(stored.time[i++]!);
    else if (b < a) diff.added.push(j++);
    else {
      if (!same(stored, i, series, j)) diff.changed.push(j);
      i++;
      j++;
    }
  }
  return diff;
}

/** A new series of the bars at `indexes` (times already restamped). */
export function pickBars(series: BarSeries, times: Float64Array, indexes: readonly number[]): BarSeries {
  const n = indexes.length;
  const out: BarSeries = {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const j = indexes[k]!;
    out.time[k] = times[j]!;
    out.open[k] = series.open[j]!;
    out.high[k] = series.high[j]!;
    out.low[k] = series.low[j]!;
    out.close[k] = series.close[j]!;
    out.volume[k] = series.volume[j]!;
  }
  return out;
}
