// Trailing stops in paper (and live) trading with the backtester's semantics (issue 10 §3): the
// venue order is a stop-loss-market whose trigger the runner moves after each bar it did not
// fill on — the trail distance from the bar's close, on the tick grid, never loosening (the same
// function SimBroker uses) — and the venue fires it on the last traded price (replay: the stored
// bar, with the backtester's fill rules). A scripted strategy with trailing stops by amount and
// by percentage runs through the runtime (engine, bridge, ledger, paper venue) and through the
// backtester on the same bars: every order ends alike — type, status, fill price and time, and
// the stop's last level. The ledger holds each venue modification as a `modified` event with the
// venue's payload, and its order's trigger is the venue's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { roundToTick } from '../../daemon/src/core/money';
import { istTime } from '../../daemon/src/core/time';
import { runStrategy } from '../../daemon/src/engine/backtest';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import type { OrderRecord } from '../../daemon/src/engine/order-log';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { scripted, type Script } from '../fixtures/engine/scripted';
import { openRuntimeHarness } from './support/runtime-harness';
import { storeSessions } from './support/runner-bars';

const SYMBOL = 'TRLX';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, [SYMBOL], ['2025-01-06'], 23);
});
afterAll(() => db?.drop());

/** 45 one-minute bars from 10:00: up 18 bars, down, up, down — gaps and ranges on the 0.05 grid. */
function bars(): Bar[] {
  const out: Bar[] = [];
  let close = 500;
  for (let i = 0; i < 45; i++) {
    const drift = i < 18 ? 0.9 : i < 26 ? -1.6 : i < 36 ? 1.2 : -1.4;
    const open = roundToTick(close + (i % 7 === 3 ? 1.5 * Math.sign(drift) : 0.1), 0.05);
    close = roundToTick(open + drift + ((i * 37) % 11) / 10 - 0.5, 0.05);
    const high = roundToTick(Math.max(open, close) + 0.35 + ((i * 13) % 5) / 10, 0.05);
    const low = roundToTick(Math.min(open, close) - 0.35 - ((i * 7) % 5) / 10, 0.05);
    out.push({ time: istTime('2025-01-07', 10, i), open, high, low, close, volume: 1000 });
  }
  return out;
}

// Buy, protect with a trailing stop by amount; once it has filled, buy again and protect with a
// trailing stop by percentage; the last one still works at the end.
const script: Script = (ctx, i) => {
  if (i === 0) ctx.buy(10);
  if (i === 1) ctx.trailingStop('sell', 10, { amount: 2.5 });
  if (i > 1 && ctx.position.qty === 0 && ctx.openOrders().length === 0 && i < 42) {
    ctx.buy(4);
  }
  if (ctx.position.qty === 4 && ctx.openOrders().length === 0) ctx.trailingStop('sell', 4, { percent: 0.8 });
};

/** What must agree: each order's kind, outcome, fill price and time, and the stop's last level. */
const summary = (o: OrderRecord) => ({
  type: o.type,
  side: o.side,
  qty: o.qty,
  status: o.status,
  filledQty: o.filledQty,
  price: o.filledQty > 0 ? o.price : null,
  time: o.status === 'filled' ? o.time : null,
  stopPrice: Number.isNaN(o.stopPrice) ? null : o.stopPrice,
  createdTime: o.createdTime,
});

describe('trailing stops in paper trading', () => {
  it('trail, trigger and fill exactly as in the backtest; the venue and the ledger follow each move', async () => {
    const series = bars();
    const strategy = scripted(script);
    const h = await openRuntimeHarness(db.pool, {
      name: 'trailing parity',
      symbol: SYMBOL,
      strategy,
      start: series[0]!.time,
    });
    try {
      for (const bar of series) await h.stepBar(bar);
      expect(h.errors).toEqual([]);
      const instrument = h.runtime.spec.instruments[0]!.instrument;
      const backtest = runStrategy(
        scripted(script),
        {},
        normalizeSpec({
          strategy: 'scripted',
          costs: 'none',
          instrument: { tickSize: instrument.tickSize, lotSize: instrument.lotSize },
        }),
        new Map([[SYMBOL, barSeriesFromBars(SYMBOL, '1m', series)]]),
      );
      const expected = backtest.orders.toArray().map(summary);
      // The paper run's engine books: every order it made, as it stands (working ones included).
      h.runtime.engine.finish();
      const paper = h.runtime.engine.orderLog.toArray().map(summary);
      const trailing = expected.filter((o) => o.type === 'trailing-stop');
      expect(trailing.filter((o) => o.status === 'filled').length).toBeGreaterThanOrEqual(2);
      expect(paper).toEqual(expected);

      // The venue's stop orders moved with the engine's; the ledger recorded every move.
      const rows = await db.pool.query<{
        client_order_id: string;
        trigger_price: string | null;
        status: string;
        modified: number;
      }>(
        `SELECT o.client_order_id, o.trigger_price::text, o.status,
                (SELECT count(*)::int FROM order_events e WHERE e.order_id = o.id AND e.kind = 'modified') AS modified
           FROM orders o WHERE o.deployment_id = $1 AND o.order_type = 'STOP_LOSS_MARKET' ORDER BY o.id`,
        [h.row.id],
      );
      expect(rows.rows).toHaveLength(trailing.length);
      expect(rows.rows.reduce((n, r) => n + r.modified, 0)).toBeGreaterThan(trailing.length);
      const venue = await db.pool.query<{
        client_order_id: string;
        trigger_price: string;
        modifications: number;
      }>(
        `SELECT client_order_id, trigger_price::text, modifications FROM paper_orders
          WHERE broker_account_id = $1 AND order_type = 'STOP_LOSS_MARKET' ORDER BY id`,
        [h.row.brokerAccountId],
      );
      expect(venue.rows.map((r) => Number(r.trigger_price))).toEqual(
        rows.rows.map((r) => Number(r.trigger_price)),
      );
      expect(venue.rows.map((r) => r.modifications)).toEqual(rows.rows.map((r) => r.modified));
      // Each stop's last level at the venue and in the ledger is the engine's (and the backtest's).
      expect(rows.rows.map((r) => Number(r.trigger_price))).toEqual(trailing.map((o) => o.stopPrice));
    } finally {
      h.close();
    }
  }, 60_000);

  it('stays at its last level once the venue refuses more modifications (25 an order, as Dhan)', async () => {
    // 40 bars up (the stop would move ~40 times), then down through it.
    const series: Bar[] = [];
    for (let i = 0; i < 50; i++) {
      const base = i < 40 ? 600 + i : 640 - 3 * (i - 40);
      series.push({
        time: istTime('2025-01-07', 11, i),
        open: base,
        high: base + 0.5,
        low: base - 0.5,
        close: base + (i < 40 ? 0.5 : -0.5),
        volume: 1000,
      });
    }
    const long: Script = (ctx, i) => {
      if (i === 0) ctx.buy(10);
      if (i === 1) ctx.trailingStop('sell', 10, { amount: 2 });
    };
    const h = await openRuntimeHarness(db.pool, {
      name: 'trailing limit',
      symbol: SYMBOL,
      strategy: scripted(long),
      start: series[0]!.time,
    });
    try {
      for (const bar of series) await h.stepBar(bar);
      expect(h.errors).toEqual([]);
      const stop = h.runtime.engine.orderLog.toArray().find((o) => o.type === 'trailing-stop')!;
      const venue = await db.pool.query<{ trigger_price: string; modifications: number; status: string }>(
        `SELECT trigger_price::text, modifications, status FROM paper_orders
          WHERE broker_account_id = $1 AND order_type = 'STOP_LOSS_MARKET'`,
        [h.row.brokerAccountId],
      );
      expect(venue.rows).toHaveLength(1);
      expect(venue.rows[0]).toMatchObject({ modifications: 25, status: 'filled' });
      // The engine kept the venue's level: the stop filled there, protecting the position.
      expect(stop).toMatchObject({ status: 'filled', stopPrice: Number(venue.rows[0]!.trigger_price) });
      expect(stop.price).toBeLessThanOrEqual(stop.stopPrice);
      expect(h.runtime.engine.portfolio.positions[0]!.qty).toBe(0);

      // Moving a stop is a fenced request: a token that is not the lease's is refused.
      const row = (
        await db.pool.query<{ id: number }>(
          `SELECT id::int FROM orders WHERE deployment_id = $1 AND order_type = 'STOP_LOSS_MARKET'`,
          [h.row.id],
        )
      ).rows[0]!;
      const stale = await h.ledger
        .modify(
          { deploymentId: h.row.id, token: h.lease.token + 1000 },
          row.id,
          { triggerPrice: 600 },
          h.venue,
        )
        .then(
          () => 'modified',
          (err: { code?: string }) => err.code,
        );
      expect(stale).toBe('LEASE_LOST');
      // An order that has ended is not sent to the venue.
      expect(await h.ledger.modify(h.lease, row.id, { triggerPrice: 600 }, h.venue)).toMatchObject({
        sentToVenue: false,
      });
    } finally {
      h.close();
    }
  }, 60_000);
});
