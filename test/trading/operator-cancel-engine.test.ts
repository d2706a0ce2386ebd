// An operator's cancel as the engine sees it (issue 10 §7, the engine's side of orders.cancel):
// a deployment's runtime (engine, bridge, ledger, paper venue, lease) with a strategy that rests
// a buy limit far below the market; the operator's request is recorded as the API records it and
// carried out as the holding supervisor does (carryOutOperatorCancels). Then the strategy's
// onOrder hears the cancel (cancelled_by_operator), the engine's books no longer hold the order
// (no open order, nothing pending at the engine's broker port), and the strategy's next order —
// which it only makes once it sees no working order — is placed and filled, not blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Order } from '../../daemon/src/core/order';
import { istTime } from '../../daemon/src/core/time';
import { defineStrategy } from '../../daemon/src/strategies/strategy';
import { loadDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { requestOperatorCancel } from '../../daemon/src/trading/queries/order-cancel-request';
import { carryOutOperatorCancels } from '../../daemon/src/trading/runner/operator-cancels';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { openRuntimeHarness } from './support/runtime-harness';
import { storeSessions } from './support/runner-bars';

const SYMBOL = 'OPENG';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await storeSessions(db.pool, [SYMBOL], ['2025-01-06'], 21);
});
afterAll(() => db?.drop());

interface Seen {
  closed: { clientOrderId: string; status: string; reason: string | undefined }[];
  openAtBar: number[];
  orders: Order[];
}

/** Rests one buy limit 20 % below the market; buys at market once it sees no working order. */
function restingLimitStrategy(seen: Seen) {
  return defineStrategy({
    name: 'resting limit',
    description: 'test: a resting limit, then a market buy once nothing works',
    params: z.object({}),
    init: () => ({ phase: 0 }),
    onBar(ctx, state) {
      const open = ctx.openOrders();
      seen.openAtBar.push(open.length);
      if (state.phase === 0) {
        seen.orders.push(ctx.buyLimit(1, Math.round(ctx.bar.close * 0.8)));
        state.phase = 1;
      } else if (state.phase === 1 && open.length === 0) {
        seen.orders.push(ctx.buy(1));
        state.phase = 2;
      }
    },
    onOrder(_ctx, order) {
      if (order.status === 'cancelled' || order.status === 'rejected')
        seen.closed.push({ clientOrderId: order.clientOrderId, status: order.status, reason: order.reason });
    },
  });
}

describe('an operator cancel, engine side', () => {
  it('reaches the strategy, leaves the engine books, and does not block a later order', async () => {
    const seen: Seen = { closed: [], openAtBar: [], orders: [] };
    const h = await openRuntimeHarness(db.pool, {
      name: 'operator cancel engine',
      symbol: SYMBOL,
      strategy: restingLimitStrategy(seen),
      start: istTime('2025-01-07', 10, 0),
    });
    const { row, ownerId, ledger, venue, runtime, errors } = h;
    let price = 500;
    const step = () => h.step(price);
    try {
      await step(); // the strategy rests its limit (at 400)
      await step(); // accepted and working at the venue; far from the market
      const [limit] = seen.orders;
      expect(limit).toMatchObject({ type: 'limit', status: 'open' });
      expect(runtime.engine.broker.openOrders(0)).toHaveLength(1);
      expect(seen.openAtBar.at(-1)).toBe(1);
      const ledgerRow = (await ledger.order({ clientOrderId: limit!.clientOrderId }))!;
      expect(ledgerRow.status).toBe('open');

      // The operator asks (as orders.cancel records it), the holder carries it out.
      const client = await db.pool.connect();
      try {
        await requestOperatorCancel(client, ledgerRow.id, ownerId);
      } finally {
        client.release();
      }
      const done = await carryOutOperatorCancels({
        pool: db.pool,
        ledger,
        link: venue,
        deploymentId: row.id,
        fence: () => h.lease,
        log: testLogger(),
      });
      expect(done).toEqual([ledgerRow.id]);
      await runtime.settle();

      // The strategy heard it; the engine's books dropped it.
      expect(seen.closed).toEqual([
        { clientOrderId: limit!.clientOrderId, status: 'cancelled', reason: 'cancelled_by_operator' },
      ]);
      expect(limit).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_operator' });
      expect(runtime.engine.broker.openOrders(0)).toEqual([]);
      expect(runtime.engine.pendingOrders(0)).toEqual([]);
      expect(runtime.engine.portfolio.positions[0]!.qty).toBe(0);

      // Next bar: the strategy sees no working order and buys at market; the bar after fills it.
      await step();
      expect(seen.openAtBar.at(-1)).toBe(0);
      expect(seen.orders).toHaveLength(2);
      price = 502;
      await step();
      expect(seen.orders[1]).toMatchObject({
        type: 'market',
        status: 'filled',
        filledQty: 1,
        avgFillPrice: 502,
      });
      expect(runtime.engine.portfolio.positions[0]!.qty).toBe(1);
      expect(errors).toEqual([]);

      // The ledger and the venue agree: the limit cancelled by the operator, the market order filled.
      const rows = await db.pool.query<{
        client_order_id: string;
        status: string;
        end_source: string | null;
      }>('SELECT client_order_id, status, end_source FROM orders WHERE deployment_id = $1 ORDER BY id', [
        row.id,
      ]);
      expect(rows.rows).toEqual([
        { client_order_id: limit!.clientOrderId, status: 'cancelled', end_source: 'operator' },
        { client_order_id: seen.orders[1]!.clientOrderId, status: 'filled', end_source: null },
      ]);
      expect((await loadDeployment(db.pool, row.id)).status).toBe('stopped');
    } finally {
      h.close();
    }
  }, 60_000);
});
