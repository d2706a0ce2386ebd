// The writes of one matching step (paper-execution.ts) in one statement: the changed orders, the
// changed positions and the cash as data-modifying CTEs over arrays, and — for the usual step of
// a single execution — its trade row too, whose id comes back for the fill's report. A step with
// several executions inserts their trades first, one statement each, so every trade id is known
// to belong to its execution (a multi-row INSERT does not promise which id went to which row).
// Amounts arrive as decimal text computed exactly (paper-book.ts), cast to numeric in SQL.
import type { PoolClient } from '../../db/pool';
import type { BookPositionChange } from './paper-book';
import type { PaperOrderRow } from './paper-store';

export interface NewTrade {
  orderId: number;
  qty: number;
  /** Decimal rupees. */
  price: string;
  value: string;
  charges: string;
  at: Date;
}

export interface StepWrites {
  brokerAccountId: number;
  ownerId: number;
  orders: readonly PaperOrderRow[];
  positions: readonly BookPositionChange[];
  cash: string;
  trades: readonly NewTrade[];
}

const TRADE_INSERT = `INSERT INTO paper_trades (owner_id, broker_account_id, order_id, qty, price, value, charges, traded_at)`;

/** Writes a step's changes; returns the trade ids, in the order of `trades`. */
export async function writeStep(client: PoolClient, w: StepWrites): Promise<number[]> {
  const ids: number[] = [];
  const single = w.trades.length === 1;
  if (!single)
    for (const t of w.trades) {
      const { rows } = await client.query<{ id: number }>(
        `${TRADE_INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [w.ownerId, w.brokerAccountId, t.orderId, t.qty, t.price, t.value, t.charges, t.at],
      );
      ids.push(rows[0]!.id);
    }
  const t = w.trades[0];
  const o = w.orders;
  const p = w.positions;
  const { rows } = await client.query<{ trade_id: number | null }>(
    `WITH cash AS (
       UPDATE paper_accounts SET cash = $3::numeric WHERE broker_account_id = $1 RETURNING 1),
     ord AS (
       UPDATE paper_orders o
          SET status = u.status, reason = u.reason, accepted = u.accepted, triggered = u.triggered,
              filled_qty = u.filled_qty, filled_value = u.filled_value, updated_at = u.updated_at
         FROM unnest($4::bigint[], $5::text[], $6::text[], $7::boolean[], $8::boolean[], $9::bigint[],
                     $10::numeric[], $11::timestamptz[])
              AS u(id, status, reason, accepted, triggered, filled_qty, filled_value, updated_at)
        WHERE o.id = u.id
        RETURNING 1),
     pos AS (
       INSERT INTO paper_positions (broker_account_id, instrument_id, product, owner_id, net_qty, cost_basis,
                                    realised_pnl, last_price, updated_at)
       SELECT $1, u.instrument_id, u.product, $2, u.net_qty, u.cost_basis, u.realised_pnl, u.last_price, now()
         FROM unnest($12::bigint[], $13::text[], $14::bigint[], $15::numeric[], $16::numeric[], $17::numeric[])
              AS u(instrument_id, product, net_qty, cost_basis, realised_pnl, last_price)
       ON CONFLICT (broker_account_id, instrument_id, product) DO UPDATE
          SET net_qty = EXCLUDED.net_qty, cost_basis = EXCLUDED.cost_basis, realised_pnl = EXCLUDED.realised_pnl,
              last_price = EXCLUDED.last_price, updated_at = now()
       RETURNING 1),
     tr AS (
       ${TRADE_INSERT}
       SELECT $2, $1, $18::bigint, $19::bigint, $20::numeric, $21::numeric, $22::numeric, $23::timestamptz
        WHERE $18::bigint IS NOT NULL
       RETURNING id)
     SELECT (SELECT id FROM tr) AS trade_id`,
    [
      w.brokerAccountId,
      w.ownerId,
      w.cash,
      o.map((r) => r.id),
      o.map((r) => r.status),
      o.map((r) => r.reason),
      o.map((r) => r.accepted),
      o.map((r) => r.triggered),
      o.map((r) => r.filled_qty),
      o.map((r) => r.filled_value),
      o.map((r) => r.updated_at),
      p.map((x) => x.instrumentId),
      p.map((x) => x.product),
      p.map((x) => x.netQty),
      p.map((x) => x.costBasis),
      p.map((x) => x.realisedPnl),
      p.map((x) => x.lastPrice),
      single ? t!.orderId : null,
      single ? t!.qty : null,
      single ? t!.price : null,
      single ? t!.value : null,
      single ? t!.charges : null,
      single ? t!.at : null,
    ],
  );
  if (single) ids.push(rows[0]!.trade_id!);
  return ids;
}
