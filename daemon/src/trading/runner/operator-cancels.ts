// Carrying out operators' cancel requests (orders.cancel) for a deployment this daemon holds.
// The API only records the request (trading/queries/order-cancel-request.ts): the cancel is a
// fenced write and the venue link lives here. Each pass lists the requests the ledger has not
// yet acted on (`pendingOperatorCancels`: no cancel_requested_at) and cancels them through the
// ledger with the lease's fence, credited to the operator; the engine hears of it the usual way
// (venue update → ledger → router → bridge). A pass after the ledger acted finds nothing, so a
// repeated request, a repeated event or a takeover does nothing more.
import type { Logger } from 'pino';
import type { BrokerLink } from '../../broker/broker-link';
import type { Pool } from '../../db/pool';
import type { Ledger } from '../ledger/ledger';
import type { Fence } from '../lease/lease-store';
import { pendingOperatorCancels } from '../queries/order-cancel-request';

export interface OperatorCancelTarget {
  pool: Pool;
  ledger: Ledger;
  link: BrokerLink;
  deploymentId: number;
  fence: () => Fence;
  log: Logger;
}

/** One pass; returns the ids of the orders whose cancel was carried out. */
export async function carryOutOperatorCancels(target: OperatorCancelTarget): Promise<number[]> {
  const { pool, ledger, link, deploymentId, log } = target;
  const done: number[] = [];
  for (const orderId of await pendingOperatorCancels(pool, { deploymentId })) {
    try {
      const { order, sentToVenue } = await ledger.cancel(target.fence(), orderId, 'operator', link);
      done.push(orderId);
      log.info(
        { orderId, clientOrderId: order.clientOrderId, status: order.status, sentToVenue },
        'operator cancel carried out',
      );
    } catch (err) {
      // Not acknowledged by the venue yet (no venue id), lease lost, database gone: the request
      // stays pending and the next pass (the supervisor's scan) tries again.
      log.warn({ orderId, err: (err as Error).message }, 'operator cancel not carried out yet');
    }
  }
  return done;
}
