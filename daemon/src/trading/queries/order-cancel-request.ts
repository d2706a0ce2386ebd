// An operator's request to cancel an order (orders.cancel, `quanttrade orders --cancel`). The API
// cannot cancel a deployment's order itself: that is a fenced write (sql/013 orders_fence), and
// the venue link lives in the daemon that holds the deployment's lease. So the request is stored
// as an order event (kind cancel_requested, key operator_cancel — the one ledger write the API
// role may make, and idempotent: a second request adds nothing) and announced on the bus
// ('trading.cancel_requested'); the holder performs ledger.cancel(fence, id, 'operator', link),
// which credits the cancellation to the operator. `pendingOperatorCancels` is what a holder scans
// on takeover, since events are hints.
import { AppError } from '../../core/errors';
import type { LedgerOrderStatus } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';

type Queryable = Pool | PoolClient;

/** The order_events key of an operator's cancel request. */
export const OPERATOR_CANCEL_KEY = 'operator_cancel';

const ACTIVE: readonly LedgerOrderStatus[] = ['new', 'sent', 'open', 'partially_filled'];

export interface CancelRequest {
  orderId: number;
  ownerId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  clientOrderId: string;
  status: LedgerOrderStatus;
  /** False when an operator had already asked (nothing new was written). */
  created: boolean;
}

/**
 * Records the request (under the caller's row-level security); CONFLICT if the order has ended.
 * `userId` null: the CLI, acting as the system.
 */
export async function requestOperatorCancel(
  db: PoolClient,
  orderId: number,
  userId: number | null,
): Promise<CancelRequest> {
  const { rows } = await db.query<{
    owner_id: number;
    deployment_id: number | null;
    broker_account_id: number;
    client_order_id: string;
    status: LedgerOrderStatus;
    filled_qty: number;
  }>(
    `SELECT owner_id, deployment_id, broker_account_id, client_order_id, status, filled_qty FROM orders WHERE id = $1`,
    [orderId],
  );
  const o = rows[0];
  if (!o) throw new AppError('NOT_FOUND', `no order ${orderId}`);
  if (!ACTIVE.includes(o.status))
    throw new AppError(
      'CONFLICT',
      `order ${orderId} (${o.client_order_id}) is ${o.status}: there is nothing to cancel`,
      {
        status: o.status,
      },
    );
  const inserted = await db.query(
    `INSERT INTO order_events (owner_id, order_id, event_key, kind, status, filled_qty, source, payload)
     VALUES ($1, $2, $3, 'cancel_requested', $4, $5, 'ledger', $6)
     ON CONFLICT (order_id, event_key) DO NOTHING`,
    [
      o.owner_id,
      orderId,
      OPERATOR_CANCEL_KEY,
      o.status,
      o.filled_qty,
      { source: 'operator', requestedBy: userId },
    ],
  );
  await db.query(
    `INSERT INTO audit_log (actor_user_id, actor, action, target, details) VALUES ($1, $4, 'orders.cancel', $2, $3)`,
    [
      userId,
      `order:${orderId}`,
      { clientOrderId: o.client_order_id, status: o.status },
      userId === null ? 'system' : `user:${userId}`,
    ],
  );
  return {
    orderId,
    ownerId: o.owner_id,
    deploymentId: o.deployment_id,
    brokerAccountId: o.broker_account_id,
    clientOrderId: o.client_order_id,
    status: o.status,
    created: (inserted.rowCount ?? 0) > 0,
  };
}

/**
 * Active orders an operator asked to cancel that the ledger has not yet asked the venue about
 * (no cancel_requested_at): of one deployment, or the manual orders of an account.
 */
export async function pendingOperatorCancels(
  db: Queryable,
  scope: { deploymentId: number } | { brokerAccountId: number },
): Promise<number[]> {
  const byDeployment = 'deploymentId' in scope;
  const { rows } = await db.query<{ id: number }>(
    `SELECT o.id FROM orders o
      WHERE ${byDeployment ? 'o.deployment_id = $1' : 'o.broker_account_id = $1 AND o.deployment_id IS NULL'}
        AND o.status = ANY($2::text[]) AND o.cancel_requested_at IS NULL
        AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.event_key = $3)
      ORDER BY o.id`,
    [byDeployment ? scope.deploymentId : scope.brokerAccountId, ACTIVE, OPERATOR_CANCEL_KEY],
  );
  return rows.map((r) => r.id);
}
