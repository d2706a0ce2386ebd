// The order ledger's one entry point for the deployment runner, the API and the CLI. Wiring:
//
//   const ledger = createLedger({ pool, log, metrics: metrics.trading, listener });
//   const stop = ledger.attach(link);                     // venue updates → ledger, idempotently
//   await ledger.recover(link, scope, fence);             // on start / takeover, before trading
//   const { order } = await ledger.submit(fence, input);  // outbox: committed as `new`
//   await ledger.send(fence, order.id, link);             // new → sent (fenced commit), then place
//
// Writes of a deployment's orders take its lease's fence (lease-keeper.ts `fence()`); a daemon
// that lost the lease or its database connection cannot commit the `sent` step, so it cannot
// send. Venue updates are facts and are applied whoever holds the lease. The listener is called
// after each commit (never inside a transaction), for events, strategy callbacks and metrics.
import type { Logger } from 'pino';
import type { OrderEndSource } from '../../core/order-lifecycle';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import type { BrokerLink, BrokerOrderUpdate, ModifyOrderRequest, PlaceAck } from '../../broker/broker-link';
import type { TradingMetrics } from '../../metrics/trading-metrics';
import type { Fence } from '../lease/lease-store';
import { acknowledgeOpen } from './acknowledge';
import { applyAckInTransaction, applyUpdateInTransaction, type ApplyOutcome } from './apply-update';
import { requestCancel, type CancelResult } from './cancel-order';
import { requestModify, type ModifyResult } from './modify-order';
import type { LedgerFill, LedgerOrder, SignalInput, SubmitOrderInput } from './ledger-types';
import { readOrder } from './order-store';
import { markPositions, type Mark } from './position-store';
import { recoverOrders, type RecoveryReport, type RecoveryScope } from './recovery';
import { commitOrderAsSent, type OrderTransactionHook } from './place-order';
import { placeAtVenue, sendOrder, type SendResult } from './send-order';
import { recordRefusedSignal, submitOrder, type SubmitResult } from './submit-order';

export interface LedgerListener {
  /** An order's row changed (created, sent, acknowledged, filled, closed, ...). */
  onOrder?(order: LedgerOrder): void;
  /** A fill was booked (the order is as it stands after it). */
  onFill?(fill: LedgerFill, order: LedgerOrder): void;
}

export interface LedgerOptions {
  pool: Pool;
  log: Logger;
  metrics?: TradingMetrics;
  listener?: LedgerListener;
}

export interface Ledger {
  submit(fence: Fence | null, input: SubmitOrderInput): Promise<SubmitResult>;
  /** `flattenSwitchId`: the order is a flatten order of that kill switch (see SubmitOrderInput). */
  send(
    fence: Fence | null,
    orderId: number,
    link: BrokerLink,
    options?: { flattenSwitchId?: number },
  ): Promise<SendResult>;
  /**
   * A deployment's order decision in one durable commit: signal, order (committed as `sent`), its
   * events and `inTransaction` (the risk approval) together under the fence; then the venue call.
   * A repeated signal returns the existing order (`created: false`), sending it only if it is
   * still `new`.
   */
  place(
    fence: Fence | null,
    input: SubmitOrderInput,
    link: BrokerLink,
    inTransaction?: OrderTransactionHook,
  ): Promise<SendResult & { created: boolean }>;
  /** submit, then send when the order is new (a repeated signal returns the existing order unsent). */
  submitAndSend(
    fence: Fence | null,
    input: SubmitOrderInput,
    link: BrokerLink,
  ): Promise<SendResult & { created: boolean }>;
  cancel(
    fence: Fence | null,
    orderId: number,
    source: OrderEndSource,
    link: BrokerLink,
  ): Promise<CancelResult>;
  /** Asks the venue to modify a working order (fenced); its report of the new terms is applied. */
  modify(
    fence: Fence | null,
    orderId: number,
    change: ModifyOrderRequest,
    link: BrokerLink,
  ): Promise<ModifyResult>;
  /** Applies one venue update; idempotent. */
  apply(update: BrokerOrderUpdate, source?: 'broker' | 'recovery'): Promise<ApplyOutcome>;
  /** Subscribes to the link's updates; returns the unsubscribe function. */
  attach(link: BrokerLink): () => void;
  recover(
    link: BrokerLink,
    scope: RecoveryScope,
    fence: Fence | null,
    options?: { sentGraceMs?: number },
  ): Promise<RecoveryReport>;
  /** Marks positions to market at the given prices (all deployments holding the instruments). */
  mark(marks: readonly Mark[]): Promise<number>;
  recordRefusedSignal(
    deploymentId: number,
    instrumentId: number,
    signal: SignalInput,
    reason: string,
  ): Promise<number>;
  order(key: { id: number } | { clientOrderId: string }): Promise<LedgerOrder | undefined>;
}

export function createLedger(options: LedgerOptions): Ledger {
  const { pool, log, metrics, listener } = options;

  const notifyOrder = (order: LedgerOrder, previous?: LedgerOrder): void => {
    if (!previous || previous.status !== order.status)
      metrics?.orderTransitions.inc({ status: order.status, end_source: order.endSource ?? '' });
    listener?.onOrder?.(order);
  };

  const refreshOpenPositions = async (deploymentId: number | null): Promise<void> => {
    if (!metrics) return;
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM positions WHERE deployment_id IS NOT DISTINCT FROM $1 AND net_qty <> 0',
      [deploymentId],
    );
    metrics.openPositions.set({ deployment: deploymentId === null ? '' : String(deploymentId) }, rows[0]!.n);
  };

  // The open-positions gauge is a count query: run it off the fill's path, one at a time per
  // deployment, once more if fills arrived while it ran (a burst of fills costs two queries).
  const refreshing = new Map<number | null, boolean>();
  const refreshSoon = (deploymentId: number | null): void => {
    if (!metrics) return;
    if (refreshing.has(deploymentId)) {
      refreshing.set(deploymentId, true);
      return;
    }
    refreshing.set(deploymentId, false);
    void (async () => {
      try {
        do {
          refreshing.set(deploymentId, false);
          await refreshOpenPositions(deploymentId);
        } while (refreshing.get(deploymentId));
      } catch {
        // A gauge: the next fill refreshes it.
      } finally {
        refreshing.delete(deploymentId);
      }
    })();
  };

  const run = async (
    fn: (client: PoolClient) => Promise<ApplyOutcome>,
    before?: LedgerOrder,
  ): Promise<ApplyOutcome> => booked(await withTransaction(pool, fn), before);

  const booked = (outcome: ApplyOutcome, before?: LedgerOrder): ApplyOutcome => {
    if (!outcome.applied) {
      metrics?.updatesIgnored.inc({ reason: outcome.reason });
      return outcome;
    }
    notifyOrder(outcome.order, before);
    if (outcome.fill) {
      metrics?.fills.inc({ side: outcome.fill.side });
      listener?.onFill?.(outcome.fill, outcome.order);
      refreshSoon(outcome.order.deploymentId);
    }
    return outcome;
  };

  const apply: Ledger['apply'] = (update, source = 'broker') =>
    run((client) => applyUpdateInTransaction(client, update, source));

  const applyAck = async (order: LedgerOrder, ack: PlaceAck): Promise<LedgerOrder> => {
    const quick = await acknowledgeOpen(pool, order, ack);
    if (quick?.applied) {
      notifyOrder(quick.order, order);
      return quick.order;
    }
    const outcome = await run((client) => applyAckInTransaction(client, order.id, ack));
    return outcome.applied || outcome.reason === 'duplicate' ? outcome.order : order;
  };

  const send: Ledger['send'] = async (fence, orderId, link, options = {}) => {
    const started = performance.now();
    let result: SendResult;
    try {
      result = await sendOrder({ pool, log, applyAck }, fence, orderId, link, options);
    } catch (err) {
      if ((err as { code?: string }).code === 'LEASE_LOST') metrics?.leaseEvents.inc({ event: 'refused' });
      throw err;
    }
    if (result.outcome === 'not_new') return result;
    metrics?.orderSends.inc({ venue: link.venue, outcome: result.outcome });
    if (result.outcome === 'acknowledged')
      metrics?.ackLatency.observe({ venue: link.venue }, (performance.now() - started) / 1000);
    if (result.outcome === 'rejected') notifyOrder(result.order);
    return result;
  };

  const submit: Ledger['submit'] = async (fence, input) => {
    try {
      const result = await submitOrder(pool, fence, input);
      if (result.created) notifyOrder(result.order);
      return result;
    } catch (err) {
      if ((err as { code?: string }).code === 'LEASE_LOST') metrics?.leaseEvents.inc({ event: 'refused' });
      throw err;
    }
  };

  const place: Ledger['place'] = async (fence, input, link, inTransaction) => {
    const decided = performance.now();
    let committed;
    try {
      committed = await commitOrderAsSent(pool, fence, input, inTransaction);
    } catch (err) {
      if ((err as { code?: string }).code === 'LEASE_LOST') metrics?.leaseEvents.inc({ event: 'refused' });
      throw err;
    }
    const { order, created } = committed;
    if (!created) {
      if (order.status !== 'new') return { outcome: 'not_new', order, created };
      const flatten = input.flattenSwitchId === undefined ? {} : { flattenSwitchId: input.flattenSwitchId };
      return { ...(await send(fence, order.id, link, flatten)), created };
    }
    notifyOrder(order);
    const started = performance.now();
    const result = await placeAtVenue({ pool, log, applyAck }, order, link);
    metrics?.orderSends.inc({ venue: link.venue, outcome: result.outcome });
    if (result.outcome === 'acknowledged') {
      const now = performance.now();
      metrics?.ackLatency.observe({ venue: link.venue }, (now - started) / 1000);
      metrics?.decisionToAck.observe({ venue: link.venue }, (now - decided) / 1000);
    }
    if (result.outcome === 'rejected') notifyOrder(result.order);
    return { ...result, created };
  };

  return {
    submit,
    send,
    place,
    async submitAndSend(fence, input, link) {
      const submitted = await submit(fence, input);
      if (submitted.order.status !== 'new')
        return { outcome: 'not_new', order: submitted.order, created: submitted.created };
      const flatten = input.flattenSwitchId === undefined ? {} : { flattenSwitchId: input.flattenSwitchId };
      return { ...(await send(fence, submitted.order.id, link, flatten)), created: submitted.created };
    },
    async cancel(fence, orderId, source, link) {
      const result = await requestCancel(pool, fence, orderId, source, link);
      if (!result.sentToVenue) notifyOrder(result.order);
      return result;
    },
    modify: (fence, orderId, change, link) => requestModify(pool, fence, orderId, change, link),
    apply,
    attach(link) {
      return link.subscribe(async (update) => {
        try {
          await apply(update);
        } catch (err) {
          metrics?.updatesIgnored.inc({ reason: 'failed' });
          log.error(
            { err: (err as Error).message, clientOrderId: update.order.clientOrderId, kind: update.kind },
            'applying a venue update failed; recovery will look the order up again',
          );
        }
      });
    },
    async recover(link, scope, fence, opts) {
      const report = await recoverOrders(
        { pool, log, apply, onOrder: (o) => notifyOrder(o) },
        link,
        scope,
        fence,
        opts,
      );
      if (metrics) {
        metrics.recovered.inc({ outcome: 'updated' }, report.updated);
        metrics.recovered.inc({ outcome: 'unchanged' }, report.unchanged);
        metrics.recovered.inc({ outcome: 'closed_never_sent' }, report.closedNeverSent);
        metrics.recovered.inc({ outcome: 'closed_not_found' }, report.closedNotFound);
        metrics.recovered.inc({ outcome: 'pending' }, report.pending);
        metrics.recovered.inc({ outcome: 'failed' }, report.failed.length);
      }
      return report;
    },
    mark: (marks) => markPositions(pool, marks),
    recordRefusedSignal: (deploymentId, instrumentId, signal, reason) =>
      recordRefusedSignal(pool, deploymentId, instrumentId, signal, reason),
    order: (key) => readOrder(pool, key),
  };
}
