// The engine against a broker that behaves like a live one (issue 10 §1): no bars, fills that
// arrive later, in parts, between timesteps; cancels that are only requests; rejections in the
// broker's words. The same strategy code trades the same way as against the simulated broker.
import { describe, expect, it } from 'vitest';
import { isClientOrderId } from '../core/order-lifecycle';
import type { Order } from '../core/order';
import { DAY, FIRST_BAR, randomWalk } from '../../../test/fixtures/engine/bars';
import { barAt, makeEngine, step } from '../../../test/fixtures/engine/drive';
import { ManualBroker } from '../../../test/fixtures/engine/manual-broker';
import type { ScriptEvents } from '../../../test/fixtures/engine/scripted';
import { runBacktest } from './backtest';
import { requireTemplate } from '../strategies/index';

const BAR = { open: 100, high: 101, low: 99, close: 100 };

function setUp(script: Parameters<typeof makeEngine>[0]['script'], cancelAtOnce = true) {
  const broker = new ManualBroker();
  const events: ScriptEvents = { orders: [], trades: [] };
  const engine = makeEngine({ symbols: ['X'], script, events, broker: broker.factory({ cancelAtOnce }) });
  return { broker, events, engine };
}

describe('an asynchronous broker', () => {
  it('gets orders with a client order id and books partial fills as they arrive, between bars', () => {
    const { broker, events, engine } = setUp((ctx, i) => {
      if (i === 0) ctx.buy(100);
      if (i === 2) ctx.close();
    });
    step(engine, FIRST_BAR, { 0: BAR });
    const [entry] = broker.orders as [Order];
    expect(entry).toMatchObject({ status: 'sent', qty: 100, filledQty: 0, createdTime: FIRST_BAR });
    expect(isClientOrderId(entry.clientOrderId)).toBe(true);

    step(engine, FIRST_BAR + DAY, { 0: BAR }); // no onBar: nothing happens to the order
    expect(entry.status).toBe('sent');
    broker.acknowledge(entry);
    broker.fill(entry, 30, 101, FIRST_BAR + DAY + 60_000, 1.5);
    expect(engine.portfolio.positions[0]).toMatchObject({ qty: 30, avgPrice: 101 });
    expect(engine.portfolio.cash).toBe(1_000_000 - 3030 - 1.5);
    expect(engine.pendingOrders(0)).toEqual([entry]);
    broker.fill(entry, 70, 102, FIRST_BAR + DAY + 120_000, 2);
    expect(entry).toMatchObject({ status: 'filled', filledQty: 100, costs: 3.5 });
    expect(entry.avgFillPrice).toBeCloseTo(101.7, 12);
    expect(engine.portfolio.positions[0]!.qty).toBe(100);
    expect(engine.pendingOrders(0)).toEqual([]);
    // the strategy heard of each part
    expect(events.orders.map((o) => [o.status, o.filledQty])).toEqual([
      ['partially_filled', 30],
      ['filled', 100],
    ]);

    step(engine, FIRST_BAR + 2 * DAY, { 0: BAR });
    const exit = broker.orders[1]!;
    expect(exit).toMatchObject({ side: 'sell', qty: 100, status: 'sent' });
    broker.fill(exit, 100, 103, FIRST_BAR + 3 * DAY);
    const [trade] = engine.portfolio.trades.toArray();
    expect(trade).toMatchObject({ side: 'long', qty: 100, exitPrice: 103, pnl: 130 }); // 30·2 + 70·1
    expect(trade!.entryPrice).toBeCloseTo(101.7, 12);
  });

  it('is never given bars: the broker phase is a simulated broker’s concern only', () => {
    const { broker, engine } = setUp((ctx, i) => {
      if (i === 0) ctx.buyLimit(10, 99.5);
    });
    step(engine, FIRST_BAR, { 0: BAR });
    step(engine, FIRST_BAR + DAY, { 0: { open: 90, high: 91, low: 89, close: 90 } }); // through the limit
    expect(broker.orders[0]).toMatchObject({ status: 'sent', filledQty: 0 });
  });

  it('treats a cancel as a request: a fill that arrives before the confirmation stands', () => {
    const { broker, events, engine } = setUp((ctx, i) => {
      if (i === 0) ctx.buyLimit(10, 99);
      if (i === 1) ctx.cancel(ctx.openOrders()[0]!);
    }, false);
    step(engine, FIRST_BAR, { 0: BAR });
    const order = broker.orders[0]!;
    broker.acknowledge(order);
    step(engine, FIRST_BAR + DAY, { 0: BAR });
    expect(broker.cancelRequests.map((r) => r.reason)).toEqual(['cancelled_by_strategy']);
    expect(order.status).toBe('open');
    broker.fill(order, 10, 99, FIRST_BAR + DAY + 1000);
    broker.confirmCancels();
    expect(order.status).toBe('filled');
    expect(engine.portfolio.positions[0]!.qty).toBe(10);
    expect(events.orders.map((o) => o.status)).toEqual(['filled']);
  });

  it('reports a rejection with its source and the broker’s words', () => {
    const { broker, engine } = setUp((ctx, i) => {
      if (i === 0) ctx.buy(10);
    });
    step(engine, FIRST_BAR, { 0: BAR });
    broker.end(
      broker.orders[0]!,
      'rejected',
      'broker_rejected',
      FIRST_BAR + 1000,
      'RMS: insufficient margin',
    );
    engine.finish();
    expect(engine.orderLog.at(0)).toMatchObject({
      status: 'rejected',
      reason: 'broker_rejected',
      endSource: 'broker',
      message: 'RMS: insufficient margin',
      filledQty: 0,
    });
    expect(engine.pendingOrders(0)).toEqual([]);
  });

  it('protects the filled part of a bracket entry that ends partially filled', () => {
    const { broker, engine } = setUp((ctx, i) => {
      if (i === 0)
        ctx.bracket({
          side: 'buy',
          qty: 100,
          limitPrice: 100,
          stopLoss: { offset: 2 },
          target: { offset: 3 },
        });
    });
    step(engine, FIRST_BAR, { 0: BAR });
    const entry = broker.orders[0]!;
    broker.acknowledge(entry);
    broker.fill(entry, 40, 100, FIRST_BAR + 1000);
    expect(broker.orders).toHaveLength(1); // legs wait for the entry to end
    broker.end(entry, 'expired', 'end_of_session', FIRST_BAR + 2000);
    const [, stop, target] = broker.orders;
    expect(stop).toMatchObject({
      type: 'stop',
      side: 'sell',
      qty: 40,
      stopPrice: 98,
      createdBy: 'bracket',
      parentId: entry.id,
    });
    expect(target).toMatchObject({
      type: 'limit',
      side: 'sell',
      qty: 40,
      limitPrice: 103,
      createdBy: 'bracket',
    });
    expect([stop!.ocoId, target!.ocoId]).toEqual([target!.id, stop!.id]);
  });

  it('trades the same strategy code as the simulated broker does, when it fills like one', () => {
    // A broker that fills every order at the open of the bar after it was sent: what the
    // simulated broker does with market orders. sma-cross must then make the very same trades.
    const series = randomWalk(400, 7);
    const params = { fast: 5, slow: 20, size: 10 };
    const backtest = runBacktest(
      { strategy: 'sma-cross', params, costs: 'none' },
      new Map([[series.symbol, series]]),
    );
    const broker = new ManualBroker();
    const engine = makeEngine({
      symbols: [series.symbol],
      strategy: requireTemplate('sma-cross'),
      params,
      broker: broker.factory(),
    });
    for (let i = 0; i < series.length; i++) {
      const bar = barAt(series, i);
      for (const order of engine.pendingOrders(0)) broker.fill(order, order.qty, bar.open, bar.time);
      const { time, ...ohlc } = bar;
      step(engine, time, { 0: ohlc });
    }
    expect(backtest.trades.length).toBeGreaterThan(5);
    expect(engine.portfolio.trades.toArray()).toEqual(backtest.trades.toArray());
    expect(engine.portfolio.cash).toBe(backtest.cash);
  });
});
