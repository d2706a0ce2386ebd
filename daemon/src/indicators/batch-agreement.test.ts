// Every indicator against its batch definition on random bars (fast-check), table style, plus
// the contract: `warmup` is exactly the index of the first defined value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adx } from './adx';
import { atr } from './atr';
import {
  batchAdx,
  batchCci,
  batchObv,
  batchStochastic,
  batchSupertrend,
  batchVwap,
  batchWilliamsR,
} from './batch-bar-definitions';
import {
  batchAtr,
  batchBollinger,
  batchEma,
  batchHighest,
  batchLowest,
  batchMacd,
  batchRoc,
  batchRsi,
  batchSma,
  batchSmma,
  batchStdDev,
  batchWma,
} from './batch-definitions';
import { bollinger } from './bollinger';
import { cci } from './cci';
import { computeSeries } from './compute-series';
import { donchian, priorDonchian } from './donchian';
import { outputView } from './output-view';
import { ema, smma } from './ema';
import { highest, lowest } from './highest-lowest';
import type { Indicator, IndicatorOutput } from './indicator';
import { macd } from './macd';
import { obv } from './obv';
import { roc } from './roc';
import { rsi } from './rsi';
import { sma } from './sma';
import { stddev } from './stddev';
import { stochastic } from './stochastic';
import { supertrend } from './supertrend';
import { vwap } from './vwap';
import { williamsR } from './williams-r';
import { wma } from './wma';
import { barsArbitrary, firstMismatch, type TestBars } from './test-bars';

interface Case {
  name: string;
  /** Builds the indicator for period p (1..20) and picks the output under test. */
  build(p: number): { indicator: Indicator; output?: IndicatorOutput };
  oracle(bars: TestBars, p: number): number[];
  tol?: number;
}

const mid = (a: number[], b: number[]) => a.map((x, i) => (x + b[i]!) / 2);

const CASES: Case[] = [
  { name: 'sma', build: (p) => ({ indicator: sma(p) }), oracle: (b, p) => batchSma(b.close, p) },
  { name: 'ema', build: (p) => ({ indicator: ema(p) }), oracle: (b, p) => batchEma(b.close, p) },
  { name: 'smma', build: (p) => ({ indicator: smma(p) }), oracle: (b, p) => batchSmma(b.close, p) },
  { name: 'wma', build: (p) => ({ indicator: wma(p) }), oracle: (b, p) => batchWma(b.close, p) },
  {
    name: 'wma hl2',
    build: (p) => ({ indicator: wma(p, 'hl2') }),
    oracle: (b, p) => batchWma(mid(b.high, b.low), p),
  },
  { name: 'rsi', build: (p) => ({ indicator: rsi(p) }), oracle: (b, p) => batchRsi(b.close, p) },
  { name: 'roc', build: (p) => ({ indicator: roc(p) }), oracle: (b, p) => batchRoc(b.close, p) },
  { name: 'stddev', build: (p) => ({ indicator: stddev(p) }), oracle: (b, p) => batchStdDev(b.close, p) },
  { name: 'highest', build: (p) => ({ indicator: highest(p) }), oracle: (b, p) => batchHighest(b.high, p) },
  { name: 'lowest', build: (p) => ({ indicator: lowest(p) }), oracle: (b, p) => batchLowest(b.low, p) },
  {
    name: 'highest close',
    build: (p) => ({ indicator: highest(p, 'close') }),
    oracle: (b, p) => batchHighest(b.close, p),
  },
  { name: 'atr', build: (p) => ({ indicator: atr(p) }), oracle: (b, p) => batchAtr(b, p) },
  {
    name: 'macd line',
    build: (p) => ({ indicator: macd(p, p + 3, 3) }),
    oracle: (b, p) => batchMacd(b.close, p, p + 3, 3).line,
  },
  {
    name: 'macd signal',
    build: (p) => {
      const m = macd(p, 2 * p, p);
      return { indicator: m, output: m.outputs.signal };
    },
    oracle: (b, p) => batchMacd(b.close, p, 2 * p, p).signal,
  },
  {
    name: 'bollinger upper',
    build: (p) => {
      const bb = bollinger(p, 2.5);
      return { indicator: bb, output: bb.outputs.upper };
    },
    oracle: (b, p) => batchBollinger(b.close, p, 2.5).upper,
  },
  {
    name: 'stochastic %K',
    build: (p) => ({ indicator: stochastic(p, 3, 3) }),
    oracle: (b, p) => batchStochastic(b, p, 3, 3).k,
  },
  {
    name: 'stochastic %D',
    build: (p) => {
      const s = stochastic(p, 2, 4);
      return { indicator: s, output: s.outputs.d };
    },
    oracle: (b, p) => batchStochastic(b, p, 2, 4).d,
  },
  {
    name: 'williams %R',
    build: (p) => ({ indicator: williamsR(p) }),
    oracle: (b, p) => batchWilliamsR(b, p),
  },
  { name: 'cci', build: (p) => ({ indicator: cci(p) }), oracle: (b, p) => batchCci(b, p), tol: 1e-8 },
  { name: 'obv', build: () => ({ indicator: obv() }), oracle: (b) => batchObv(b) },
  { name: 'vwap', build: () => ({ indicator: vwap() }), oracle: (b) => batchVwap(b) },
  {
    name: 'donchian middle',
    build: (p) => ({ indicator: donchian(p) }),
    oracle: (b, p) => mid(batchHighest(b.high, p), batchLowest(b.low, p)),
  },
  {
    name: 'donchian previous upper',
    build: (p) => {
      const d = donchian(p);
      return { indicator: d, output: d.outputs.previousUpper };
    },
    oracle: (b, p) => [NaN, ...batchHighest(b.high, p).slice(0, -1)].slice(0, b.high.length),
  },
  {
    name: 'prior donchian lower',
    build: (p) => {
      const d = priorDonchian(p);
      return { indicator: d, output: outputView(() => d.lower, d.warmup) };
    },
    oracle: (b, p) => [NaN, ...batchLowest(b.low, p).slice(0, -1)].slice(0, b.low.length),
  },
  { name: 'adx', build: (p) => ({ indicator: adx(p) }), oracle: (b, p) => batchAdx(b, p).adx },
  {
    name: '+DI',
    build: (p) => {
      const a = adx(p);
      return { indicator: a, output: a.outputs.plusDI };
    },
    oracle: (b, p) => batchAdx(b, p).plusDI,
  },
  {
    name: '−DI',
    build: (p) => {
      const a = adx(p);
      return { indicator: a, output: a.outputs.minusDI };
    },
    oracle: (b, p) => batchAdx(b, p).minusDI,
  },
  {
    name: 'supertrend',
    build: (p) => ({ indicator: supertrend(p, 2) }),
    oracle: (b, p) => batchSupertrend(b, p, 2).line,
  },
  {
    name: 'supertrend direction',
    build: (p) => {
      const s = supertrend(p, 1.5);
      return { indicator: s, output: s.outputs.direction };
    },
    oracle: (b, p) => batchSupertrend(b, p, 1.5).direction,
  },
];

describe.each(CASES)('$name', ({ build, oracle, tol }) => {
  it('equals its batch definition on random bars', () => {
    fc.assert(
      fc.property(barsArbitrary(), fc.integer({ min: 1, max: 20 }), (bars, p) => {
        const { indicator, output } = build(p);
        const actual = computeSeries(indicator, bars.series, output);
        expect(firstMismatch(actual, oracle(bars, p), tol ?? 1e-9)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('is first defined exactly at its warmup index', () => {
    fc.assert(
      fc.property(barsArbitrary(60, 80), fc.integer({ min: 1, max: 20 }), (bars, p) => {
        const { indicator, output = indicator } = build(p);
        const values = computeSeries(indicator, bars.series, output);
        const first = values.findIndex((v) => !Number.isNaN(v));
        // VWAP is NaN while its session has had no volume, so only check it where volume exists.
        if (first === output.warmup) return;
        expect(output).toBe(indicator); // only VWAP's main value may start late…
        expect(bars.volume.slice(0, first).every((v) => v === 0)).toBe(true); // …for want of volume
        expect(bars.volume[first]).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  });
});
