// One reconciliation pass of a broker account: the venue's books (orders, trades, positions)
// against the ledger's (ledger-snapshot.ts) through the pure reconcile() (broker/reconciliation.ts).
// What the venue knows that the ledger missed is applied through the ledger's own idempotent
// apply — the fills and statuses the order-update socket would have delivered, and expiries of
// orders an ended session left working. Differences nothing explains are stored
// (difference-store.ts), alerted once, counted and published. A pass that found differences reads
// both sides again and keeps only those found twice: the books are read one after another, and
// a fill landing between two reads must not be reported as a difference.
import type { Logger } from 'pino';
import type { BrokerAlert } from '../../broker/broker-events';
import type { BrokerLink, BrokerOrder, BrokerOrderUpdate } from '../../broker/broker-link';
import { reconcile, type ReconcileDifference, type ReconcileResult } from '../../broker/reconciliation';
import { formatIstDateTime } from '../../core/calendar/civil-date';
import type { Pool } from '../../db/pool';
import type { EventBus } from '../../events/event-bus';
import type { ReconcileMetrics } from '../../metrics/reconcile-metrics';
import type { Ledger } from '../ledger/ledger';
import { instrumentRef } from '../ledger/send-order';
import { recordDifferences, subjectOf } from './difference-store';
import { readLedgerSnapshot } from './ledger-snapshot';
import './reconcile-events';

export type ReconcileTrigger = 'start' | 'reconnect' | 'interval' | 'request';

export interface ReconcileDeps {
  pool: Pool;
  ledger: Pick<Ledger, 'apply' | 'order'>;
  log: Logger;
  bus?: EventBus;
  metrics?: ReconcileMetrics;
  /** Counts an alert (quanttrade_broker_alerts_total). */
  countAlert?(kind: BrokerAlert['kind']): void;
  now?: () => number;
}

export interface ReconcileReport {
  accountId: number;
  venue: string;
  trigger: ReconcileTrigger;
  at: number;
  brokerOrders: number;
  /** Applied to the ledger: fills, status changes (acknowledgements included), expiries. */
  fills: number;
  statuses: number;
  expired: number;
  /** Sent orders the venue does not have: recovery resolves them (never by placing again). */
  pending: string[];
  differences: ReconcileDifference[];
  newDifferences: number;
  openDifferences: number;
  clearedDifferences: number;
  /** Updates the ledger refused (it says why); the next pass tries them again. */
  failed: { clientOrderId: string; error: string }[];
}

async function readBoth(deps: ReconcileDeps, link: BrokerLink, accountId: number, now: number) {
  // Trades before orders: a fill landing between the reads shows in the order (as filled quantity
  // the ledger does not have yet), never as a trade of an order the snapshot calls open.
  const trades = await link.trades();
  const orders = await link.orders();
  const positions = await link.positions();
  const ids = orders.map((o) => o.clientOrderId).filter(Boolean);
  const ledger = await readLedgerSnapshot(deps.pool, accountId, ids, now);
  return {
    orders,
    result: reconcile({ orders, trades, positions, dayPositionProducts: link.dayPositionProducts }, ledger),
  };
}

/** The venue's end of an order an earlier session left working (its book of today no longer lists it). */
async function expiryOf(
  deps: ReconcileDeps,
  clientOrderId: string,
  now: number,
): Promise<BrokerOrderUpdate | undefined> {
  const o = await deps.ledger.order({ clientOrderId });
  if (!o) return undefined;
  const reason = `the session ended with the order working: the broker's book of ${formatIstDateTime(now).slice(0, 10)} no longer lists it`;
  const order: BrokerOrder = {
    brokerOrderId: o.brokerOrderId ?? '',
    clientOrderId,
    instrument: await instrumentRef(deps.pool, o.instrumentId),
    side: o.side,
    qty: o.qty,
    filledQty: o.filledQty,
    avgPrice: NaN,
    orderType: o.orderType,
    product: o.product,
    validity: o.validity,
    status: 'expired',
    reason,
    venueStatus: 'EXPIRED',
    updatedAt: now,
    raw: { reconciliation: 'expired', reason },
  };
  return { kind: 'status', order };
}

async function applyAll(deps: ReconcileDeps, result: ReconcileResult, report: ReconcileReport, now: number) {
  const expiries = await Promise.all(result.expired.map((id) => expiryOf(deps, id, now)));
  const all: BrokerOrderUpdate[] = [...result.updates, ...expiries.flatMap((e) => (e ? [e] : []))];
  for (const update of all) {
    try {
      const outcome = await deps.ledger.apply(update, 'recovery');
      if (!outcome.applied) continue;
      if (update.kind === 'fill') report.fills++;
      else if (update.order.status === 'expired' && result.expired.includes(update.order.clientOrderId))
        report.expired++;
      else report.statuses++;
    } catch (err) {
      report.failed.push({ clientOrderId: update.order.clientOrderId, error: (err as Error).message });
    }
  }
}

export async function reconcileAccount(
  deps: ReconcileDeps,
  link: BrokerLink,
  account: { id: number; ownerId: number },
  trigger: ReconcileTrigger,
): Promise<ReconcileReport> {
  const now = deps.now ?? Date.now;
  const started = performance.now();
  const at = now();
  const report: ReconcileReport = {
    accountId: account.id,
    venue: link.venue,
    trigger,
    at,
    brokerOrders: 0,
    fills: 0,
    statuses: 0,
    expired: 0,
    pending: [],
    differences: [],
    newDifferences: 0,
    openDifferences: 0,
    clearedDifferences: 0,
    failed: [],
  };
  try {
    let { orders, result } = await readBoth(deps, link, account.id, at);
    await applyAll(deps, result, report, at);
    if (result.differences.length > 0 || report.fills + report.statuses > 0) {
      const first = new Set(result.differences.map((d) => `${d.kind}/${subjectOf(d)}`));
      ({ orders, result } = await readBoth(deps, link, account.id, now()));
      await applyAll(deps, result, report, now());
      result.differences = result.differences.filter((d) => first.has(`${d.kind}/${subjectOf(d)}`));
    }
    report.brokerOrders = orders.length;
    report.pending = result.unsent;
    report.differences = result.differences;
    const recorded = await recordDifferences(deps.pool, account, result.differences);
    report.newDifferences = recorded.created.length;
    report.openDifferences = recorded.open;
    report.clearedDifferences = recorded.cleared;
    announce(
      deps,
      account,
      report,
      recorded.created.map((d) => ({ kind: d.kind, message: d.message })),
    );
    deps.metrics?.passes.inc({ trigger, outcome: 'ok' });
    return report;
  } catch (err) {
    deps.metrics?.passes.inc({ trigger, outcome: 'failed' });
    throw err;
  } finally {
    deps.metrics?.passDuration.observe({ venue: link.venue }, (performance.now() - started) / 1000);
  }
}

function announce(
  deps: ReconcileDeps,
  account: { id: number; ownerId: number },
  report: ReconcileReport,
  created: { kind: string; message: string }[],
) {
  const m = deps.metrics;
  m?.repaired.inc({ what: 'fill' }, report.fills);
  m?.repaired.inc({ what: 'status' }, report.statuses);
  m?.repaired.inc({ what: 'expiry' }, report.expired);
  m?.openDifferences.set({ account: String(account.id) }, report.openDifferences);
  for (const d of created) {
    m?.differences.inc({ kind: d.kind });
    deps.countAlert?.('reconcile_difference');
    deps.log.warn({ accountId: account.id, kind: d.kind }, d.message);
    deps.bus
      ?.publish(
        'broker.alert',
        { accountId: account.id, kind: 'reconcile_difference', message: d.message },
        { ownerId: account.ownerId },
      )
      .catch(() => undefined);
  }
  if (report.fills + report.statuses + report.expired > 0)
    deps.log.info(
      {
        accountId: account.id,
        fills: report.fills,
        statuses: report.statuses,
        expired: report.expired,
        trigger: report.trigger,
      },
      'reconciliation applied what the order updates missed',
    );
  deps.bus
    ?.publish(
      'trading.reconciled',
      {
        accountId: account.id,
        trigger: report.trigger,
        fills: report.fills,
        statuses: report.statuses,
        expired: report.expired,
        pending: report.pending.length,
        newDifferences: report.newDifferences,
        openDifferences: report.openDifferences,
      },
      { ownerId: account.ownerId },
    )
    .catch(() => undefined);
}
