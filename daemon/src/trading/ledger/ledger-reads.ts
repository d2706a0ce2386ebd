// Reads for the runner (portfolio restore), the API and the CLI. Each takes a Queryable, so API
// callers run them inside withUserScope (row-level security) and the trader daemon on its pool.
import { decimalToUnits, MICROS, unitsToDecimal } from '../../core/exact-money';
import type { LedgerOrderStatus } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';
import type { LedgerOrder, LedgerPosition } from './ledger-types';
import { ORDER_COLUMNS, toLedgerOrder, type OrderRow } from './order-store';
import { deploymentPositions } from './position-store';

type Queryable = Pool | PoolClient;

export interface OrderFilter {
  deploymentId?: number;
  brokerAccountId?: number;
  statuses?: readonly LedgerOrderStatus[];
  /** Created at or after, epoch ms. */
  since?: number;
  /** Newest first; at most 1000. */
  limit?: number;
}

export async function listOrders(db: Queryable, filter: OrderFilter = {}): Promise<LedgerOrder[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o
      WHERE ($1::bigint IS NULL OR o.deployment_id = $1) AND ($2::bigint IS NULL OR o.broker_account_id = $2)
        AND ($3::text[] IS NULL OR o.status = ANY($3)) AND ($4::timestamptz IS NULL OR o.created_at >= $4)
      ORDER BY o.id DESC LIMIT $5`,
    [
      filter.deploymentId ?? null,
      filter.brokerAccountId ?? null,
      filter.statuses ?? null,
      filter.since === undefined ? null : new Date(filter.since),
      Math.min(Math.max(1, filter.limit ?? 100), 1000),
    ],
  );
  return rows.map(toLedgerOrder);
}

export interface OrderEvent {
  id: number;
  key: string;
  kind: string;
  status: LedgerOrderStatus;
  filledQty: number;
  source: string;
  payload: unknown;
  venueTime: Date | null;
  createdAt: Date;
}

/** An order's events, oldest first (the audit trail with the venue's raw payloads). */
export async function orderEvents(db: Queryable, orderId: number): Promise<OrderEvent[]> {
  const { rows } = await db.query(
    `SELECT id, event_key, kind, status, filled_qty, source, payload, venue_time, created_at
       FROM order_events WHERE order_id = $1 ORDER BY id`,
    [orderId],
  );
  return rows.map((r) => ({
    id: r.id,
    key: r.event_key,
    kind: r.kind,
    status: r.status,
    filledQty: Number(r.filled_qty),
    source: r.source,
    payload: r.payload,
    venueTime: r.venue_time,
    createdAt: r.created_at,
  }));
}

export interface DeploymentBook {
  positions: LedgerPosition[];
  /** Orders still working or not yet resolved (new, sent, open, partially_filled). */
  openOrders: LedgerOrder[];
  /**
   * Cash the deployment's fills moved: sales − purchases − charges, rupees (6 decimals). The
   * deployment's cash is its capital plus this.
   */
  cashFlow: string;
}

/** What the runner rebuilds a deployment's portfolio from after a restart or a takeover. */
export async function deploymentBook(db: Queryable, deploymentId: number): Promise<DeploymentBook> {
  const positions = await deploymentPositions(db, deploymentId);
  const openOrders = await listOrders(db, {
    deploymentId,
    statuses: ['new', 'sent', 'open', 'partially_filled'],
    limit: 1000,
  });
  const { rows } = await db.query<{ flow: string }>(
    `SELECT coalesce(sum(CASE WHEN side = 'sell' THEN value ELSE -value END - costs), 0)::numeric(24, 6)::text AS flow
       FROM fills WHERE deployment_id = $1`,
    [deploymentId],
  );
  return {
    positions,
    openOrders: openOrders.reverse(),
    cashFlow: unitsToDecimal(decimalToUnits(rows[0]!.flow, MICROS), MICROS),
  };
}
