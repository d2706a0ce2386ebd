import { describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '../core/bar';
import { allocateColumns, appendColumns } from './bar-columns';
import { diffBars, pickBars } from './bar-diff';

function stored(rows: [number, number][]) {
  const c = allocateColumns(rows.length);
  for (const [t, close] of rows) {
    const n = c.length++;
    c.time[n] = t;
    c.open[n] = c.high[n] = c.low[n] = c.close[n] = close;
    c.volume[n] = 1;
  }
  return c;
}

describe('diffBars', () => {
  it('finds stale, changed and added bars in one walk', () => {
    const old = stored([
      [1, 10],
      [2, 20],
      [3, 30],
      [5, 50],
    ]);
    const series = barSeriesFromBars(
      'X',
      '1m',
      [1, 3, 4, 5, 6].map((t) => ({
        time: t,
        open: t * 10,
        high: t * 10,
        low: t * 10,
        close: t === 3 ? 31 : t * 10,
        volume: 1,
      })),
    );
    series.open[1] = series.high[1] = series.low[1] = 31;
    const diff = diffBars(old, series, series.time);
    expect(diff).toEqual({ stale: [2], changed: [1], added: [2, 4] });
    const picked = pickBars(series, series.time, diff.added);
    expect(Array.from(picked.time)).toEqual([4, 6]);
    expect(Array.from(picked.close)).toEqual([40, 60]);
  });

  it('sees nothing to do for identical data', () => {
    const old = stored([
      [1, 10],
      [2, 20],
    ]);
    const series = barSeriesFromBars(
      'X',
      '1m',
      [1, 2].map((t) => ({ time: t, open: t * 10, high: t * 10, low: t * 10, close: t * 10, volume: 1 })),
    );
    expect(diffBars(old, series, series.time)).toEqual({ stale: [], changed: [], added: [] });
  });

  it('grows and appends columns', () => {
    const a = stored([[1, 1]]);
    const b = stored(Array.from({ length: 40 }, (_, i) => [i + 2, i] as [number, number]));
    appendColumns(a, b);
    expect(a.length).toBe(41);
    expect(a.time[40]).toBe(41);
  });
});
