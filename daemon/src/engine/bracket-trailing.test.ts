// Bracket entries (stop-loss and target, one-cancels-other) and trailing stops.
import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import type { BracketRequest } from '../strategies/strategy';
import { makeSeries, type Ohlc } from '../../../test/fixtures/engine/bars';
import { runScript, type ScriptEvents } from '../../../test/fixtures/engine/scripted';

const ENTRY: Ohlc[] = [
  [100, 102, 99, 101], // bar 0: bracket created
  [102, 104, 101, 103], // bar 1: entry fills at the open, 102; legs are created
];

function bracket(
  later: Ohlc[],
  request: Pick<BracketRequest, 'stopLoss' | 'target'> = { stopLoss: { offset: 2 }, target: { offset: 3 } },
) {
  return runScript(makeSeries([...ENTRY, ...later]), (ctx, i) => {
    if (i === 0) ctx.bracket({ side: 'buy', qty: 10, ...request });
  });
}

describe('bracket orders', () => {
  it('create the stop-loss and target from the entry fill and cancel the stop when the target fills', () => {
    const r = bracket([[103, 105, 102, 104]]); // target 105 reached (high 105)
    const [entry, stop, target] = r.orders.toArray();
    expect(entry).toMatchObject({ type: 'market', status: 'filled', price: 102 });
    expect(stop).toMatchObject({
      type: 'stop',
      side: 'sell',
      qty: 10,
      stopPrice: 100,
      parentId: 1,
      ocoId: 3,
      status: 'cancelled',
      reason: 'oco',
      tag: 'stop-loss',
    });
    expect(target).toMatchObject({
      type: 'limit',
      side: 'sell',
      limitPrice: 105,
      parentId: 1,
      ocoId: 2,
      status: 'filled',
      price: 105,
      tag: 'target',
    });
    expect(r.cash).toBe(1_000_030); // − 1020 + 1050
    expect(r.trades.at(0)).toMatchObject({ pnl: 30, exitPrice: 105 });
  });

  it('takes the stop-loss first when one bar reaches both legs inside it (the conservative reading)', () => {
    const r = bracket([[103, 106, 99, 104]]);
    const [, stop, target] = r.orders.toArray();
    expect(stop).toMatchObject({ status: 'filled', price: 100 });
    expect(target).toMatchObject({ status: 'cancelled', reason: 'oco' });
    expect(r.cash).toBe(999_980); // − 1020 + 1000
  });

  it('fills the target at the open when the bar opens through it, though its low reaches the stop too (issue 15 §7)', () => {
    // entry 102: stop 100, target 105. The bar opens at 106: the target filled first, at the open.
    const r = bracket([[106, 107, 99, 100]]);
    const [, stop, target] = r.orders.toArray();
    expect(target).toMatchObject({ status: 'filled', price: 106 });
    expect(stop).toMatchObject({ status: 'cancelled', reason: 'oco', endSource: 'oco' });
    expect(r.cash).toBe(1_000_040); // − 1020 + 1060
  });

  it('mirrors the gap rule for a short bracket, and still takes a stop the bar opens through', () => {
    const intraday = { start: istTime('2025-01-06', 10, 0), step: 5 * 60_000, timeframe: '5m' };
    const short = runScript(
      makeSeries([...ENTRY, [98, 105, 97, 104]], intraday),
      (ctx, i) => {
        if (i === 0) ctx.bracket({ side: 'sell', qty: 10, stopLoss: { offset: 2 }, target: { offset: 3 } });
      },
      { product: 'intraday' },
    );
    // entry 102: buy stop 104, buy target 99; the bar opens at 98, through the target
    expect(
      short.orders
        .toArray()
        .slice(1)
        .map((o) => [o.tag, o.status, o.price]),
    ).toEqual([
      ['stop-loss', 'cancelled', NaN],
      ['target', 'filled', 98],
    ]);
    // opening through the stop (99 ≤ 100) with the high reaching the target: the stop, at the open
    const gapDown = bracket([[99, 106, 98, 105]]);
    expect(
      gapDown.orders
        .toArray()
        .slice(1)
        .map((o) => [o.tag, o.status, o.price]),
    ).toEqual([
      ['stop-loss', 'filled', 99],
      ['target', 'cancelled', NaN],
    ]);
  });

  it('judges the gap by the stop in force at the open, not the level a trailing stop moves to after the bar', () => {
    // trailing stop 102 − 2 = 100, target 105. The bar opens at 103, reaches the target inside,
    // closes at 106: the stop trails to 104 for the next bar, but at this bar's open it was 100.
    const r = bracket([[103, 106, 102.5, 106]], {
      stopLoss: { trail: { amount: 2 } },
      target: { offset: 3 },
    });
    const [, stop, target] = r.orders.toArray();
    expect(target).toMatchObject({ status: 'filled', price: 105, time: r.equity.time[2] });
    expect(stop).toMatchObject({ status: 'cancelled', reason: 'oco' });
  });

  it('does not work the legs on the bar the entry filled on', () => {
    // Bar 1's low (101) is below a stop at 101.5, but the legs only exist from bar 2.
    const r = bracket([[103, 104, 102.5, 103]], { stopLoss: { offset: 0.5 }, target: { offset: 10 } });
    expect(r.orders.at(1)).toMatchObject({ stopPrice: 101.5, status: 'open' });
  });

  it('supports absolute and percentage levels and a limit entry', () => {
    const r = runScript(makeSeries([...ENTRY, [103, 103, 97, 98]]), (ctx, i) => {
      if (i === 0)
        ctx.bracket({ side: 'buy', qty: 10, limitPrice: 101.5, stopLoss: { percent: 2 }, target: 110 });
    });
    const [entry, stop, target] = r.orders.toArray();
    expect(entry).toMatchObject({ type: 'limit', price: 101.5 });
    expect(stop).toMatchObject({ stopPrice: 99.45, status: 'filled', price: 99.45 }); // 101.5 · 0.98 = 99.47 → down to 99.45
    expect(target).toMatchObject({ limitPrice: 110, status: 'cancelled' });
  });

  it('reports every leg to onOrder', () => {
    const events: ScriptEvents = { orders: [], trades: [] };
    runScript(
      makeSeries([...ENTRY, [103, 105, 102, 104]]),
      (ctx, i) => {
        if (i === 0) ctx.bracket({ side: 'buy', qty: 10, stopLoss: { offset: 2 }, target: { offset: 3 } });
      },
      {},
      events,
    );
    expect(events.orders.map((o) => [o.id, o.status])).toEqual([
      [1, 'filled'],
      [3, 'filled'],
      [2, 'cancelled'],
    ]);
    expect(events.trades).toHaveLength(1);
  });
});

describe('trailing stops', () => {
  const bars = makeSeries([
    [100, 102, 99, 101],
    [102, 104, 101, 103], // long 10 from 102; trailing stop created: 103 − 2 = 101
    [103, 105, 102, 104], // low 102 > 101: no fill; trails to 104 − 2 = 102
    [104, 106, 103, 105], // low 103 > 102; trails to 103
    [104, 104.5, 102.5, 103], // low 102.5 ≤ 103: fills at 103
  ]);

  it('trail the close by an amount and fill when the bar trades through the stop', () => {
    const r = runScript(bars, (ctx, i) => {
      if (i === 0) ctx.buy(10);
      if (i === 1) ctx.trailingStop('sell', 10, { amount: 2 });
    });
    expect(r.orders.at(1)).toMatchObject({
      type: 'trailing-stop',
      status: 'filled',
      price: 103,
      stopPrice: 103,
    });
    expect(r.cash).toBe(1_000_010); // − 1020 + 1030
  });

  it('trail by a percentage, rounded to the tick', () => {
    const r = runScript(bars, (ctx, i) => {
      if (i === 0) ctx.buy(10);
      if (i === 1) ctx.trailingStop('sell', 10, { percent: 2 });
    });
    // 103 · 0.98 = 100.94 → 100.95; 104 · 0.98 = 101.92 → 101.90; 105 · 0.98 = 102.9 → 102.90
    // bar 4: low 102.5 ≤ 102.90 → fills at 102.90
    expect(r.orders.at(1)).toMatchObject({ status: 'filled', price: 102.9 });
  });

  it('never loosens: a falling close leaves the stop where it was', () => {
    const r = runScript(
      makeSeries([
        [100, 102, 99, 101],
        [102, 104, 101, 103], // stop 101
        [103, 105, 102, 104], // trails to 102
        [103.5, 104, 102.5, 102.6], // low 102.5 > 102; close falls, stop stays 102
        [102.5, 103, 101.8, 102], // low 101.8 ≤ 102: fills at 102
      ]),
      (ctx, i) => {
        if (i === 0) ctx.buy(10);
        if (i === 1) ctx.trailingStop('sell', 10, { amount: 2 });
      },
    );
    expect(r.orders.at(1)).toMatchObject({ status: 'filled', price: 102 });
  });

  it('can be a bracket stop-loss', () => {
    const r = runScript(bars, (ctx, i) => {
      if (i === 0) ctx.bracket({ side: 'buy', qty: 10, stopLoss: { trail: { amount: 2 } } });
    });
    // leg placed at the entry fill 102 − 2 = 100 on bar 1; bar 1 close trails nothing (leg works from bar 2)
    // bar 2: no fill, trails to 102; bar 3: trails to 103; bar 4: fills at 103
    expect(r.orders.at(1)).toMatchObject({ type: 'trailing-stop', status: 'filled', price: 103 });
  });
});
