// Reconciliation of broker links with the ledger (trading/reconcile/): passes by trigger and
// outcome, what they repaired, the differences nothing explains (new ones by kind, open ones per
// account), and calls of the broker's own kill switch. Labels are account ids, kinds and
// outcomes — never an order id.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ReconcileMetrics {
  /** Passes by trigger (start, reconnect, interval, request) and outcome (ok, failed). */
  passes: Counter<'trigger' | 'outcome'>;
  passDuration: Histogram<'venue'>;
  /** What passes applied: fills, statuses (incl. acknowledgements), expiries. */
  repaired: Counter<'what'>;
  /** Differences found for the first time, by kind. */
  differences: Counter<'kind'>;
  /** Differences not cleared yet, per account (acknowledged ones included). */
  openDifferences: Gauge<'account'>;
  /** Calls of a broker's own kill switch, by action and outcome. */
  brokerKillSwitch: Counter<'action' | 'outcome'>;
}

export function createReconcileMetrics(registry: Registry): ReconcileMetrics {
  const registers = [registry];
  return {
    passes: new Counter({
      name: 'quanttrade_reconcile_passes_total',
      help: 'Reconciliation passes of a broker account against the ledger, by trigger and outcome',
      labelNames: ['trigger', 'outcome'],
      registers,
    }),
    passDuration: new Histogram({
      name: 'quanttrade_reconcile_pass_seconds',
      help: 'Duration of a reconciliation pass (broker reads, ledger snapshot, repairs)',
      labelNames: ['venue'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    repaired: new Counter({
      name: 'quanttrade_reconcile_repairs_total',
      help: 'What reconciliation applied to the ledger that the order updates had not: fills, statuses, expiries',
      labelNames: ['what'],
      registers,
    }),
    differences: new Counter({
      name: 'quanttrade_reconcile_differences_total',
      help: 'Differences between a broker and the ledger found for the first time, by kind',
      labelNames: ['kind'],
      registers,
    }),
    openDifferences: new Gauge({
      name: 'quanttrade_reconcile_open_differences',
      help: 'Differences not cleared yet, per broker account',
      labelNames: ['account'],
      registers,
    }),
    brokerKillSwitch: new Counter({
      name: 'quanttrade_broker_kill_switch_calls_total',
      help: "Calls of a broker's own kill switch (Dhan), by action and outcome",
      labelNames: ['action', 'outcome'],
      registers,
    }),
  };
}
