// The intraday product: short selling allowed without leverage, square-off at 15:20 IST.
import { describe, expect, it } from 'vitest';
import { istTime } from '../core/time';
import { makeSeries, type Ohlc } from '../../../test/fixtures/engine/bars';
import { makeEngine, step } from '../../../test/fixtures/engine/drive';
import { ManualBroker } from '../../../test/fixtures/engine/manual-broker';
import { runScript } from '../../../test/fixtures/engine/scripted';

const FIVE_MIN = 5 * 60_000;
const rows: Ohlc[] = [
  [100, 101, 99, 100], // 15:05
  [101, 102, 100, 101], // 15:10
  [102, 103, 101, 102], // 15:15
  [103, 104, 102, 103], // 15:20 — square-off at this open
  [104, 105, 103, 104], // 15:25
];
const session = (start = istTime('2025-01-06', 15, 5)) =>
  makeSeries(rows, { start, step: FIVE_MIN, timeframe: '5m' });

describe('intraday product', () => {
  it('squares positions off at the open of the first bar at or after 15:20 IST', () => {
    const r = runScript(
      session(),
      (ctx, i) => {
        if (i === 0) ctx.buy(10);
      },
      { product: 'intraday' },
    );
    const [buy, squareOff] = r.orders.toArray();
    expect(buy).toMatchObject({ status: 'filled', price: 101 });
    expect(squareOff).toMatchObject({
      side: 'sell',
      qty: 10,
      status: 'filled',
      price: 103,
      tag: 'square-off',
      time: istTime('2025-01-06', 15, 20),
    });
    expect(r.positions).toEqual([]);
    expect(r.cash).toBe(1_000_020);
  });

  it('cancels pending orders at square-off and refuses new exposure afterwards', () => {
    const r = runScript(
      session(),
      (ctx, i) => {
        if (i === 2) ctx.buyLimit(10, 50); // never reached: cancelled at 15:20
        if (i === 3) ctx.buy(10); // created at 15:20: rejected at 15:25
      },
      { product: 'intraday' },
    );
    expect(r.orders.toArray().map((o) => [o.status, o.reason])).toEqual([
      ['cancelled', 'square_off'],
      ['rejected', 'after_square_off'],
    ]);
  });

  it('allows short selling up to equity (no leverage)', () => {
    const r = runScript(
      session(),
      (ctx, i) => {
        if (i === 0) {
          ctx.sell(5); // 5·101 = 505 ≤ 1000 equity
          ctx.sell(5); // shorts 1010 > 1000
        }
        if (i === 1) ctx.close();
      },
      { product: 'intraday', cash: 1000 },
    );
    const [first, second, cover] = r.orders.toArray();
    expect(first).toMatchObject({ status: 'filled', price: 101 });
    expect(second).toMatchObject({ status: 'rejected', reason: 'insufficient_cash' });
    expect(cover).toMatchObject({ side: 'buy', status: 'filled', price: 102 });
    expect(r.trades.at(0)).toMatchObject({ side: 'short', qty: 5, pnl: -5 });
    expect(r.cash).toBe(995);
  });

  it('squares off at the next day open when a day ends before 15:20', () => {
    const early = makeSeries(
      [
        [100, 101, 99, 100],
        [101, 102, 100, 101],
        [110, 111, 109, 110],
      ],
      { start: istTime('2025-01-06', 14, 0), step: FIVE_MIN, timeframe: '5m' },
    );
    // third bar on the next morning
    early.time[2] = istTime('2025-01-07', 9, 15);
    const r = runScript(
      early,
      (ctx, i) => {
        if (i === 0) ctx.buy(1);
      },
      { product: 'intraday' },
    );
    expect(r.orders.at(1)).toMatchObject({
      tag: 'square-off',
      price: 110,
      time: istTime('2025-01-07', 9, 15),
    });
  });

  it('needs intraday bars', () => {
    expect(() => runScript(makeSeries(rows), () => {}, { product: 'intraday' })).toThrow(
      /product: got "intraday", expected intraday bars/,
    );
  });
});

describe('the clock phase', () => {
  const AT = (h: number, m: number, date = '2025-01-06') => istTime(date, h, m);
  const BAR = { open: 100, high: 101, low: 99, close: 100 };

  it('squares off at 15:20 a symbol whose feed is silent then; its order fills at its next bar', () => {
    const r = runScript(
      [
        makeSeries(
          [
            [100, 101, 99, 100],
            [100, 101, 99, 100],
            [100, 101, 99, 100],
          ],
          { symbol: 'A', start: AT(15, 10), step: FIVE_MIN, timeframe: '5m' },
        ),
        // B trades at 15:10 and 15:15, then nothing until the next morning
        makeSeries(
          [
            [50, 51, 49, 50],
            [50, 51, 49, 50],
            [55, 56, 54, 55],
          ],
          { symbol: 'B', start: AT(15, 10), step: FIVE_MIN, timeframe: '5m' },
        ),
      ].map((s, k) => {
        if (k === 1) s.time[2] = AT(9, 15, '2025-01-07');
        return s;
      }),
      (ctx, i) => {
        if (ctx.symbol === 'B' && i === 0) ctx.buy(10); // fills 15:15 at 50
        if (ctx.symbol === 'B' && i === 1) ctx.buyLimit(10, 40); // working at 15:20
      },
      { product: 'intraday' },
    );
    const orders = r.orders.toArray();
    expect(orders.find((o) => o.type === 'limit')).toMatchObject({
      status: 'cancelled',
      reason: 'square_off',
      endSource: 'session',
      time: AT(15, 20),
    });
    expect(orders.find((o) => o.tag === 'square-off')).toMatchObject({
      symbol: 'B',
      side: 'sell',
      qty: 10,
      createdTime: AT(15, 20), // on time, though B had no bar at 15:20
      time: AT(9, 15, '2025-01-07'), // filled at the first price there was
      price: 55,
    });
  });

  it('runs on a timer without any bar, once per day, and says when it is due next', () => {
    const broker = new ManualBroker();
    const engine = makeEngine({
      symbols: ['X'],
      product: 'intraday',
      broker: broker.factory(),
      script: (ctx, i) => {
        if (i === 0) ctx.sell(5);
        if (i === 0) ctx.buyLimit(5, 90);
      },
    });
    step(engine, AT(15, 0), { 0: BAR });
    const [short, limit] = broker.orders;
    broker.fill(short!, 5, 100, AT(15, 1));
    expect(engine.nextTimeEvent(AT(15, 1))).toBe(AT(15, 20));
    engine.onTime(AT(15, 19)); // a timer that fired early: nothing is due
    expect(limit!.status).toBe('sent');
    engine.onTime(AT(15, 20)); // the timer at nextTimeEvent, no bar since 15:00
    expect(limit).toMatchObject({ status: 'cancelled', reason: 'square_off', time: AT(15, 20) });
    const squareOff = broker.orders[2]!;
    expect(squareOff).toMatchObject({
      side: 'buy',
      qty: 5,
      type: 'market',
      createdBy: 'square_off',
      createdTime: AT(15, 20),
    });
    engine.onTime(AT(15, 21));
    expect(broker.orders).toHaveLength(3);
    expect(engine.nextTimeEvent(AT(15, 20))).toBe(AT(15, 20, '2025-01-07'));
    const delivery = makeEngine({ symbols: ['X'], broker: new ManualBroker().factory() });
    expect(delivery.nextTimeEvent(AT(15, 0))).toBe(Infinity);
  });
});
