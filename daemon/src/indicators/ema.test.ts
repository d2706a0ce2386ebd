import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchEma, batchSmma } from './batch-definitions';
import { computeSeries } from './compute-series';
import { ema, EmaStream, smma } from './ema';
import { barsArbitrary, barsFromCloses, firstMismatch } from './test-bars';

describe('ema and smma', () => {
  it('EMA(3) matches a hand-computed table', () => {
    // α = 2/4 = 0.5; seed = SMA(2, 4, 6) = 4 at index 2; then 4·0.5 + 8·0.5 = 6; 6·0.5 + 12·0.5 = 9
    const out = computeSeries(ema(3), barsFromCloses([2, 4, 6, 8, 12]));
    expect(Array.from(out)).toEqual([NaN, NaN, 4, 6, 9]);
  });

  it('SMMA(3) matches a hand-computed table', () => {
    // α = 1/3; seed 4 at index 2; 4·2/3 + 8/3 = 16/3; 16/3·2/3 + 12/3 = 68/9
    const out = computeSeries(smma(3), barsFromCloses([2, 4, 6, 8, 12]));
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(4);
    expect(out[3]).toBeCloseTo(16 / 3, 13);
    expect(out[4]).toBeCloseTo(68 / 9, 13);
  });

  it('uses the update prev·(1−α) + x·α exactly as defined', () => {
    const s = new EmaStream(2); // α = 2/3
    [0.1, 0.7, 0.3].forEach((x) => s.next(x));
    const seed = (0.1 + 0.7) / 2;
    expect(s.value).toBe(seed * (1 - 2 / 3) + 0.3 * (2 / 3));
  });

  it('equal the batch definitions on random bars', () => {
    fc.assert(
      fc.property(barsArbitrary(), fc.integer({ min: 1, max: 30 }), (bars, n) => {
        expect(firstMismatch(computeSeries(ema(n), bars.series), batchEma(bars.close, n))).toBeUndefined();
        expect(firstMismatch(computeSeries(smma(n), bars.series), batchSmma(bars.close, n))).toBeUndefined();
      }),
    );
  });

  it('rejects a bad period', () => {
    expect(() => ema(0)).toThrow('ema.period: got 0, expected an integer >= 1');
    expect(() => smma(-2)).toThrow('smma.period: got -2, expected an integer >= 1');
    expect(() => new EmaStream(3, 1.5)).toThrow('ema.alpha: got 1.5, expected a number in (0, 1]');
  });
});
