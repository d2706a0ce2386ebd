import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchMacd } from './batch-definitions';
import { computeSeries } from './compute-series';
import { macd } from './macd';
import { barsArbitrary, barsFromCloses, firstMismatch } from './test-bars';

describe('macd', () => {
  it('MACD(2, 3, 2) matches a hand-computed table', () => {
    // closes 1, 2, 4, 8, 16, 32
    // EMA(2), α = 2/3: 3/2 (i1), 19/6, 115/18, 691/54, 4147/162
    // EMA(3), α = 1/2: 7/3 (i2), 31/6, 127/12, 511/24
    // line (from i2): 5/6, 11/9, 239/108, 2791/648
    // signal = EMA(2) of the line seeded with (5/6 + 11/9)/2 = 37/36 (i3), then 589/324, 845/243
    // histogram: 7/36, 32/81, 1613/1944
    const m = macd(2, 3, 2);
    const bars = barsFromCloses([1, 2, 4, 8, 16, 32]);
    const line = computeSeries(m, bars);
    const expectedLine = [NaN, NaN, 5 / 6, 11 / 9, 239 / 108, 2791 / 648];
    expect(firstMismatch(line, expectedLine, 1e-13)).toBeUndefined();
    const m2 = macd(2, 3, 2);
    const signal = computeSeries(m2, bars, m2.outputs.signal);
    expect(firstMismatch(signal, [NaN, NaN, NaN, 37 / 36, 589 / 324, 845 / 243], 1e-13)).toBeUndefined();
    expect(m2.histogram).toBeCloseTo(1613 / 1944, 13);
    expect(m2.line).toBe(m2.value);
    expect([m.warmup, m.outputs.signal.warmup, m.outputs.histogram.warmup]).toEqual([2, 3, 3]);
  });

  it('defaults to 12/26/9: line from index 25, signal from index 33', () => {
    const m = macd();
    expect([m.warmup, m.outputs.signal.warmup]).toEqual([25, 33]);
  });

  it('equals the batch definition on random bars', () => {
    const periods = fc.tuple(
      fc.integer({ min: 1, max: 15 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 10 }),
    );
    fc.assert(
      fc.property(barsArbitrary(), periods, (bars, [f, s, sig]) => {
        const expected = batchMacd(bars.close, f, s, sig);
        const m = macd(f, s, sig);
        expect(firstMismatch(computeSeries(m, bars.series), expected.line)).toBeUndefined();
        const m2 = macd(f, s, sig);
        expect(
          firstMismatch(computeSeries(m2, bars.series, m2.outputs.signal), expected.signal),
        ).toBeUndefined();
        const m3 = macd(f, s, sig);
        const histogram = computeSeries(m3, bars.series, m3.outputs.histogram);
        expect(firstMismatch(histogram, expected.histogram, 1e-9)).toBeUndefined();
      }),
    );
  });

  it('rejects bad periods', () => {
    expect(() => macd(12, 0)).toThrow('macd.slow: got 0, expected an integer >= 1');
    expect(() => macd(12, 26, -1)).toThrow('macd.signal: got -1, expected an integer >= 1');
  });
});
