// Asking the venue to cancel an order. The request is recorded first (a fenced write for a
// deployment's order: a daemon that lost the lease cannot cancel either), with who asked, so the
// cancellation the venue later reports is credited to them (strategy, operator, kill switch, ...).
// An order not yet at the venue (new) is closed at once and never sent.
import { AppError } from '../../core/errors';
import type { OrderEndSource } from '../../core/order-lifecycle';
import { withTransaction, type Pool } from '../../db/pool';
import type { BrokerLink } from '../../broker/broker-link';
import { applyFence, fenceErrorToAppError, type Fence } from '../lease/lease-store';
import type { LedgerOrder } from './ledger-types';
import { advanceOrder } from './order-state';
import { appendEvent, lockOrder, progressOf, writeProgress } from './order-store';

export interface CancelResult {
  order: LedgerOrder;
  /** True when the venue was asked; false when the order was closed locally or already ended. */
  sentToVenue: boolean;
}

export async function requestCancel(
  pool: Pool,
  fence: Fence | null,
  orderId: number,
  source: OrderEndSource,
  link: BrokerLink,
): Promise<CancelResult> {
  let marked: { order: LedgerOrder; ask: boolean };
  try {
    marked = await withTransaction(pool, async (client) => {
      const order = await lockOrder(client, { id: orderId });
      if (!order) throw new AppError('NOT_FOUND', `order ${orderId} does not exist`);
      await applyFence(client, order.deploymentId === null ? null : fence);
      if (order.status === 'new') {
        const next = advanceOrder(progressOf(order), {
          kind: 'close',
          status: 'cancelled',
          endSource: source,
          reason: 'cancelled before it was sent',
        });
        // A fenced no-op write: the cancel of a deployment's order needs the lease like any other.
        await client.query(
          `UPDATE orders SET cancel_requested_at = clock_timestamp(), cancel_source = $2 WHERE id = $1`,
          [order.id, source],
        );
        await appendEvent(client, {
          order,
          key: 'cancel_requested',
          kind: 'cancel_requested',
          status: next.status,
          filledQty: next.filledQty,
          source: 'ledger',
          payload: { source },
        });
        return { order: await writeProgress(client, order, next), ask: false };
      }
      if (order.status !== 'sent' && order.status !== 'open' && order.status !== 'partially_filled')
        return { order, ask: false };
      if (order.brokerOrderId === null)
        throw new AppError(
          'CONFLICT',
          `order ${order.clientOrderId} has no venue order id yet (status ${order.status}); retry once it is acknowledged`,
        );
      await client.query(
        `UPDATE orders SET cancel_requested_at = coalesce(cancel_requested_at, clock_timestamp()),
                cancel_source = coalesce(cancel_source, $2) WHERE id = $1`,
        [order.id, source],
      );
      await appendEvent(client, {
        order,
        key: 'cancel_requested',
        kind: 'cancel_requested',
        status: order.status,
        filledQty: order.filledQty,
        source: 'ledger',
        payload: { source },
      });
      return { order: (await lockOrder(client, { id: orderId }))!, ask: true };
    });
  } catch (err) {
    throw fenceErrorToAppError(err, fence);
  }
  if (!marked.ask) return { order: marked.order, sentToVenue: false };
  await link.cancel(marked.order.brokerOrderId!);
  return { order: marked.order, sentToVenue: true };
}
