// The live-mode sandbox interface (sandbox/live-strategy.ts): a long-lived strategy instance
// stepped bar by bar, with a test broker outside that fills market orders at the next open and
// reports fills back. It must place the same orders on the same bars as a backtest of the same
// bars; bracket legs, one-cancels-other and cancellations come out as intents; a strategy that
// breaks the per-call CPU limit fails the step and the instance stays failed.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../daemon/src/core/errors';
import { runBacktest } from '../../daemon/src/engine/backtest';
import {
  LiveStrategy,
  type LiveBar,
  type LiveEvent,
  type LiveOrderIntent,
} from '../../daemon/src/sandbox/live-strategy';
import { equityInstrument } from '../../daemon/src/core/instrument';
import { randomWalk } from '../fixtures/engine/bars';
import { hostile } from './hostile-strategies';
import { compiled, exampleSource } from './support';

const open: LiveStrategy[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const series = randomWalk(300, 5, { symbol: 'LIVE' });
const barAt = (i: number): LiveBar => ({
  symbol: 0,
  time: series.time[i]!,
  open: series.open[i]!,
  high: series.high[i]!,
  low: series.low[i]!,
  close: series.close[i]!,
  volume: series.volume[i]!,
});

async function start(source: string, params: Record<string, unknown> = {}) {
  const live = await LiveStrategy.open(await compiled(source), {
    symbols: ['LIVE'],
    instruments: [equityInstrument('LIVE')],
    params,
    cash: 1_000_000,
    product: 'delivery',
    orderIds: { prefix: 'd7', session: 3 },
  });
  open.push(live);
  return live;
}

describe('live strategy instances', () => {
  it('places the same orders on the same bars as a backtest, with a broker filling at the next open', async () => {
    const params = { fast: 5, slow: 20, size: 10 };
    const live = await start(exampleSource('sma-cross'), params);
    expect(live.description.name).toBe('sma-cross');
    const placed: LiveOrderIntent[] = [];
    let working: LiveOrderIntent[] = [];
    for (let i = 0; i < series.length; i++) {
      // The test broker: every working market order fills at this bar's open.
      const events: LiveEvent[] = working.map((o) => ({
        type: 'fill',
        clientOrderId: o.clientOrderId,
        qty: o.qty,
        price: series.open[i]!,
        time: series.time[i]!,
        costs: 0,
      }));
      const out = await live.step({ events, bars: [barAt(i)] });
      expect(out.ignored).toEqual([]);
      working = out.orders;
      placed.push(...out.orders);
    }
    const backtest = runBacktest(
      { strategy: 'sma-cross', params, cash: 1_000_000 },
      new Map([['LIVE', series]]),
    );
    const expected = backtest.orders
      .toArray()
      .map((o) => ({ id: o.id, side: o.side, qty: o.qty, createdTime: o.createdTime }));
    expect(placed.length).toBeGreaterThan(4);
    expect(placed.map((o) => ({ id: o.id, side: o.side, qty: o.qty, createdTime: o.createdTime }))).toEqual(
      expected,
    );
  });

  it('brackets: legs come out when the entry fill is reported, and a filled leg cancels the other', async () => {
    const source = hostile({
      onBar: `if (ctx.index === 2) ctx.bracket({ side: 'buy', qty: 10, stopLoss: { offset: 5 }, target: { offset: 5 }, tag: 'entry' });`,
    });
    const live = await start(source);
    let out = await live.step({ events: [], bars: [barAt(0)] });
    out = await live.step({ events: [], bars: [barAt(1)] });
    out = await live.step({ events: [], bars: [barAt(2)] });
    expect(out.orders).toHaveLength(1);
    const entry = out.orders[0]!;
    expect(entry).toMatchObject({ side: 'buy', type: 'market', qty: 10, tag: 'entry' });
    out = await live.step({
      events: [
        {
          type: 'fill',
          clientOrderId: entry.clientOrderId,
          qty: 10,
          price: 100,
          time: series.time[3]!,
          costs: 0,
        },
      ],
      bars: [barAt(3)],
    });
    const stop = out.orders.find((o) => o.tag === 'stop-loss')!;
    const target = out.orders.find((o) => o.tag === 'target')!;
    expect(stop).toMatchObject({
      side: 'sell',
      type: 'stop',
      stopPrice: 95,
      parentId: entry.id,
      ocoId: target.id,
    });
    expect(target).toMatchObject({
      side: 'sell',
      type: 'limit',
      limitPrice: 105,
      parentId: entry.id,
      ocoId: stop.id,
    });
    expect(out.positions).toEqual([{ symbol: 'LIVE', qty: 10, avgPrice: 100 }]);
    out = await live.step({
      events: [
        {
          type: 'fill',
          clientOrderId: target.clientOrderId,
          qty: 10,
          price: 105,
          time: series.time[4]!,
          costs: 0,
        },
      ],
      bars: [barAt(4)],
    });
    expect(out.cancels).toEqual([{ orderId: stop.id, clientOrderId: stop.clientOrderId, reason: 'oco' }]);
    expect(out.positions[0]!.qty).toBe(0);
    out = await live.step({
      events: [
        { type: 'cancelled', clientOrderId: stop.clientOrderId, reason: 'oco', time: series.time[5]! },
        { type: 'cancelled', clientOrderId: 'd7-3-999', reason: 'oco', time: 0 },
      ],
      bars: [barAt(5)],
    });
    expect(out.ignored).toEqual(['d7-3-999']);
  });

  it('every order type and a cancel reach the runner as intents', async () => {
    const source = hostile({
      onBar: `if (ctx.index !== 1) return;
        ctx.buy(1); ctx.sell(1, 'short-ish'); ctx.buyLimit(1, 90.03); ctx.sellLimit(1, 120.01);
        ctx.buyStop(1, 110.02); ctx.sellStop(1, 80.04); ctx.buyStopLimit(1, 110, 111); ctx.sellStopLimit(1, 80, 79);
        ctx.trailingStop('sell', 1, { percent: 2 });
        const o = ctx.order({ side: 'buy', qty: 2, type: 'limit', limitPrice: 95 }); ctx.cancel(o);`,
    });
    const live = await start(source);
    await live.step({ events: [], bars: [barAt(0)] });
    const out = await live.step({ events: [], bars: [barAt(1)] });
    expect(out.orders.map((o) => [o.side, o.type])).toEqual([
      ['buy', 'market'],
      ['sell', 'market'],
      ['buy', 'limit'],
      ['sell', 'limit'],
      ['buy', 'stop'],
      ['sell', 'stop'],
      ['buy', 'stop-limit'],
      ['sell', 'stop-limit'],
      ['sell', 'trailing-stop'],
      ['buy', 'limit'],
    ]);
    // Tick rounding never makes an order more aggressive (docs/engine.md).
    expect(out.orders[2]!.limitPrice).toBe(90);
    expect(out.orders[3]!.limitPrice).toBe(120.05);
    expect(out.orders[8]!.trail).toEqual({ percent: 2 });
    expect(out.cancels).toEqual([
      {
        orderId: out.orders[9]!.id,
        clientOrderId: out.orders[9]!.clientOrderId,
        reason: 'cancelled_by_strategy',
      },
    ]);
  });

  it('a step over the per-call CPU limit fails with the reason, and the instance stays failed', async () => {
    const live = await start(hostile({ onBar: `if (ctx.index === 2) for (;;) {}` }));
    await live.step({ events: [], bars: [barAt(0)] });
    await live.step({ events: [], bars: [barAt(1)] });
    const err = await live.step({ events: [], bars: [barAt(2)] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STRATEGY_FAILED');
    expect((err as AppError).message).toMatch(/its onBar call used more than 250 ms of CPU time/);
    await expect(live.step({ events: [], bars: [barAt(3)] })).rejects.toBe(err);
    expect(live.failed).toBe(err);
  });

  it('a strategy that throws while opening is refused with its line', async () => {
    const err = await start(hostile({ init: `throw new TypeError('no data for ' + ctx.symbol);` })).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).code).toBe('STRATEGY_FAILED');
    expect((err as AppError).message).toMatch(/in init \(LIVE\): TypeError: no data for LIVE at line 8/);
  });
});
