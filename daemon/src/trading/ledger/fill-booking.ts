// A venue's fill booked in two statements inside its transaction (it was six): the first locks
// the order and its position together (creating the position on the first fill), the second
// appends the fill's event and — only when that event is new — books the position, inserts the
// fill and writes the order's totals, as data-modifying CTEs of one statement. The amounts are
// computed in TypeScript exactly as before (bigint paise, core/booked-position.ts) and reach SQL
// as decimal text for numeric columns, so nothing about exactness changes; only round trips do.
// A repeat of the fill (its event key already stored) changes nothing: every CTE after the
// event's depends on the event's RETURNING row.
import type { PoolClient } from '../../db/pool';
import type { LedgerOrder } from './ledger-types';
import type { OrderProgress } from './order-state';
import {
  ORDER_COLUMNS,
  eventInsertSql,
  progressUpdateSql,
  toLedgerOrder,
  type NewEvent,
  type OrderRow,
  type ProgressExtra,
} from './order-store';
import { positionFillSql, positionLockSql, type LockedPosition, type PositionFill } from './position-store';
import { sqlParams, type Param } from './sql-params';

const POSITION_KEY = 'owner_id, deployment_id, broker_account_id, instrument_id, product';

/** The order (by client order id) and its position, both locked for the rest of the transaction. */
export async function lockOrderAndPosition(
  client: PoolClient,
  clientOrderId: string,
): Promise<{ order: LedgerOrder; position: LockedPosition } | undefined> {
  const { rows } = await client.query<OrderRow & PositionColumns>(
    `WITH o AS (SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.client_order_id = $1 FOR UPDATE),
          p AS (${positionLockSql(`SELECT ${POSITION_KEY} FROM o`)})
     SELECT o.*, p.id AS position_id, p.net_qty AS position_net_qty, p.cost_basis AS position_cost_basis,
            p.realised_pnl AS position_realised_pnl, p.last_price AS position_last_price,
            p.last_price_at AS position_last_price_at
       FROM o, p`,
    [clientOrderId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    order: toLedgerOrder(row),
    position: {
      id: row.position_id,
      net_qty: row.position_net_qty,
      cost_basis: row.position_cost_basis,
      realised_pnl: row.position_realised_pnl,
      last_price: row.position_last_price,
      last_price_at: row.position_last_price_at,
    },
  };
}

interface PositionColumns {
  position_id: number;
  position_net_qty: number;
  position_cost_basis: string;
  position_realised_pnl: string;
  position_last_price: string | null;
  position_last_price_at: Date | null;
}

export interface FillBooking {
  event: NewEvent;
  position: LockedPosition;
  positionFill: PositionFill;
  /** The fill row's columns after the order's (owner, order, deployment, …), built with `p`. */
  fillValues: (realisedPaise: bigint, p: Param) => { columns: string; values: string };
  progress: OrderProgress;
  extra: ProgressExtra;
}

export type FillBooked =
  | { inserted: false }
  | { inserted: true; order: LedgerOrder; fillId: number; filledAt: Date; realised: bigint };

/** Appends the fill's event and, when new, books position, fill and order in the same statement. */
export async function bookFillOnce(client: PoolClient, b: FillBooking): Promise<FillBooked> {
  const { values, p } = sqlParams();
  const dependsOnEvent = 'AND EXISTS (SELECT 1 FROM ev)';
  const event = eventInsertSql(b.event, p);
  const position = positionFillSql(b.position, b.positionFill, p, dependsOnEvent);
  const fill = b.fillValues(position.realised, p);
  const order = progressUpdateSql(b.event.order.id, b.progress, b.extra, p, dependsOnEvent);
  const { rows } = await client.query<OrderRow & { fill_id: number; filled_at: Date }>(
    `WITH ev AS (${event}),
          pos AS (${position.sql}),
          fi AS (INSERT INTO fills (${fill.columns}) SELECT ${fill.values} WHERE EXISTS (SELECT 1 FROM ev)
                 RETURNING id, filled_at),
          o AS (${order})
     SELECT o.*, fi.id AS fill_id, fi.filled_at FROM o, fi, pos`,
    values,
  );
  const row = rows[0];
  if (!row) return { inserted: false };
  return {
    inserted: true,
    order: toLedgerOrder(row),
    fillId: row.fill_id,
    filledAt: row.filled_at,
    realised: position.realised,
  };
}
