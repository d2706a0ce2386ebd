import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchRsi } from './batch-definitions';
import { computeSeries } from './compute-series';
import { rsi } from './rsi';
import { barsArbitrary, barsFromCloses, firstMismatch } from './test-bars';

describe('rsi', () => {
  it('RSI(3) matches a hand-computed table', () => {
    // closes 10, 11, 10.5, 11.5, 12, 11 → changes +1, −0.5, +1, +0.5, −1 (from index 1)
    // index 3: up = (1+0+1)/3 = 2/3, down = (0+0.5+0)/3 = 1/6 → RS 4 → 100 − 100/5 = 80
    // index 4: up = 2/3·2/3 + 0.5/3 = 11/18, down = 1/6·2/3 + 0 = 1/9 → RS 5.5 → 100 − 100/6.5
    // index 5: up = 11/18·2/3 = 11/27, down = 1/9·2/3 + 1/3 = 11/27 → RS 1 → 50
    const out = computeSeries(rsi(3), barsFromCloses([10, 11, 10.5, 11.5, 12, 11]));
    expect(Array.from(out.slice(0, 3))).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo(80, 12);
    expect(out[4]).toBeCloseTo(100 - 100 / 6.5, 12);
    expect(out[5]).toBeCloseTo(50, 12);
    expect(rsi(3).warmup).toBe(3);
  });

  it('is 100 when the down average is 0, including a flat series', () => {
    expect(Array.from(computeSeries(rsi(2), barsFromCloses([1, 2, 3, 4])))).toEqual([NaN, NaN, 100, 100]);
    expect(Array.from(computeSeries(rsi(2), barsFromCloses([5, 5, 5])))).toEqual([NaN, NaN, 100]);
  });

  it('equals the batch definition on random bars', () => {
    fc.assert(
      fc.property(barsArbitrary(), fc.integer({ min: 1, max: 30 }), (bars, n) => {
        expect(firstMismatch(computeSeries(rsi(n), bars.series), batchRsi(bars.close, n))).toBeUndefined();
      }),
    );
  });

  it('rejects a bad period', () => {
    expect(() => rsi(0)).toThrow('rsi.period: got 0, expected an integer >= 1');
  });
});
