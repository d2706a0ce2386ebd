// Restart recovery (issue 10 §1): an engine stopped at any bar and rebuilt from what the ledger
// keeps — cash, positions, working orders — then warmed up on the same history, goes on to make
// exactly the trades the uninterrupted run made.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../core/bar';
import { randomWalk } from '../../../test/fixtures/engine/bars';
import { barAt, makeEngine, step, warmUp } from '../../../test/fixtures/engine/drive';
import type { Script } from '../../../test/fixtures/engine/scripted';
import type { Engine } from './engine';
import { snapshotEngine, type EngineSnapshot } from './restore';

/** Orders of every kind, placed by bar index (the index counts warm-up bars, so both runs agree). */
const script =
  (seed: number): Script =>
  (ctx, i) => {
    const c = ctx.bar.close;
    switch ((i * 7 + seed) % 11) {
      case 0:
        if (ctx.position.qty === 0) ctx.buyLimit(10, c - 0.5);
        break;
      case 2:
        ctx.bracket({ side: 'buy', qty: 5, stopLoss: { trail: { amount: 1.5 } }, target: { offset: 2 } });
        break;
      case 4:
        ctx.buyStopLimit(5, c + 0.5, c + (seed % 2 ? 1 : -0.4));
        break;
      case 6:
        if (ctx.position.qty > 0) ctx.sellStop(Math.min(5, ctx.position.qty), c - 1);
        break;
      case 8:
        if (ctx.position.qty > 0) ctx.close();
        break;
      case 9:
        if (ctx.openOrders().length > 0) ctx.cancel(ctx.openOrders()[0]!);
        break;
    }
  };

function run(engine: Engine, series: BarSeries, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const { time, ...bar } = barAt(series, i);
    step(engine, time, { 0: bar });
  }
}

describe('restore', () => {
  it('carries on from a snapshot at any bar exactly as the run that never stopped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 119 }), (seed, k) => {
        const series = randomWalk(120, seed);
        const symbols = [series.symbol];
        const whole = makeEngine({ symbols, script: script(seed) });
        run(whole, series, 0, k);
        const snapshot = JSON.parse(JSON.stringify(snapshotEngine(whole))) as EngineSnapshot;
        const tradesBefore = whole.portfolio.trades.length;
        run(whole, series, k, series.length);

        const restarted = makeEngine({ symbols, script: script(seed), restore: snapshot, session: 1 });
        warmUp(restarted, series, 0, k);
        run(restarted, series, k, series.length);

        expect(restarted.portfolio.trades.toArray()).toEqual(
          whole.portfolio.trades.toArray().slice(tradesBefore),
        );
        expect(restarted.portfolio.cash).toBe(whole.portfolio.cash);
        expect(restarted.portfolio.positions).toEqual(whole.portfolio.positions);
        const working = (e: Engine) =>
          e.pendingOrders(0).map(({ id: _id, clientOrderId: _c, ocoId: _o, parentId: _p, ...o }) => o);
        expect(working(restarted)).toEqual(working(whole));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps client order ids, one-cancels-other links and a triggered stop-limit', () => {
    const series = randomWalk(30, 3);
    const engine = makeEngine({
      symbols: ['X'],
      restore: {
        cash: 50_000.25,
        positions: [{ symbol: 'X', qty: 10, avgPrice: 100, lastPrice: 101, realizedPnl: 12.5 }],
        openOrders: [
          {
            clientOrderId: 'd1-0-7',
            symbol: 'X',
            side: 'sell',
            qty: 10,
            type: 'stop',
            stopPrice: 95,
            createdBy: 'bracket',
            createdTime: series.time[0]! - 1,
            createdPrice: 100,
            status: 'open',
            ocoClientOrderId: 'd1-0-8',
          },
          {
            clientOrderId: 'd1-0-8',
            symbol: 'X',
            side: 'sell',
            qty: 10,
            type: 'limit',
            limitPrice: 500,
            createdBy: 'bracket',
            createdTime: series.time[0]! - 1,
            createdPrice: 100,
            status: 'open',
            ocoClientOrderId: 'd1-0-7',
          },
          {
            clientOrderId: 'd1-0-9',
            symbol: 'X',
            side: 'buy',
            qty: 4,
            type: 'stop-limit',
            stopPrice: 110,
            limitPrice: 1,
            triggered: true,
            createdTime: series.time[0]! - 1,
            createdPrice: 100,
            status: 'partially_filled',
            filledQty: 1,
            avgFillPrice: 110,
            costs: 0.2,
          },
        ],
      },
    });
    expect(engine.portfolio.cash).toBe(50_000.25);
    expect(engine.portfolio.positions[0]).toMatchObject({ qty: 10, avgPrice: 100, realizedPnl: 12.5 });
    const [stop, target, stopLimit] = engine.pendingOrders(0);
    expect([stop!.clientOrderId, stop!.ocoId, target!.ocoId]).toEqual(['d1-0-7', target!.id, stop!.id]);
    expect(stopLimit).toMatchObject({
      status: 'partially_filled',
      filledQty: 1,
      triggered: true,
      costs: 0.2,
    });
    // new orders continue the run's ids after the restored ones and take the new session's ids
    const fresh = makeEngine({
      symbols: ['X'],
      script: (ctx, i) => {
        if (i === 0) ctx.buy(1);
      },
      restore: {
        cash: 1000,
        positions: [],
        openOrders: [
          {
            ...stopLimit!,
            status: 'open',
            filledQty: 0,
            avgFillPrice: undefined,
            createdPrice: 100,
            triggered: false,
          },
        ],
      },
      session: 5,
    });
    run(fresh, series, 0, 1);
    expect(fresh.pendingOrders(0).map((o) => [o.id, o.clientOrderId])).toEqual([
      [1, 'd1-0-9'],
      [2, 't-5-1'],
    ]);
  });

  it('refuses a snapshot it cannot trust, naming every bad field', () => {
    expect(() =>
      makeEngine({
        symbols: ['X'],
        restore: {
          cash: Number.NaN,
          positions: [{ symbol: 'Y', qty: 1.5, avgPrice: 0, lastPrice: 0 }],
          openOrders: [
            {
              clientOrderId: 'has space',
              symbol: 'X',
              side: 'buy',
              qty: 10,
              type: 'limit',
              limitPrice: 1,
              createdTime: 0,
              createdPrice: 1,
              status: 'filled' as 'open',
            },
            {
              clientOrderId: 'a',
              symbol: 'X',
              side: 'buy',
              qty: 10,
              type: 'market',
              createdTime: 0,
              createdPrice: 1,
              status: 'open',
              filledQty: 4,
            },
          ],
        },
      }),
    ).toThrow(
      /invalid engine snapshot: cash: got NaN, expected rupees; positions\[0\]\.symbol: got "Y", expected one of X; positions\[0\]\.qty: got 1\.5, expected a whole number; .*openOrders\[0\]\.clientOrderId: got "has space".*openOrders\[0\]\.status: got "filled", expected a working status.*openOrders\[1\]\.status: got "open", expected partially_filled exactly when filledQty \(4\) > 0/,
    );
  });
});
