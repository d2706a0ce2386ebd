// Growable columnar bar storage for decoders: six Float64Arrays filled from index 0, doubled
// when full, trimmed to views at the end.
import { sliceSeries, type BarSeries } from '../core/bar';

/** A series' columns without its names; `length` counts the filled entries. */
export type BarColumns = Omit<BarSeries, 'symbol' | 'timeframe'>;

const KEYS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export function allocateColumns(capacity: number): BarColumns {
  const c = Math.max(16, Math.ceil(capacity));
  return {
    length: 0,
    time: new Float64Array(c),
    open: new Float64Array(c),
    high: new Float64Array(c),
    low: new Float64Array(c),
    close: new Float64Array(c),
    volume: new Float64Array(c),
  };
}

/** Makes room for `extra` more bars, copying into arrays twice as large when needed. */
export function ensureCapacity(columns: BarColumns, extra: number): void {
  const needed = columns.length + extra;
  if (needed <= columns.time.length) return;
  const bigger = allocateColumns(Math.max(needed, columns.time.length * 2));
  for (const key of KEYS) {
    bigger[key].set(columns[key].subarray(0, columns.length));
    columns[key] = bigger[key];
  }
}

/** Appends `tail` after `head`'s bars (in place, growing head when needed). */
export function appendColumns(head: BarColumns, tail: BarColumns): void {
  ensureCapacity(head, tail.length);
  for (const key of KEYS) head[key].set(tail[key].subarray(0, tail.length), head.length);
  head.length += tail.length;
}

export function columnsToSeries(symbol: string, timeframe: string, c: BarColumns): BarSeries {
  return sliceSeries({ ...c, symbol, timeframe }, 0, c.length);
}
