import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '../core/bar';
import { atr } from './atr';
import { batchAtr } from './batch-definitions';
import { computeSeries } from './compute-series';
import { barsArbitrary, firstMismatch } from './test-bars';

const bar = (high: number, low: number, close: number, i: number) => ({
  time: i,
  open: close,
  high,
  low,
  close,
  volume: 0,
});

describe('atr', () => {
  it('ATR(3) matches a hand-computed table, including gaps', () => {
    // TR from index 1: max(high, prev close) − min(low, prev close)
    // i1: max(11, 9) − min(9, 9) = 2; i2: 12 − 10 = 2; i3: max(14, 11) − min(10.5, 11) = 3.5
    // i4 gap up: max(16, 13) − min(15, 13) = 3; i5 gap down: max(15, 15.5) − min(11, 15.5) = 4.5
    // ATR: i3 = (2 + 2 + 3.5)/3 = 2.5; i4 = 2.5·2/3 + 3/3 = 8/3; i5 = 8/3·2/3 + 4.5/3 = 16/9 + 3/2 = 59/18
    const hlc = [
      [10, 8, 9],
      [11, 9, 10],
      [12, 10, 11],
      [14, 10.5, 13],
      [16, 15, 15.5],
      [15, 11, 12],
    ] as const;
    const series = barSeriesFromBars(
      'T',
      '1d',
      hlc.map(([h, l, c], i) => bar(h, l, c, i)),
    );
    const out = computeSeries(atr(3), series);
    expect(firstMismatch(out, [NaN, NaN, NaN, 2.5, 8 / 3, 59 / 18], 1e-14)).toBeUndefined();
    expect(atr(3).warmup).toBe(3);
  });

  it('equals the batch definition on random bars', () => {
    fc.assert(
      fc.property(barsArbitrary(), fc.integer({ min: 1, max: 30 }), (bars, n) => {
        expect(firstMismatch(computeSeries(atr(n), bars.series), batchAtr(bars, n))).toBeUndefined();
      }),
    );
  });

  it('rejects a bad period', () => {
    expect(() => atr(0)).toThrow('atr.period: got 0, expected an integer >= 1');
  });
});
