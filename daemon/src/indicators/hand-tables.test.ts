// Small hand-computed tables for the indicators beyond the core set (which have their own
// files), and the bad-parameter messages. Each expected value is worked out in the comment.
import { describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../core/bar';
import { istTime } from '../core/time';
import { adx } from './adx';
import { cci } from './cci';
import { computeSeries } from './compute-series';
import { donchian, priorDonchian } from './donchian';
import { highest, lowest } from './highest-lowest';
import { obv } from './obv';
import { roc } from './roc';
import { stochastic } from './stochastic';
import { supertrend } from './supertrend';
import { barsFromCloses, firstMismatch } from './test-bars';
import { vwap } from './vwap';
import { williamsR } from './williams-r';
import { wma } from './wma';

const hlc = (
  rows: readonly (readonly [number, number, number, number?])[],
  time = (i: number) => i * 60_000,
) =>
  barSeriesFromBars(
    'T',
    '1m',
    rows.map(([high, low, close, volume = 0], i): Bar => ({
      time: time(i),
      open: close,
      high,
      low,
      close,
      volume,
    })),
  );

const same = (actual: ArrayLike<number>, expected: number[]) =>
  expect(firstMismatch(actual, expected, 1e-12)).toBeUndefined();

describe('hand-computed tables', () => {
  it('Stochastic(3, 2, 2)', () => {
    // raw %K over 3 bars: i2 HH 12 LL 8 → 100·(11−8)/4 = 75; i3 HH 12 LL 9 → 100·2.5/3 = 250/3;
    // i4 → 100·0.5/3 = 50/3; i5 → 100·1/3 = 100/3
    // %K = SMA(2): i3 (75 + 250/3)/2 = 475/6; i4 (250/3 + 50/3)/2 = 50; i5 (50/3 + 100/3)/2 = 25
    // %D = SMA(2) of %K: i4 (475/6 + 50)/2 = 775/12; i5 (50 + 25)/2 = 37.5
    const bars = hlc([
      [10, 8, 9],
      [11, 9, 10],
      [12, 10, 11],
      [12, 11, 11.5],
      [11, 9, 9.5],
      [10, 9, 10],
    ]);
    const s = stochastic(3, 2, 2);
    same(computeSeries(s, bars), [NaN, NaN, NaN, 475 / 6, 50, 25]);
    const s2 = stochastic(3, 2, 2);
    same(computeSeries(s2, bars, s2.outputs.d), [NaN, NaN, NaN, NaN, 775 / 12, 37.5]);
    expect([s.warmup, s.outputs.d.warmup, s.k]).toEqual([3, 4, 25]);
    expect(stochastic().warmup).toBe(15); // 14 + 3 − 2
  });

  it('Stochastic and Williams %R of a zero range are neutral (50 and −50)', () => {
    const flat = hlc([
      [5, 5, 5],
      [5, 5, 5],
    ]);
    expect(computeSeries(stochastic(2, 1, 1), flat)[1]).toBe(50);
    expect(computeSeries(williamsR(2), flat)[1]).toBe(-50);
  });

  it('Williams %R(2) and Donchian(2)', () => {
    // i1: HH 12, LL 8 → −100·(12 − 11)/4 = −25; i2: HH 12, LL 9 → −100·(12 − 10)/3 = −200/3
    const bars = hlc([
      [10, 8, 9],
      [12, 9, 11],
      [11, 10, 10],
    ]);
    same(computeSeries(williamsR(2), bars), [NaN, -25, -200 / 3]);
    const d = donchian(2);
    same(computeSeries(d, bars), [NaN, 10, 10.5]);
    expect([d.upper, d.lower, d.previousUpper, d.previousLower]).toEqual([12, 9, 12, 8]);
    // The prior channel (bars before the current one) is first defined at index 2 = its warm-up.
    const prior = priorDonchian(2);
    same(computeSeries(prior, bars), [NaN, NaN, 10]);
    expect([prior.warmup, prior.upper, prior.lower]).toEqual([2, 12, 8]);
    same(computeSeries(highest(2), bars), [NaN, 12, 12]);
    same(computeSeries(lowest(2), bars), [NaN, 8, 9]);
  });

  it('WMA(3)', () => {
    // i2: (1·1 + 2·2 + 3·3)/6 = 14/6; i3: (1·2 + 2·3 + 3·4)/6 = 20/6
    same(computeSeries(wma(3), barsFromCloses([1, 2, 3, 4])), [NaN, NaN, 14 / 6, 20 / 6]);
  });

  it('ROC(2), and NaN on a zero base', () => {
    // i2: 100·(121 − 100)/100 = 21; i3: 100·(0 − 110)/110 = −100; i4: 100·(5 − 121)/121
    same(computeSeries(roc(2), barsFromCloses([100, 110, 121, 0, 5])), [
      NaN,
      NaN,
      21,
      -100,
      (-100 * 116) / 121,
    ]);
    same(computeSeries(roc(1), barsFromCloses([0, 1, 2])), [NaN, NaN, 100]);
  });

  it('OBV', () => {
    // up +200, equal 0, down −400, up +500
    const bars = hlc([
      [10, 10, 10, 100],
      [11, 11, 11, 200],
      [11, 11, 11, 300],
      [9, 9, 9, 400],
      [12, 12, 12, 500],
    ]);
    same(computeSeries(obv(), bars), [0, 200, 200, -200, 300]);
  });

  it('CCI(3)', () => {
    // TP = close here: 1, 2, 6 → mean 3, MD = (2 + 1 + 3)/3 = 2, CCI = (6 − 3)/(0.015·2) = 100
    same(computeSeries(cci(3), barsFromCloses([1, 2, 6])), [NaN, NaN, 100]);
    same(computeSeries(cci(2), barsFromCloses([4, 4])), [NaN, 0]); // MD = 0
  });

  it('session VWAP restarts at IST midnight, not UTC midnight', () => {
    // 6 Jan 09:15: TP 10 × 100 → 10; 09:16: TP 11 × 300 → (1,000 + 3,300)/400 = 10.75
    // 6 Jan 23:59 IST: same IST day → (4,300 + 30·50)/450 = 5,800/450
    // 7 Jan 00:01 IST (still 6 Jan in UTC): new session, no volume → NaN; then TP 21 × 50 → 21
    const times = [
      istTime('2025-01-06', 9, 15),
      istTime('2025-01-06', 9, 16),
      istTime('2025-01-06', 23, 59),
      istTime('2025-01-07', 0, 1),
      istTime('2025-01-07', 9, 15),
    ];
    const bars = hlc(
      [
        [11, 9, 10, 100],
        [12, 10, 11, 300],
        [31, 29, 30, 50],
        [21, 19, 20, 0],
        [22, 20, 21, 50],
      ],
      (i) => times[i]!,
    );
    same(computeSeries(vwap(), bars), [10, 10.75, 5800 / 450, NaN, 21]);
  });

  it('ADX(2) with +DI and −DI', () => {
    // from i1: +DM 1, 1, 0, 0; −DM 0, 0, 2, 0; TR 2, 2, 3, 1
    // SMMA(2): TR 2, 2.5, 1.75 (i2..i4); +DM 1, 0.5, 0.25; −DM 0, 1, 0.5
    // +DI 50, 20, 100/7; −DI 0, 40, 200/7; DX 100, 100/3, 100/3
    // ADX: i3 = (100 + 100/3)/2 = 200/3; i4 = 200/3·0.5 + 100/3·0.5 = 50
    const bars = hlc([
      [10, 8, 9],
      [11, 9, 10],
      [12, 10, 11],
      [11, 8, 9],
      [10, 9, 9.5],
    ]);
    const a = adx(2);
    same(computeSeries(a, bars), [NaN, NaN, NaN, 200 / 3, 50]);
    const p = adx(2);
    same(computeSeries(p, bars, p.outputs.plusDI), [NaN, NaN, 50, 20, 100 / 7]);
    const m = adx(2);
    same(computeSeries(m, bars, m.outputs.minusDI), [NaN, NaN, 0, 40, 200 / 7]);
    expect([adx().warmup, adx().outputs.plusDI.warmup]).toEqual([27, 14]);
  });

  it('SuperTrend(1, 1)', () => {
    // ATR(1) = TR from i1: 1.5, 1.5, 13 − 11.8 = 1.2, 12.9 − 10 = 2.9
    // i1: hl2 10.5 → bands 12 / 9, first bar: down, line = upper 12
    // i2: basic 13 / 10 → upper stays 12 (13 ≥ 12, prev close 10.5 ≤ 12), lower 10; close 11.8 ≤ 12: down, 12
    // i3: basic 13.7 / 11.3 → upper 12, lower 11.3; close 12.9 > 12: up, line = lower 11.3
    // i4: basic 14.15 / 8.35 → upper 14.15 (prev close 12.9 > 12), lower stays 11.3; close 10.2 < 11.3: down, 14.15
    const bars = hlc([
      [10, 9, 9.5],
      [11, 10, 10.5],
      [12, 11, 11.8],
      [13, 12, 12.9],
      [12.5, 10, 10.2],
    ]);
    const s = supertrend(1, 1);
    same(computeSeries(s, bars), [NaN, 12, 12, 11.3, 14.15]);
    const d = supertrend(1, 1);
    same(computeSeries(d, bars, d.outputs.direction), [NaN, -1, -1, 1, -1]);
    expect(supertrend().warmup).toBe(10);
  });
});

describe('bad parameters name the parameter, the value and what was expected', () => {
  it.each([
    [() => stochastic(0), 'stochastic.k: got 0, expected an integer >= 1'],
    [() => stochastic(14, 3, 0), 'stochastic.d: got 0, expected an integer >= 1'],
    [() => adx(-1), 'adx.period: got -1, expected an integer >= 1'],
    [() => cci(1.5), 'cci.period: got 1.5, expected an integer >= 1'],
    [() => roc(NaN), 'roc.period: got NaN, expected an integer >= 1'],
    [() => williamsR(0), 'williamsR.period: got 0, expected an integer >= 1'],
    [() => donchian(0), 'donchian.period: got 0, expected an integer >= 1'],
    [() => wma(0), 'wma.period: got 0, expected an integer >= 1'],
    [() => highest(0), 'highest.period: got 0, expected an integer >= 1'],
    [() => lowest(-3), 'lowest.period: got -3, expected an integer >= 1'],
    [() => supertrend(10, -3), 'supertrend.multiplier: got -3, expected a finite number >= 0'],
    [() => supertrend(10, Infinity), 'supertrend.multiplier: got Infinity, expected a finite number >= 0'],
    [() => vwap('avg' as never), 'vwap.source: got "avg"'],
  ])('%#', (build, message) => {
    expect(build).toThrow(message);
  });
});
