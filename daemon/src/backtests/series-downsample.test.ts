import { describe, expect, it } from 'vitest';
import { downsampleEquity, keptIndices, type EquitySeries } from './series-downsample';

function series(equity: number[]): EquitySeries {
  let peak = -Infinity;
  const drawdown = equity.map((v) => {
    peak = Math.max(peak, v);
    return 1 - v / peak;
  });
  return { time: equity.map((_, i) => 1000 * i), equity, drawdown };
}

/** A wavy curve with one deep trough at index `trough`. */
function wave(n: number, trough: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === trough ? 50 : 100 + 10 * Math.sin(i / 7) + i / 100));
}

describe('downsampleEquity', () => {
  it('keeps every point when there are no more than asked for', () => {
    const s = series([1, 2, 3]);
    expect(downsampleEquity(s, 10)).toEqual(s);
  });

  it('returns at most the points asked for, in time order', () => {
    for (const points of [10, 50, 333]) {
      const out = downsampleEquity(series(wave(10_000, 1234)), points);
      expect(out.time.length).toBeLessThanOrEqual(points);
      expect(out.time.length).toBeGreaterThan(points / 2);
      expect(out.time).toEqual([...out.time].sort((a, b) => a - b));
    }
  });

  it('keeps the first and last points, the deepest drawdown, and the highest and lowest equity', () => {
    const s = series(wave(10_000, 7777));
    const out = downsampleEquity(s, 20);
    expect(out.time[0]).toBe(0);
    expect(out.time.at(-1)).toBe(9_999_000);
    expect(out.time).toContain(7_777_000);
    expect(Math.max(...out.drawdown)).toBe(Math.max(...s.drawdown));
    expect(Math.max(...out.equity)).toBe(Math.max(...s.equity));
    expect(Math.min(...out.equity)).toBe(50);
  });

  it('takes each kept point from the input, values and times together', () => {
    const s = series(wave(5000, 10));
    const idx = keptIndices(s, 100);
    const out = downsampleEquity(s, 100);
    expect(out.equity).toEqual(idx.map((i) => s.equity[i]));
    expect(out.time).toEqual(idx.map((i) => s.time[i]));
  });
});
