// Bars are the unit of market data everywhere: sources produce them, the bar store keeps them,
// the engine consumes them. Times are epoch milliseconds (UTC) of the bar's *start*.

/** One OHLCV bar. Prices in rupees, volume in shares/contracts. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * Columnar bars for one symbol and timeframe, the engine's input format: one typed array per
 * field, `length` valid entries, times strictly increasing. Loading straight into these arrays
 * (rather than arrays of objects) is what makes millions of bars cheap to hold and scan.
 */
export interface BarSeries {
  symbol: string;
  timeframe: string;
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Allocates an empty series with room for `capacity` bars (`length` starts at `capacity`). */
export function createBarSeries(symbol: string, timeframe: string, capacity: number): BarSeries {
  return {
    symbol,
    timeframe,
    length: capacity,
    time: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
}

/** Bars `start` to `end` (exclusive) of a series: a view on the same arrays, no copy. */
export function sliceSeries(series: BarSeries, start: number, end: number): BarSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: end - start,
    time: series.time.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
}

/** Builds a series from bar objects (tests, small imports). */
export function barSeriesFromBars(symbol: string, timeframe: string, bars: readonly Bar[]): BarSeries {
  const series = createBarSeries(symbol, timeframe, bars.length);
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    series.time[i] = b.time;
    series.open[i] = b.open;
    series.high[i] = b.high;
    series.low[i] = b.low;
    series.close[i] = b.close;
    series.volume[i] = b.volume;
  }
  return series;
}

/** Reads bar `i` of a series as an object (not for hot loops). */
export function barAt(series: BarSeries, i: number): Bar {
  return {
    time: series.time[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
}

/**
 * Copies a series into SharedArrayBuffer-backed arrays (one buffer for all six columns). Posted
 * to worker threads, such a series is shared, not copied: a sweep over 1M bars on N workers holds
 * the bars once.
 */
export function shareBarSeries(series: BarSeries): BarSeries {
  const n = series.length;
  const buffer = new SharedArrayBuffer(n * 6 * Float64Array.BYTES_PER_ELEMENT);
  const column = (k: number, source: Float64Array) => {
    const target = new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n);
    target.set(source.subarray(0, n));
    return target;
  };
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: n,
    time: column(0, series.time),
    open: column(1, series.open),
    high: column(2, series.high),
    low: column(3, series.low),
    close: column(4, series.close),
    volume: column(5, series.volume),
  };
}
