// Each template trades exactly by its documented rule: a plain reference loop applies the rule to
// indicator series (batch oracles where they exist) with fills at the next open, and the engine's
// trades must match it bar for bar.
import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../core/bar';
import { runBacktest } from '../engine/backtest';
import { batchCrossover, batchSma } from '../indicators/batch-definitions';
import { bollinger, computeSeries, donchian, ema, macd, rsi, supertrend } from '../indicators/index';
import { flatSeries, randomWalk } from '../../../test/fixtures/engine/bars';

type Rule = (i: number, flat: boolean) => 'buy' | 'sell' | undefined;

/** Entry and exit bar indexes of the round trips a rule makes (market orders, next-open fills). */
function reference(series: BarSeries, firstCall: number, rule: Rule): [number, number][] {
  const trades: [number, number][] = [];
  let entry = -1;
  let pending: 'buy' | 'sell' | undefined;
  for (let i = 0; i < series.length; i++) {
    if (pending === 'buy') entry = i;
    if (pending === 'sell') {
      trades.push([entry, i]);
      entry = -1;
    }
    pending = i >= firstCall ? rule(i, entry < 0) : undefined;
  }
  return trades;
}

function engineTrades(
  series: BarSeries,
  strategy: string,
  params: Record<string, unknown>,
): [number, number][] {
  const result = runBacktest({ strategy, params, cash: 1e9 }, new Map([[series.symbol, series]]));
  const index = (t: number) => series.time.indexOf(t);
  return result.trades.toArray().map((t) => [index(t.entryTime), index(t.exitTime)]);
}

const series = randomWalk(800, 4242);
const closes = Array.from(series.close);

describe('templates follow their rules', () => {
  it('sma-cross', () => {
    const cross = batchCrossover(batchSma(closes, 5), batchSma(closes, 12));
    const rule: Rule = (i, flat) =>
      flat && cross[i] === 1 ? 'buy' : !flat && cross[i] === -1 ? 'sell' : undefined;
    const expected = reference(series, 12, rule);
    expect(expected.length).toBeGreaterThan(5);
    expect(engineTrades(series, 'sma-cross', { fast: 5, slow: 12 })).toEqual(expected);
  });

  it('ema-cross', () => {
    const cross = batchCrossover(
      Array.from(computeSeries(ema(5), series)),
      Array.from(computeSeries(ema(12), series)),
    );
    const rule: Rule = (i, flat) =>
      flat && cross[i] === 1 ? 'buy' : !flat && cross[i] === -1 ? 'sell' : undefined;
    const expected = reference(series, 12, rule);
    expect(expected.length).toBeGreaterThan(5);
    expect(engineTrades(series, 'ema-cross', { fast: 5, slow: 12 })).toEqual(expected);
  });

  it('rsi-reversion', () => {
    const r = computeSeries(rsi(6), series);
    const rule: Rule = (i, flat) => (flat && r[i]! < 35 ? 'buy' : !flat && r[i]! > 65 ? 'sell' : undefined);
    const expected = reference(series, 6, rule);
    expect(expected.length).toBeGreaterThan(5);
    expect(engineTrades(series, 'rsi-reversion', { period: 6, lower: 35, upper: 65 })).toEqual(expected);
  });

  it('bollinger-reversion', () => {
    const b = bollinger(10, 1.5);
    const lower = computeSeries(b, series, b.outputs.lower);
    const middle = computeSeries(bollinger(10, 1.5), series);
    const rule: Rule = (i, flat) =>
      flat && closes[i]! < lower[i]! ? 'buy' : !flat && closes[i]! > middle[i]! ? 'sell' : undefined;
    const expected = reference(series, 9, rule);
    expect(expected.length).toBeGreaterThan(5);
    expect(engineTrades(series, 'bollinger-reversion', { period: 10, k: 1.5 })).toEqual(expected);
  });

  it('macd-cross', () => {
    const line = computeSeries(macd(6, 13, 5), series);
    const m = macd(6, 13, 5);
    const signal = computeSeries(m, series, m.outputs.signal);
    const cross = batchCrossover(Array.from(line), Array.from(signal));
    const rule: Rule = (i, flat) =>
      flat && cross[i] === 1 ? 'buy' : !flat && cross[i] === -1 ? 'sell' : undefined;
    const expected = reference(series, 13 + 5 - 1, rule);
    expect(expected.length).toBeGreaterThan(5);
    expect(engineTrades(series, 'macd-cross', { fast: 6, slow: 13, signal: 5 })).toEqual(expected);
  });

  it.each([
    [15, 6],
    [4, 30], // an exit channel longer than the entry one: onBar starts when both exist
  ])('donchian-breakout entry=%i exit=%i', (entry, exit) => {
    const e = donchian(entry);
    const up = computeSeries(e, series, e.outputs.previousUpper);
    const x = donchian(exit);
    const down = computeSeries(x, series, x.outputs.previousLower);
    const rule: Rule = (i, flat) =>
      flat && closes[i]! > up[i]! ? 'buy' : !flat && closes[i]! < down[i]! ? 'sell' : undefined;
    const expected = reference(series, Math.max(entry, exit), rule);
    expect(expected.length).toBeGreaterThan(3);
    expect(engineTrades(series, 'donchian-breakout', { entry, exit })).toEqual(expected);
  });

  it('donchian-breakout waits for the longer channel before its first entry', () => {
    // Closes rise every bar, so every bar from index 2 breaks out above the prior 2-bar channel;
    // the 5-bar exit channel exists from index 5, so the first order is placed there (fill at 6).
    const rising = flatSeries(Array.from({ length: 12 }, (_, i) => 100 + i));
    expect(engineTrades(rising, 'donchian-breakout', { entry: 2, exit: 5 })).toEqual([]);
    const result = runBacktest(
      { strategy: 'donchian-breakout', params: { entry: 2, exit: 5 } },
      new Map([[rising.symbol, rising]]),
    );
    expect(result.positions[0]!.entryTime).toBe(rising.time[6]);
  });

  it('supertrend', () => {
    const st = supertrend(7, 2);
    const direction = computeSeries(st, series, st.outputs.direction);
    let previous = 0;
    const rule: Rule = (i, flat) => {
      const d = direction[i]!;
      const turned = previous !== 0 && d !== previous;
      previous = d;
      if (!turned) return undefined;
      return d > 0 && flat ? 'buy' : d < 0 && !flat ? 'sell' : undefined;
    };
    const expected = reference(series, 7, rule);
    expect(expected.length).toBeGreaterThan(3);
    expect(engineTrades(series, 'supertrend', { period: 7, multiplier: 2 })).toEqual(expected);
  });

  it('buy-and-hold invests its share of equity at the first bar and holds', () => {
    const result = runBacktest(
      { strategy: 'buy-and-hold', params: { percent: 50 } },
      new Map([[series.symbol, series]]),
    );
    const [order] = result.orders.toArray();
    // 50 % of 1,000,000 at the first close, in whole shares
    expect(order).toMatchObject({
      side: 'buy',
      qty: Math.floor(500_000 / closes[0]!),
      price: series.open[1],
      status: 'filled',
    });
    expect(result.orders.length).toBe(1);
    expect(result.trades.length).toBe(0);
    expect(result.positions[0]!.qty).toBe(order!.qty);
  });
});
