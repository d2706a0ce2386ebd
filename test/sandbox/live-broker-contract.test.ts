// A live session's broker side is the engine's live contract (engine/broker-port.ts): orders
// leave as intents with durable client order ids, and what the real broker did comes back keyed
// by those ids — acknowledgements, partial fills, rejections in the broker's words, expiries. A
// restarted session adopts its working orders from the ledger without sending them again, and the
// runner's clock squares an intraday position off at 15:20 when the feed is silent.
import { afterEach, describe, expect, it } from 'vitest';
import { equityInstrument } from '../../daemon/src/core/instrument';
import { istTime } from '../../daemon/src/core/time';
import { LiveStrategy, type LiveBar, type LiveSessionConfig } from '../../daemon/src/sandbox/live-strategy';
import { hostile } from './hostile-strategies';
import { compiled } from './support';

const open: LiveStrategy[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const DAY = '2025-01-06';
const bar = (minute: number, price: number): LiveBar => ({
  symbol: 0,
  time: istTime(DAY, 15, minute),
  open: price,
  high: price + 1,
  low: price - 1,
  close: price,
  volume: 100,
});

// onOrder reports every change it hears of through the console, which a step returns.
const REPORTER = `onOrder(ctx, order) {
    console.log([order.clientOrderId, order.status, order.filledQty, order.avgFillPrice, order.reason ?? '', order.message ?? ''].join(' '));
  },`;

async function start(onBar: string, config: Partial<LiveSessionConfig> = {}) {
  const live = await LiveStrategy.open(await compiled(hostile({ onBar, extra: REPORTER })), {
    symbols: ['LIVE'],
    instruments: [equityInstrument('LIVE')],
    params: {},
    cash: 1_000_000,
    product: 'delivery',
    orderIds: { prefix: 'd9', session: 40 },
    ...config,
  });
  open.push(live);
  return live;
}

const lines = (out: { logs: { lines: { text: string }[] } }) => out.logs.lines.map((l) => l.text);

describe('the live session and the real broker', () => {
  it('client order ids, acknowledgement, partial fills, then a rejection in the broker’s words', async () => {
    const live = await start(
      `if (ctx.index === 0) ctx.buy(10); if (ctx.index === 1) ctx.buyLimit(5, 90); if (ctx.index === 2) ctx.sellLimit(5, 120);`,
    );
    let out = await live.step({ events: [], bars: [bar(0, 100)] });
    expect(out.orders).toHaveLength(1);
    const buy = out.orders[0]!;
    // d9, session 40 in base 36, counter 1.
    expect(buy).toMatchObject({ clientOrderId: 'd9-14-1', createdBy: 'strategy', side: 'buy', qty: 10 });
    out = await live.step({
      events: [
        { type: 'accepted', clientOrderId: buy.clientOrderId, time: bar(1, 0).time },
        {
          type: 'fill',
          clientOrderId: buy.clientOrderId,
          qty: 4,
          price: 100,
          time: bar(1, 0).time,
          costs: 1,
        },
        // More than remains is not booked: the order keeps its 6.
        {
          type: 'fill',
          clientOrderId: buy.clientOrderId,
          qty: 7,
          price: 101,
          time: bar(1, 0).time,
          costs: 0,
        },
        {
          type: 'fill',
          clientOrderId: buy.clientOrderId,
          qty: 6,
          price: 102.5,
          time: bar(1, 0).time,
          costs: 1,
        },
      ],
      bars: [bar(1, 101)],
    });
    expect(out.ignored).toEqual([buy.clientOrderId]);
    expect(lines(out).slice(0, 2)).toEqual(['d9-14-1 partially_filled 4 100  ', 'd9-14-1 filled 10 101.5  ']);
    expect(out.positions).toEqual([{ symbol: 'LIVE', qty: 10, avgPrice: 101.5 }]);
    const limit = out.orders[0]!;
    expect(limit).toMatchObject({ clientOrderId: 'd9-14-2', type: 'limit', limitPrice: 90 });
    out = await live.step({
      events: [
        {
          type: 'rejected',
          clientOrderId: limit.clientOrderId,
          reason: 'broker_rejected',
          time: bar(2, 0).time,
          message: 'RMS: margin shortfall',
        },
      ],
      bars: [bar(2, 101)],
    });
    expect(lines(out)).toEqual(['d9-14-2 rejected 0 NaN broker_rejected RMS: margin shortfall']);
    const sell = out.orders[0]!;
    expect(sell.clientOrderId).toBe('d9-14-3');
    const at = bar(3, 0).time;
    out = await live.step({
      events: [
        { type: 'fill', clientOrderId: sell.clientOrderId, qty: 2, price: 120, time: at, costs: 0 },
        // The acknowledgement after the first fill (update streams do not keep order) changes nothing.
        { type: 'accepted', clientOrderId: sell.clientOrderId, time: at },
        // A partly filled order cannot be rejected: refused, not booked.
        { type: 'rejected', clientOrderId: sell.clientOrderId, reason: 'broker_rejected', time: at },
        { type: 'cancelled', clientOrderId: sell.clientOrderId, reason: 'cancelled_by_broker', time: at },
      ],
      bars: [],
    });
    expect(out.ignored).toEqual([sell.clientOrderId]);
    expect(lines(out)).toEqual([
      'd9-14-3 partially_filled 2 120  ',
      'd9-14-3 cancelled 2 120 cancelled_by_broker ',
    ]);
    expect(out.positions[0]!.qty).toBe(8);
    // An event for an order that has ended is ignored, not booked twice.
    out = await live.step({
      events: [{ type: 'expired', clientOrderId: limit.clientOrderId, reason: 'end_of_session', time: 0 }],
      bars: [],
    });
    expect(out.ignored).toEqual([limit.clientOrderId]);
  });

  it('a restarted session adopts its working orders without sending them again, and books their fills', async () => {
    const live = await start('', {
      restore: {
        cash: 990_000,
        positions: [{ symbol: 'LIVE', qty: 100, avgPrice: 100, lastPrice: 101 }],
        openOrders: [
          {
            clientOrderId: 'd9-13-7',
            symbol: 'LIVE',
            side: 'sell',
            qty: 100,
            type: 'limit',
            limitPrice: 110,
            createdTime: istTime(DAY, 10, 0),
            createdPrice: 101,
            status: 'partially_filled',
            filledQty: 40,
            avgFillPrice: 110,
          },
        ],
      },
    });
    let out = await live.step({ events: [], bars: [bar(0, 105)] });
    expect(out.orders).toEqual([]);
    expect(out.positions).toEqual([{ symbol: 'LIVE', qty: 100, avgPrice: 100 }]);
    out = await live.step({
      events: [
        { type: 'fill', clientOrderId: 'd9-13-7', qty: 60, price: 110, time: bar(1, 0).time, costs: 0 },
      ],
      bars: [],
    });
    expect(out.ignored).toEqual([]);
    expect(lines(out)).toEqual(['d9-13-7 filled 100 110  ']);
    expect(out.positions).toEqual([{ symbol: 'LIVE', qty: 40, avgPrice: 100 }]);
  });

  it('intraday: the runner’s clock squares off at 15:20 with no bar, and says when it is due', async () => {
    const live = await start(`if (ctx.index === 0) ctx.sell(20);`, { product: 'intraday' });
    let out = await live.step({ events: [], bars: [bar(10, 100)], now: bar(11, 0).time });
    const sell = out.orders[0]!;
    expect(out.nextTimeEvent).toBe(istTime(DAY, 15, 20));
    out = await live.step({
      events: [
        {
          type: 'fill',
          clientOrderId: sell.clientOrderId,
          qty: 20,
          price: 100,
          time: bar(11, 0).time,
          costs: 0,
        },
      ],
      bars: [],
      now: istTime(DAY, 15, 19, 59),
    });
    expect(out.orders).toEqual([]);
    expect(out.positions[0]!.qty).toBe(-20);
    // The feed is silent; the clock alone closes the short.
    out = await live.step({ events: [], bars: [], now: istTime(DAY, 15, 20) });
    expect(out.orders).toMatchObject([
      { side: 'buy', qty: 20, type: 'market', createdBy: 'square_off', tag: 'square-off' },
    ]);
    expect(out.nextTimeEvent).toBeGreaterThan(istTime(DAY, 15, 20));
  });
});
