// Instruments of the deployment runner: how late the strategy sees a bar after its interval
// ended, each deployment's P&L (equity less capital, at the last bars), and the deployments by
// state among those to run, with how many this daemon holds, and how many it moved to error.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RunnerMetrics {
  /** Bar close (interval end) → the strategy's call, seconds. */
  barLateness: Histogram<'timeframe'>;
  /** Equity − capital per deployment, rupees (at the last bar's prices). */
  deploymentPnl: Gauge<'deployment'>;
  /** Deployments to run (starting, running, paused, stopping) by state, as last scanned. */
  deployments: Gauge<'status'>;
  /** Deployments this daemon moved to error. */
  deploymentErrors: Counter;
  /** Deployments this daemon runs now. */
  deploymentsHeld: Gauge;
  /** End-of-day report builds by outcome (saved, failed — a failure is retried). */
  eodReports: Counter<'outcome'>;
  /** End-of-day reports waiting for a retry. */
  eodReportsPending: Gauge;
}

export function createRunnerMetrics(registry: Registry): RunnerMetrics {
  const registers = [registry];
  return {
    barLateness: new Histogram({
      name: 'quanttrade_bar_lateness_seconds',
      help: "From a bar's interval end to the strategy's call on it",
      labelNames: ['timeframe'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    deploymentPnl: new Gauge({
      name: 'quanttrade_deployment_pnl_rupees',
      help: 'Equity less capital per running deployment, at the last bar prices',
      labelNames: ['deployment'],
      registers,
    }),
    deployments: new Gauge({
      name: 'quanttrade_deployments',
      help: 'Deployments to run (starting, running, paused, stopping) by state',
      labelNames: ['status'],
      registers,
    }),
    deploymentErrors: new Counter({
      name: 'quanttrade_deployment_errors_total',
      help: 'Deployments this daemon moved to error (the strategy threw, a start failed)',
      registers,
    }),
    deploymentsHeld: new Gauge({
      name: 'quanttrade_deployments_held',
      help: 'Deployments this daemon runs (holds the lease of)',
      registers,
    }),
    eodReports: new Counter({
      name: 'quanttrade_eod_reports_total',
      help: 'End-of-day report builds by outcome (saved, failed; a failed build is retried)',
      labelNames: ['outcome'],
      registers,
    }),
    eodReportsPending: new Gauge({
      name: 'quanttrade_eod_reports_pending',
      help: 'End-of-day reports that failed and wait for a retry',
      registers,
    }),
  };
}
