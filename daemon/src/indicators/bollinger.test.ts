import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchBollinger, batchSma, batchStdDev } from './batch-definitions';
import { bollinger } from './bollinger';
import { computeSeries } from './compute-series';
import { sma } from './sma';
import { stddev } from './stddev';
import { barsArbitrary, barsFromCloses, firstMismatch } from './test-bars';

describe('bollinger and stddev', () => {
  it('Bollinger(3, 2) matches a hand-computed table', () => {
    // closes 1, 2, 3, 4, 10
    // i2: window 1,2,3 → mean 2, σ² = (1+0+1)/3 = 2/3; i3: window 2,3,4 → mean 3, σ² = 2/3
    // i4: window 3,4,10 → mean 17/3, deviations −8/3, −5/3, 13/3 → σ² = (64+25+169)/27 = 258/27
    const b = bollinger(3, 2);
    const bars = barsFromCloses([1, 2, 3, 4, 10]);
    const middle = computeSeries(b, bars);
    expect(firstMismatch(middle, [NaN, NaN, 2, 3, 17 / 3], 1e-14)).toBeUndefined();
    expect(b.upper).toBeCloseTo(17 / 3 + 2 * Math.sqrt(258 / 27), 12);
    expect(b.lower).toBeCloseTo(17 / 3 - 2 * Math.sqrt(258 / 27), 12);
    const b2 = bollinger(3, 2);
    const upper = computeSeries(b2, bars, b2.outputs.upper);
    expect(upper[2]).toBeCloseTo(2 + 2 * Math.sqrt(2 / 3), 12);
    expect(upper[3]).toBeCloseTo(3 + 2 * Math.sqrt(2 / 3), 12);
  });

  it('has σ = 0 and bands on the middle for a flat window', () => {
    const b = bollinger(4, 2);
    computeSeries(b, barsFromCloses([1234.55, 1234.55, 1234.55, 1234.55, 1234.55]));
    expect([b.deviation, b.upper, b.lower]).toEqual([0, 1234.55, 1234.55]);
  });

  it('puts the bands of a flat window on its value even when the SMA of it rounds an ulp away', () => {
    // 10 × 108.14 rounds to 1081.4, and 1081.4 / 10 to 108.14000000000001.
    const closes = [104.17, 102.87, 105.82, 108.13, ...Array<number>(10).fill(108.14)];
    const b = bollinger(10, 1.5);
    computeSeries(b, barsFromCloses(closes));
    expect(b.middle).toBe(108.14000000000001);
    expect([b.deviation, b.upper, b.lower]).toEqual([0, 108.14, 108.14]);
  });

  it('has σ exactly 0 for a flat window that follows a jump (found by fast-check)', () => {
    expect(computeSeries(stddev(3), barsFromCloses([1000, 999.7, 999.7, 999.7]))[3]).toBe(0);
    expect(computeSeries(stddev(6), barsFromCloses([998.75, 1000, 1000, 1000, 1000, 1000, 1000]))[6]).toBe(0);
  });

  it('middle band is bit-for-bit the SMA', () => {
    fc.assert(
      fc.property(barsArbitrary(1, 150), fc.integer({ min: 1, max: 25 }), (bars, n) => {
        expect(computeSeries(bollinger(n, 2), bars.series)).toEqual(computeSeries(sma(n), bars.series));
      }),
    );
  });

  it('equals the batch definitions on random bars', () => {
    const params = fc.tuple(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 4, noNaN: true }));
    fc.assert(
      fc.property(barsArbitrary(), params, (bars, [n, k]) => {
        const expected = batchBollinger(bars.close, n, k);
        const b = bollinger(n, k);
        expect(firstMismatch(computeSeries(b, bars.series), batchSma(bars.close, n), 1e-12)).toBeUndefined();
        const up = bollinger(n, k);
        expect(
          firstMismatch(computeSeries(up, bars.series, up.outputs.upper), expected.upper),
        ).toBeUndefined();
        const lo = bollinger(n, k);
        expect(
          firstMismatch(computeSeries(lo, bars.series, lo.outputs.lower), expected.lower),
        ).toBeUndefined();
        // σ itself: absolute error bounded relative to the price level (≈1000 here).
        const sd = computeSeries(stddev(n), bars.series);
        expect(firstMismatch(sd, batchStdDev(bars.close, n), 1e-9)).toBeUndefined();
      }),
    );
  });

  it('keeps σ accurate over a long series whose level moves far from where it started', () => {
    // Level climbs from 100 to ~100,000 while the window's σ stays near 0.03: a centre that never
    // moved would cancel ~12 digits away here.
    const s = stddev(10);
    const xs: number[] = [];
    for (let i = 0; i < 200_000; i++) xs.push(100 + i * 0.5 + (i % 3) * 0.05);
    const out = computeSeries(s, barsFromCloses(xs));
    const tail = xs.slice(-10);
    expect(out[xs.length - 1]).toBeCloseTo(batchStdDev(tail, 10)[9]!, 9);
  });

  it('rejects bad parameters', () => {
    expect(() => bollinger(20, -1)).toThrow('bollinger.k: got -1, expected a finite number >= 0');
    expect(() => bollinger(20, NaN)).toThrow('bollinger.k: got NaN, expected a finite number >= 0');
    expect(() => bollinger(0)).toThrow('bollinger.period: got 0, expected an integer >= 1');
    expect(() => stddev(0)).toThrow('stddev.period: got 0, expected an integer >= 1');
  });
});
