import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchCrossover, batchSma } from './batch-definitions';
import { crossedAbove, crossedBelow, crossover } from './crossover';
import type { Indicator } from './indicator';
import { price } from './price-source';
import { sma } from './sma';
import { barsArbitrary } from './test-bars';

/** Runs `inputs` then the crossover on each bar (the documented order); returns its values. */
function crossValues(closes: readonly number[], inputs: Indicator[], cross: Indicator): number[] {
  const out: number[] = [];
  for (const c of closes) {
    const bar = { time: 0, open: c, high: c, low: c, close: c, volume: 0 };
    for (const i of inputs) i.update(bar);
    cross.update(bar);
    out.push(cross.value);
  }
  return out;
}

describe('crossover', () => {
  it('crosses up when a rises through a constant level', () => {
    const p = price();
    const x = crossover(p, 2.5);
    expect(crossValues([1, 2, 3, 4], [p], x)).toEqual([NaN, 0, 1, 0]);
    expect(x.warmup).toBe(1);
  });

  it('touching is not a cross', () => {
    const p = price();
    expect(crossValues([1, 2, 1, 2, 3], [p], crossover(p, 2))).toEqual([NaN, 0, 0, 0, 1]);
  });

  it('below → equal → above crosses on the bar where a > b; above → equal → above does not', () => {
    const p = price();
    expect(crossValues([1, 2, 2, 3], [p], crossover(p, 2))).toEqual([NaN, 0, 0, 1]);
    const q = price();
    expect(crossValues([3, 2, 3], [q], crossover(q, 2))).toEqual([NaN, 0, 0]);
  });

  it('reports crosses down, mirrored, and exposes up/down flags', () => {
    const p = price();
    const x = crossover(p, 2);
    expect(crossValues([3, 2, 1, 1, 3], [p], x)).toEqual([NaN, 0, -1, 0, 1]);
    expect([x.up, x.down]).toEqual([true, false]);
  });

  it('pure helpers follow the same rule', () => {
    expect([crossedAbove(-1, 1), crossedAbove(-1, 0), crossedAbove(1, 2), crossedAbove(0, 1)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([crossedBelow(1, -1), crossedBelow(1, 0), crossedBelow(-1, -2)]).toEqual([true, false, false]);
  });

  it('is defined from the bar after both inputs are defined', () => {
    expect(crossover(sma(3), sma(5)).warmup).toBe(5);
    expect(crossover(10, sma(4)).warmup).toBe(4);
  });

  it('equals the definition for SMA(fast) against SMA(slow) on random bars', () => {
    const periods = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 20 }));
    fc.assert(
      fc.property(barsArbitrary(), periods, (bars, [f, s]) => {
        const fast = sma(f);
        const slow = sma(s);
        const x = crossover(fast, slow);
        const expected = batchCrossover(batchSma(bars.close, f), batchSma(bars.close, s));
        expect(crossValues(bars.close, [fast, slow], x)).toEqual(expected);
      }),
    );
  });

  it('ignores bars on which an input is NaN, keeping the remembered difference', () => {
    const level = { value: 5, warmup: 0 };
    const p = price();
    const x = crossover(p, level);
    const values = crossValues([4, 4], [p], x);
    level.value = NaN;
    values.push(...crossValues([6], [p], x)); // no cross while b is undefined
    level.value = 5;
    values.push(...crossValues([6], [p], x)); // last non-zero difference was −1: cross now
    expect(values).toEqual([NaN, 0, 0, 1]);
  });
});
