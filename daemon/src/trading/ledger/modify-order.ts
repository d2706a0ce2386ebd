// Asking the venue to modify a working order (a trailing stop's trigger moved by the runner).
// The request is a fenced check first — a daemon that lost the deployment's lease cannot modify
// its orders — then the venue is asked; what the venue then reports (the order with its new
// terms) is applied like any update and recorded as a `modified` event with the venue's payload,
// which moves the order's stored prices (apply-update.ts). An order not working at the venue
// (new, ended, not acknowledged yet) is not modified.
import { AppError } from '../../core/errors';
import { withTransaction, type Pool } from '../../db/pool';
import type { BrokerLink, ModifyOrderRequest } from '../../broker/broker-link';
import { applyFence, fenceErrorToAppError, type Fence } from '../lease/lease-store';
import type { LedgerOrder } from './ledger-types';
import { lockOrder } from './order-store';

export interface ModifyResult {
  order: LedgerOrder;
  /** True when the venue was asked. */
  sentToVenue: boolean;
}

export async function requestModify(
  pool: Pool,
  fence: Fence | null,
  orderId: number,
  change: ModifyOrderRequest,
  link: BrokerLink,
): Promise<ModifyResult> {
  let checked: { order: LedgerOrder; ask: boolean };
  try {
    checked = await withTransaction(pool, async (client) => {
      const order = await lockOrder(client, { id: orderId });
      if (!order) throw new AppError('NOT_FOUND', `order ${orderId} does not exist`);
      if (order.deploymentId !== null) {
        await applyFence(client, fence);
        // The same check every fenced order write makes (the orders_fence trigger's).
        await client.query('SELECT ledger_check_fence($1)', [order.deploymentId]);
      }
      const working = order.status === 'open' || order.status === 'partially_filled';
      return { order, ask: working && order.brokerOrderId !== null };
    });
  } catch (err) {
    throw fenceErrorToAppError(err, fence);
  }
  if (!checked.ask) return { order: checked.order, sentToVenue: false };
  await link.modify(checked.order.brokerOrderId!, change);
  return { order: checked.order, sentToVenue: true };
}
