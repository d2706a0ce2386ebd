// Market orders, commissions and cash checks on tiny hand-made data; every number below is
// computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import { DAY, FIRST_BAR, makeSeries } from '../../../test/fixtures/engine/bars';
import { runScript } from '../../../test/fixtures/engine/scripted';

// open, high, low, close
const BARS = makeSeries([
  [100, 102, 99, 101],
  [102, 104, 101, 103],
  [103, 105, 102, 104],
  [104, 106, 103, 105],
]);

describe('market orders', () => {
  it('fill at the next open for the whole size, and onBar of that bar already sees the fill', () => {
    const seen: number[] = [];
    const r = runScript(BARS, (ctx, i) => {
      seen.push(ctx.position.qty);
      if (i === 0) ctx.buy(10);
      if (i === 2) ctx.close();
    });
    expect(seen).toEqual([0, 10, 10, 0]);
    const [buy, sell] = r.orders.toArray();
    expect(buy).toMatchObject({
      side: 'buy',
      qty: 10,
      status: 'filled',
      price: 102,
      createdTime: FIRST_BAR,
      time: FIRST_BAR + DAY,
    });
    expect(sell).toMatchObject({
      side: 'sell',
      qty: 10,
      status: 'filled',
      price: 104,
      time: FIRST_BAR + 3 * DAY,
    });
    // cash: 1,000,000 − 10·102 + 10·104 = 1,000,020
    expect(r.cash).toBe(1_000_020);
    expect(r.finalValue).toBe(1_000_020);
    expect(r.trades.toArray()).toEqual([
      {
        symbol: 'TEST',
        side: 'long',
        qty: 10,
        entryTime: FIRST_BAR + DAY,
        entryPrice: 102,
        exitTime: FIRST_BAR + 3 * DAY,
        exitPrice: 104,
        pnl: 20,
        costs: 0,
        netPnl: 20,
        bars: 2,
      },
    ]);
  });

  it('charge a percentage commission on |qty|·price at entry and at exit', () => {
    const r = runScript(
      BARS,
      (ctx, i) => {
        if (i === 0) ctx.buy(10);
        if (i === 2) ctx.close();
      },
      { costs: 'percent:0.001' },
    );
    // entry 0.1 % of 1020 = 1.02; exit 0.1 % of 1040 = 1.04
    expect(r.orders.toArray().map((o) => o.costs)).toEqual([1.02, 1.04]);
    expect(r.cash).toBe(1_000_017.94); // 1,000,000 − 1020 − 1.02 + 1040 − 1.04
    const [trade] = r.trades.toArray();
    expect(trade).toMatchObject({ pnl: 20, costs: 2.06, netPnl: 17.94 });
    expect(r.stats.costs).toMatchObject({ brokerage: 2.06, total: 2.06 });
    expect(r.stats.tradedValue).toBe(2060);
  });

  it('never fill an order created on the last bar', () => {
    const r = runScript(BARS, (ctx, i) => {
      if (i === 3) ctx.buy(10);
    });
    expect(r.orders.toArray()).toEqual([
      // handed to the broker, never accepted: the bar that would accept it never came
      expect.objectContaining({
        status: 'sent',
        createdTime: FIRST_BAR + 3 * DAY,
        time: NaN,
        price: NaN,
        filledQty: 0,
      }),
    ]);
    expect(r.cash).toBe(1_000_000);
    expect(r.finalValue).toBe(1_000_000);
  });

  it('value a position still open at the end at the last close, without making it a trade', () => {
    const r = runScript(BARS, (ctx, i) => {
      if (i === 0) ctx.buy(10);
    });
    expect(r.trades.length).toBe(0);
    expect(r.cash).toBe(998_980); // 1,000,000 − 1020
    expect(r.finalValue).toBe(1_000_030); // 998,980 + 10·105
    expect(r.positions).toEqual([
      expect.objectContaining({
        symbol: 'TEST',
        qty: 10,
        avgPrice: 102,
        lastPrice: 105,
        marketValue: 1050,
        unrealizedPnl: 30,
      }),
    ]);
    expect(r.stats.exposure).toBe(0.75); // held on bars 1, 2, 3 of 4
  });
});

describe('cash checks', () => {
  const buyOnFirstBar = (qty: number) => (ctx: Parameters<Parameters<typeof runScript>[1]>[0], i: number) => {
    if (i === 0) ctx.buy(qty);
  };

  it('reject at acceptance when value + commission at the creating close exceeds cash', () => {
    // 10·101 = 1010 plus 0.1 % (1.01) = 1011.01 > 1011
    const r = runScript(BARS, buyOnFirstBar(10), { cash: 1011, costs: 'percent:0.001' });
    expect(r.orders.at(0)).toMatchObject({
      status: 'rejected',
      reason: 'insufficient_cash',
      time: FIRST_BAR + DAY,
      price: NaN,
    });
    expect(r.cash).toBe(1011);
  });

  it('reject at the fill when the fill price makes the buy unaffordable', () => {
    // accepted: 10·101 = 1010 <= 1015; at the fill 10·102 = 1020 > 1015
    const r = runScript(BARS, buyOnFirstBar(10), { cash: 1015 });
    expect(r.orders.at(0)).toMatchObject({ status: 'rejected', reason: 'insufficient_cash' });
    expect(r.positions).toEqual([]);
  });

  it('accept a buy that leaves exactly zero cash', () => {
    const r = runScript(BARS, buyOnFirstBar(10), { cash: 1020 });
    expect(r.orders.at(0)).toMatchObject({ status: 'filled', price: 102 });
    expect(r.cash).toBe(0);
  });

  it('check the orders of one bar cumulatively, in creation order', () => {
    // 2500 − 1010 − 1010 = 480 ≥ 0, the third would need 1010 more
    const r = runScript(
      BARS,
      (ctx, i) => {
        if (i === 0) for (let k = 0; k < 3; k++) ctx.buy(10);
      },
      { cash: 2500 },
    );
    expect(r.orders.toArray().map((o) => o.status)).toEqual(['filled', 'filled', 'rejected']);
    expect(r.cash).toBe(460); // 2500 − 2·1020
  });

  it('refuse to sell short without the intraday product', () => {
    const r = runScript(BARS, (ctx, i) => {
      if (i === 0) ctx.sell(5);
    });
    expect(r.orders.at(0)).toMatchObject({ status: 'rejected', reason: 'short_not_allowed' });
  });

  it('reject quantities that are not whole lots', () => {
    const r = runScript(
      BARS,
      (ctx, i) => {
        if (i === 0) {
          ctx.buy(70);
          ctx.buy(130);
        }
      },
      { instrument: { lotSize: 65, kind: 'future' } },
    );
    expect(r.orders.toArray().map((o) => [o.status, o.reason])).toEqual([
      ['rejected', 'invalid_quantity'],
      ['filled', undefined],
    ]);
  });
});
