// Trailing stops in paper and live trading: no venue takes them (issue 10 §3 lists MARKET, LIMIT,
// STOP_LOSS, STOP_LOSS_MARKET), so the engine bridge refuses one before the venue — the strategy
// hears a rejection naming the order type and what to use instead, the signal is stored
// rejected (order_type_not_supported) like a risk denial, nothing reaches the ledger's orders or
// the venue, and the deployment goes on (its next order is placed and filled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Order } from '../../daemon/src/core/order';
import { istTime } from '../../daemon/src/core/time';
import { defineStrategy } from '../../daemon/src/strategies/strategy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openRuntimeHarness } from './support/runtime-harness';
import { storeSessions } from './support/runner-bars';

const SYMBOL = 'TRLX';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, [SYMBOL], ['2025-01-06'], 23);
});
afterAll(() => db?.drop());

describe('a trailing stop in paper trading', () => {
  it('is refused before the venue with a visible refused signal; the deployment goes on', async () => {
    const seen: Order[] = [];
    const closed: Order[] = [];
    const strategy = defineStrategy({
      name: 'trail then buy',
      description: 'test: a trailing stop, then a market buy',
      params: z.object({}),
      init: () => ({ n: 0 }),
      onBar(ctx, state) {
        if (state.n === 0) seen.push(ctx.trailingStop('sell', 1, { amount: 5 }));
        if (state.n === 1) seen.push(ctx.buy(1));
        state.n++;
      },
      onOrder(_ctx, order) {
        if (order.status === 'rejected') closed.push(order);
      },
    });
    const h = await openRuntimeHarness(db.pool, {
      name: 'trailing refused',
      symbol: SYMBOL,
      strategy,
      start: istTime('2025-01-07', 10, 0),
    });
    try {
      await h.step(500);
      expect(closed).toHaveLength(1);
      expect(closed[0]).toMatchObject({
        type: 'trailing-stop',
        status: 'rejected',
        reason: 'broker_rejected',
      });
      expect(closed[0]!.message).toMatch(/trailing-stop orders are not supported in paper or live trading/);
      await h.step(501);
      await h.step(502);
      expect(seen[1]).toMatchObject({ type: 'market', status: 'filled', avgFillPrice: 502 });
      expect(h.errors).toEqual([]);

      const signals = await db.pool.query<{
        order_type: string;
        status: string;
        status_reason: string | null;
      }>('SELECT order_type, status, status_reason FROM signals WHERE deployment_id = $1 ORDER BY id', [
        h.row.id,
      ]);
      expect(signals.rows).toEqual([
        { order_type: 'trailing-stop', status: 'rejected', status_reason: 'order_type_not_supported' },
        { order_type: 'market', status: 'accepted', status_reason: null },
      ]);
      const orders = await db.pool.query('SELECT order_type FROM orders WHERE deployment_id = $1', [
        h.row.id,
      ]);
      expect(orders.rows).toEqual([{ order_type: 'MARKET' }]);
      const atVenue = await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM paper_orders WHERE broker_account_id = $1',
        [h.row.brokerAccountId],
      );
      expect(atVenue.rows[0]!.n).toBe(1);
    } finally {
      h.close();
    }
  }, 60_000);
});
