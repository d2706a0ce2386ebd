import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchSma, exactSum } from './batch-definitions';
import { computeSeries } from './compute-series';
import { sma, SmaStream } from './sma';
import { barsArbitrary, barsFromCloses, firstMismatch, seededRandom } from './test-bars';

describe('sma', () => {
  it('matches a hand-computed table: SMA(3) of 2, 4, 6, 8, 13', () => {
    // (2+4+6)/3 = 4, (4+6+8)/3 = 6, (6+8+13)/3 = 9
    const out = computeSeries(sma(3), barsFromCloses([2, 4, 6, 8, 13]));
    expect(Array.from(out)).toEqual([NaN, NaN, 4, 6, 9]);
    expect(sma(3).warmup).toBe(2);
  });

  it('reads the requested price source', () => {
    const s = sma(2, 'hl2');
    s.update({ time: 0, open: 1, high: 10, low: 2, close: 3, volume: 0 }); // hl2 = 6
    s.update({ time: 1, open: 1, high: 20, low: 4, close: 3, volume: 0 }); // hl2 = 12
    expect(s.value).toBe(9);
  });

  it('equals the batch definition on random bars', () => {
    fc.assert(
      fc.property(barsArbitrary(), fc.integer({ min: 1, max: 30 }), (bars, n) => {
        const mismatch = firstMismatch(computeSeries(sma(n), bars.series), batchSma(bars.close, n), 1e-12);
        expect(mismatch).toBeUndefined();
      }),
    );
  });

  it('does not drift: at bar 5,000,000 of a random walk it equals a direct re-summation', () => {
    // A log-normal walk that wanders over roughly two orders of magnitude: rounding errors made
    // while prices are high would stay in a naive running sum after prices fall.
    const random = seededRandom(20260401);
    const n = 20;
    const stream = new SmaStream(n);
    const window: number[] = [];
    let logPrice = Math.log(1000);
    let naiveSum = 0;
    const bars = 5_000_000;
    for (let i = 0; i < bars; i++) {
      logPrice += (random() - 0.5) * 0.004;
      const x = Math.round(Math.exp(logPrice) * 100) / 100;
      stream.next(x);
      naiveSum += x;
      window.push(x);
      if (window.length > n) naiveSum -= window.shift()!;
    }
    const direct = exactSum(window) / n;
    const error = Math.abs(stream.value - direct) / direct;
    expect(error).toBeLessThanOrEqual(1e-12); // the requirement
    expect(error).toBeLessThanOrEqual(Number.EPSILON); // in fact within one rounding
    // The data is hard enough to matter: a plain running sum over it is ~100 roundings off.
    expect(Math.abs(naiveSum / n - direct) / direct).toBeGreaterThan(1e-14);
  });

  it('skips NaN samples in a stream so composition can start at the first defined value', () => {
    const s = new SmaStream(2);
    expect([NaN, NaN, 1, 3, NaN, 5].map((x) => s.next(x))).toEqual([NaN, NaN, NaN, 2, 2, 4]);
  });

  it('rejects a bad period or source, naming the parameter and the value', () => {
    expect(() => sma(0)).toThrow('sma.period: got 0, expected an integer >= 1');
    expect(() => sma(2.5)).toThrow('sma.period: got 2.5, expected an integer >= 1');
    expect(() => sma(NaN)).toThrow('sma.period: got NaN, expected an integer >= 1');
    expect(() => sma(3, 'mid' as never)).toThrow(/sma\.source: got "mid", expected one of open, high/);
  });
});
