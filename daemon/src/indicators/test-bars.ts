// Random bar data for the indicator tests (fast-check arbitraries and a seeded generator).
// Prices sit on a 0.05 tick and sometimes repeat, so ties, flat windows and touches — where
// indicators most often go wrong — actually occur. Not used at runtime.
import fc from 'fast-check';
import { barSeriesFromBars, type Bar, type BarSeries } from '../core/bar';
import { istTime } from '../core/time';
import type { OhlcvArrays } from './batch-definitions';

const tick = (x: number): number => Math.round(x / 0.05) * 0.05;

export interface TestBars extends OhlcvArrays {
  series: BarSeries;
}

const step = fc.record({
  move: fc.oneof(fc.constant(0), fc.double({ min: -0.04, max: 0.04, noNaN: true })),
  up: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.03, noNaN: true })),
  down: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.03, noNaN: true })),
  openAt: fc.double({ min: 0, max: 1, noNaN: true }),
  closeAt: fc.double({ min: 0, max: 1, noNaN: true }),
  volume: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
  // fast-check leans towards small integers, so test the top of the range: ~1 bar in 8 starts a day.
  newDay: fc.integer({ min: 1, max: 8 }).map((n) => n === 8),
});

/** Random OHLCV bars (valid: low ≤ open, close ≤ high), one minute apart with occasional new days. */
export function barsArbitrary(minLength = 0, maxLength = 200): fc.Arbitrary<TestBars> {
  return fc.array(step, { minLength, maxLength }).map((steps) => {
    let level = 1000;
    let time = istTime('2025-01-06', 9, 15);
    const bars: Bar[] = steps.map((s) => {
      level = Math.max(1, level * Math.exp(s.move));
      time += s.newDay ? 86_400_000 : 60_000;
      const high = tick(level * (1 + s.up));
      const low = Math.min(tick(level * (1 - s.down)), high);
      const open = tick(low + s.openAt * (high - low));
      const close = tick(low + s.closeAt * (high - low));
      return { time, open, high, low, close, volume: s.volume };
    });
    return {
      series: barSeriesFromBars('TEST', '1m', bars),
      time: bars.map((b) => b.time),
      open: bars.map((b) => b.open),
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
      volume: bars.map((b) => b.volume),
    };
  });
}

/** Bars from closes only (open = high = low = close), for hand-computed tables. */
export function barsFromCloses(closes: readonly number[]): BarSeries {
  return barSeriesFromBars(
    'TEST',
    '1d',
    closes.map((c, i) => ({ time: i * 86_400_000, open: c, high: c, low: c, close: c, volume: 0 })),
  );
}

/** A small deterministic PRNG (mulberry32) for long generated series. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Asserts two value series agree: NaN exactly where expected is NaN, elsewhere within `tol`
 * relative to max(1, |expected|). Returns a message for the first mismatch, or undefined.
 */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol = 1e-9,
): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) !== Number.isNaN(a)) return `index ${i}: got ${a}, expected ${e}`;
    if (!Number.isNaN(e) && Math.abs(a - e) > tol * Math.max(1, Math.abs(e)))
      return `index ${i}: got ${a}, expected ${e}`;
  }
  return undefined;
}
