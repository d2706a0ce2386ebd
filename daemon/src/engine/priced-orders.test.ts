// Limit, stop and stop-limit orders against later bars' OHLC, the gap rule, tick rounding and
// slippage. Bar 0 creates the order; bar 1 is the first bar it can fill on.
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../core/order';
import { makeSeries, type Ohlc } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';

const BAR0: Ohlc = [100, 102, 99, 101];

/** Runs one order created on bar 0 over `later` bars; returns its record and the final cash. */
function place(request: OrderRequest, later: Ohlc[], spec = {}) {
  const r = runScript(
    makeSeries([BAR0, ...later]),
    (ctx, i) => {
      if (i === 0) ctx.order(request);
    },
    spec,
  );
  return { order: r.orders.at(0), cash: r.cash };
}

describe('fill rules', () => {
  it.each([
    // [description, request, bar 1, expected fill price or NaN]
    [
      'buy limit reached inside the bar',
      { side: 'buy', qty: 1, type: 'limit', limitPrice: 101.5 },
      [102, 104, 101, 103],
      101.5,
    ],
    [
      'buy limit gapped through: fills at the open',
      { side: 'buy', qty: 1, type: 'limit', limitPrice: 103 },
      [102, 104, 101, 103],
      102,
    ],
    [
      'buy limit not reached',
      { side: 'buy', qty: 1, type: 'limit', limitPrice: 100 },
      [102, 104, 101, 103],
      NaN,
    ],
    [
      'buy stop touched inside the bar',
      { side: 'buy', qty: 1, type: 'stop', stopPrice: 103.5 },
      [102, 104, 101, 103],
      103.5,
    ],
    [
      'buy stop gapped through: fills at the open',
      { side: 'buy', qty: 1, type: 'stop', stopPrice: 101 },
      [102, 104, 101, 103],
      102,
    ],
    [
      'buy stop not reached',
      { side: 'buy', qty: 1, type: 'stop', stopPrice: 105 },
      [102, 104, 101, 103],
      NaN,
    ],
    [
      'buy stop-limit, marketable limit: fills at the stop',
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 103.5, limitPrice: 103.6 },
      [102, 104, 101, 103],
      103.5,
    ],
    [
      'buy stop-limit, limit below the stop, the close at the limit: certainly reached after the trigger',
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 103.5, limitPrice: 103 },
      [102, 104, 101, 103],
      103,
    ],
    [
      'buy stop-limit, limit below the stop, the close below it: fills at the limit',
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 103.5, limitPrice: 103 },
      [102, 104, 101, 102.5],
      103,
    ],
    [
      'buy stop-limit, limit below the stop, the low under it but the close above: rests',
      // the low (101) may have come before the stop was touched
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 103.5, limitPrice: 103 },
      [102, 104, 101, 103.5],
      NaN,
    ],
    [
      'buy stop-limit gapped: limit applies to the whole bar',
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 101, limitPrice: 102.5 },
      [102, 104, 101, 103],
      102,
    ],
  ] as [string, OrderRequest, Ohlc, number][])('%s', (_name, request, bar1, expected) => {
    const { order } = place(request, [bar1]);
    expect(order.price).toBe(expected);
    // accepted at bar 1, then working (open) or filled
    expect(order.status).toBe(Number.isNaN(expected) ? 'open' : 'filled');
  });

  it('sell limit and sell stop mirror the buy side', () => {
    const buyThen = (request: OrderRequest, bar2: Ohlc) => {
      const r = runScript(makeSeries([BAR0, [102, 104, 101, 103], bar2]), (ctx, i) => {
        if (i === 0) ctx.buy(1);
        if (i === 1) ctx.order(request);
      });
      return r.orders.at(1).price;
    };
    expect(buyThen({ side: 'sell', qty: 1, type: 'limit', limitPrice: 104.5 }, [103, 105, 102, 104])).toBe(
      104.5,
    );
    expect(buyThen({ side: 'sell', qty: 1, type: 'limit', limitPrice: 102 }, [103, 105, 102, 104])).toBe(103);
    expect(buyThen({ side: 'sell', qty: 1, type: 'stop', stopPrice: 102.5 }, [103, 105, 102, 104])).toBe(
      102.5,
    );
    expect(buyThen({ side: 'sell', qty: 1, type: 'stop', stopPrice: 100 }, [98, 99, 97, 98])).toBe(98);
  });

  it.each([
    // [description, request, bar 1, expected fill price or NaN]
    [
      'marketable limit (at or below the stop): fills at the stop',
      { stopPrice: 100, limitPrice: 99.5 },
      [102, 103, 99, 102],
      100,
    ],
    [
      'limit above the stop, the close at or above it: fills at the limit',
      { stopPrice: 100, limitPrice: 101 },
      [102, 103, 99, 101],
      101,
    ],
    [
      'limit above the stop, the close below it: rests',
      { stopPrice: 100, limitPrice: 101 },
      [102, 103, 99, 100.5],
      NaN,
    ],
    [
      'gapped below the stop: a limit for the whole bar',
      { stopPrice: 100, limitPrice: 98.5 },
      [98, 99, 97, 97.5],
      98.5,
    ],
  ] as [string, Pick<OrderRequest, 'stopPrice' | 'limitPrice'>, Ohlc, number][])(
    'sell stop-limit, %s',
    (_name, prices, bar2, expected) => {
      const r = runScript(makeSeries([BAR0, [102, 104, 101, 103], bar2]), (ctx, i) => {
        if (i === 0) ctx.buy(1);
        if (i === 1) ctx.order({ side: 'sell', qty: 1, type: 'stop-limit', ...prices });
      });
      expect(r.orders.at(1)).toMatchObject({
        price: expected,
        status: Number.isNaN(expected) ? 'open' : 'filled',
      });
    },
  );

  it('fill a stop-limit triggered inside a bar only when the price certainly came back to its limit (issue 15 §7)', () => {
    // buy stop 494.05, limit 491.58; the bar opens below the stop, reaches it (high 496.60) and
    // closes at 495.90: its low (484.90) may have come before the trigger, so nothing shows the
    // price fell back to 491.58 afterwards. The order rests as a limit from the next bar.
    const { order } = place(
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 494.05, limitPrice: 491.58 },
      [
        [488.15, 496.6, 484.9, 495.9],
        [495, 496, 491, 492], // low 491 reaches the limit
      ],
      { instrument: { tickSize: 0.01 } },
    );
    expect(order).toMatchObject({
      status: 'filled',
      price: 491.58,
      time: makeSeries([BAR0, BAR0, BAR0]).time[2],
    });
    // the same bar closing at 491.00 shows the price crossed 491.58 after the trigger
    const closing = place(
      { side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 494.05, limitPrice: 491.58 },
      [[488.15, 496.6, 484.9, 491]],
      { instrument: { tickSize: 0.01 } },
    );
    expect(closing.order).toMatchObject({
      status: 'filled',
      price: 491.58,
      time: makeSeries([BAR0, BAR0]).time[1],
    });
  });

  it('keep a triggered stop-limit working as a limit order on later bars', () => {
    // Bar 1 touches the stop (high 104 ≥ 103.5) but never trades at or below the 100 limit;
    // bar 2 opens at 99.5, through the limit: fills at the open.
    const { order } = place({ side: 'buy', qty: 1, type: 'stop-limit', stopPrice: 103.5, limitPrice: 100 }, [
      [102, 104, 101, 103],
      [99.5, 101, 99, 100],
    ]);
    expect(order).toMatchObject({ status: 'filled', price: 99.5 });
  });

  it('check an order on every later bar until it fills', () => {
    const { order } = place({ side: 'buy', qty: 1, type: 'limit', limitPrice: 100 }, [
      [102, 104, 101, 103],
      [103, 105, 102, 104],
      [101, 101, 99.5, 100],
    ]);
    expect(order).toMatchObject({
      status: 'filled',
      price: 100,
      time: makeSeries([BAR0, BAR0, BAR0, BAR0]).time[3],
    });
  });

  it('round order prices to the tick, never more aggressive than asked', () => {
    // tick 0.05: a buy limit at 101.52 becomes 101.50, a buy stop at 103.51 becomes 103.55
    expect(
      place({ side: 'buy', qty: 1, type: 'limit', limitPrice: 101.52 }, [[102, 104, 101, 103]]).order
        .limitPrice,
    ).toBe(101.5);
    expect(
      place({ side: 'buy', qty: 1, type: 'stop', stopPrice: 103.51 }, [[102, 104, 101, 103]]).order,
    ).toMatchObject({ stopPrice: 103.55, price: 103.55 });
    const fine = place({ side: 'buy', qty: 1, type: 'limit', limitPrice: 101.52 }, [[102, 104, 101, 103]], {
      instrument: { tickSize: 0.01 },
    });
    expect(fine.order.price).toBe(101.52);
  });

  it('reject an order without the price its type needs', () => {
    expect(place({ side: 'buy', qty: 1, type: 'limit' }, [[102, 104, 101, 103]]).order).toMatchObject({
      status: 'rejected',
      reason: 'invalid_price',
    });
  });
});

describe('slippage', () => {
  const bar1: Ohlc = [102, 104, 101, 103];

  it('moves market fills against the trader by ticks, rounded to the tick', () => {
    // 102 + 2 ticks of 0.05
    expect(place({ side: 'buy', qty: 10, type: 'market' }, [bar1], { slippage: 'ticks:2' }).order.price).toBe(
      102.1,
    );
  });

  it('moves market fills by basis points, rounded away from the trader', () => {
    // 102 · 10 bps = 0.102 → 102.102 → up to the tick: 102.15
    const { order, cash } = place({ side: 'buy', qty: 10, type: 'market' }, [bar1], { slippage: 'bps:10' });
    expect(order.price).toBe(102.15);
    expect(cash).toBe(1_000_000 - 1021.5);
  });

  it('stays inside the bar and leaves limit fills alone', () => {
    expect(
      place({ side: 'buy', qty: 1, type: 'market' }, [[102, 102.05, 101, 102]], { slippage: 'ticks:5' }).order
        .price,
    ).toBe(102.05);
    expect(
      place({ side: 'buy', qty: 1, type: 'limit', limitPrice: 101.5 }, [bar1], { slippage: 'ticks:5' }).order
        .price,
    ).toBe(101.5);
  });
});
