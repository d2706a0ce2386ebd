// Restart recovery: every order the ledger holds as active (new, sent, open, partially_filled) is
// looked up at the venue by its client order id — never sent again.
//   found      → its fills and status are applied (idempotently), bringing the ledger up to date;
//   not found  → a `new` order was never sent: closed (cancelled by recovery, "never sent");
//                a `sent` order older than the grace period never reached the venue: closed
//                (cancelled by recovery, "not found at broker"; any later sign of it reopens it);
//                an open order the venue no longer has is closed the same way.
// The same pass resolves sends whose outcome was unknown (a timeout). A deployment's orders are
// only recovered under its lease (fenced), so two daemons never both act on them.
import type { Logger } from 'pino';
import { withTransaction, type Pool } from '../../db/pool';
import type { BrokerLink, BrokerOrder, BrokerOrderUpdate } from '../../broker/broker-link';
import { applyFence, fenceErrorToAppError, type Fence } from '../lease/lease-store';
import type { ApplyOutcome } from './apply-update';
import type { LedgerOrder } from './ledger-types';
import { advanceOrder, NEVER_SENT, NOT_FOUND_AT_BROKER } from './order-state';
import {
  appendEvent,
  lockOrder,
  ORDER_COLUMNS,
  progressOf,
  toLedgerOrder,
  writeProgress,
  type OrderRow,
} from './order-store';

export interface RecoveryScope {
  brokerAccountId: number;
  /** One deployment's orders (under `fence`), or null for the account's manual orders. */
  deploymentId: number | null;
}

export interface RecoveryReport {
  checked: number;
  /** Found at the venue and brought up to date (status or fills changed). */
  updated: number;
  /** Found at the venue, nothing new. */
  unchanged: number;
  closedNeverSent: number;
  closedNotFound: number;
  /** Sent too recently to conclude it is missing: looked up again on the next pass. */
  pending: number;
  /** Orders whose lookup failed (venue unreachable): left as they are. */
  failed: { clientOrderId: string; error: string }[];
}

export interface RecoveryDeps {
  pool: Pool;
  log: Logger;
  apply(update: BrokerOrderUpdate, source: 'recovery'): Promise<ApplyOutcome>;
  onOrder?(order: LedgerOrder): void;
}

/** Default: a `sent` order missing at the venue for this long is concluded never to have arrived. */
export const DEFAULT_SENT_GRACE_MS = 30_000;

async function activeOrders(
  pool: Pool,
  scope: RecoveryScope,
  graceMs: number,
): Promise<(LedgerOrder & { pastGrace: boolean })[]> {
  const { rows } = await pool.query<OrderRow & { past_grace: boolean }>(
    `SELECT ${ORDER_COLUMNS},
            coalesce(clock_timestamp() - o.sent_at >= make_interval(secs => $3::float8 / 1000), true) AS past_grace
       FROM orders o
      WHERE o.broker_account_id = $1 AND o.deployment_id IS NOT DISTINCT FROM $2
        AND o.status IN ('new', 'sent', 'open', 'partially_filled')
      ORDER BY o.id`,
    [scope.brokerAccountId, scope.deploymentId, graceMs],
  );
  return rows.map((r) => ({ ...toLedgerOrder(r), pastGrace: r.past_grace }));
}

async function closeMissing(
  pool: Pool,
  fence: Fence | null,
  orderId: number,
  reason: string,
): Promise<LedgerOrder | undefined> {
  try {
    return await withTransaction(pool, async (client) => {
      const order = (await lockOrder(client, { id: orderId }))!;
      if (order.deploymentId !== null) {
        await applyFence(client, fence);
        await client.query('SELECT ledger_check_fence($1)', [order.deploymentId]);
      }
      if (
        order.status !== 'new' &&
        order.status !== 'sent' &&
        order.status !== 'open' &&
        order.status !== 'partially_filled'
      )
        return undefined;
      const next = advanceOrder(progressOf(order), {
        kind: 'close',
        status: 'cancelled',
        endSource: 'recovery',
        reason,
      });
      const inserted = await appendEvent(client, {
        order,
        key: `closed:${reason}`,
        kind: 'closed',
        status: next.status,
        filledQty: next.filledQty,
        source: 'recovery',
        leaseToken: fence?.token ?? null,
        payload: { reason },
      });
      return inserted ? writeProgress(client, order, next) : undefined;
    });
  } catch (err) {
    throw fenceErrorToAppError(err, fence);
  }
}

async function bringUpToDate(
  deps: RecoveryDeps,
  link: BrokerLink,
  venueOrder: BrokerOrder,
): Promise<boolean> {
  let changed = false;
  const trades = await link.trades({ brokerOrderId: venueOrder.brokerOrderId });
  for (const trade of trades) {
    if (trade.clientOrderId !== venueOrder.clientOrderId) continue;
    const outcome = await deps.apply({ kind: 'fill', trade, order: venueOrder }, 'recovery');
    changed ||= outcome.applied;
  }
  const outcome = await deps.apply({ kind: 'status', order: venueOrder }, 'recovery');
  return changed || outcome.applied;
}

export async function recoverOrders(
  deps: RecoveryDeps,
  link: BrokerLink,
  scope: RecoveryScope,
  fence: Fence | null,
  options: { sentGraceMs?: number } = {},
): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    checked: 0,
    updated: 0,
    unchanged: 0,
    closedNeverSent: 0,
    closedNotFound: 0,
    pending: 0,
    failed: [],
  };
  const orders = await activeOrders(deps.pool, scope, options.sentGraceMs ?? DEFAULT_SENT_GRACE_MS);
  for (const order of orders) {
    report.checked++;
    let found;
    try {
      found = await link.findOrder(order.clientOrderId);
      if (found.found) {
        if (await bringUpToDate(deps, link, found.order)) report.updated++;
        else report.unchanged++;
        continue;
      }
    } catch (err) {
      report.failed.push({ clientOrderId: order.clientOrderId, error: (err as Error).message });
      continue;
    }
    if (order.status === 'sent' && !order.pastGrace) {
      report.pending++;
      continue;
    }
    const reason = order.status === 'new' ? NEVER_SENT : NOT_FOUND_AT_BROKER;
    const closed = await closeMissing(deps.pool, fence, order.id, reason);
    if (!closed) continue;
    if (reason === NEVER_SENT) report.closedNeverSent++;
    else report.closedNotFound++;
    deps.log.warn(
      { clientOrderId: order.clientOrderId, status: order.status, reason },
      'recovery closed an order the venue does not have',
    );
    deps.onOrder?.(closed);
  }
  return report;
}
