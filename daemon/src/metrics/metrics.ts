// Every Prometheus instrument the daemon exports, created on one registry per daemon (never
// prom-client's global one, so several daemons can live in one process, as in tests). Each
// domain's instruments live in their own file here (http-metrics.ts, db-metrics.ts, ...) and are
// composed below; add a domain with one line. Every name starts with `quanttrade_`, and every
// name a dashboard in dashboards/ uses must be registered here (test/daemon/dashboards.test.ts).
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createAuthMetrics, type AuthMetrics } from './auth-metrics';
import { createBacktestMetrics, type BacktestMetrics } from './backtest-metrics';
import { createBrokerMetrics, type BrokerMetrics } from './broker-metrics';
import { createDbMetrics, type DbMetrics } from './db-metrics';
import { createHttpMetrics, type HttpMetrics } from './http-metrics';
import { createJobMetrics, type JobMetrics } from './job-metrics';
import { createReconcileMetrics, type ReconcileMetrics } from './reconcile-metrics';
import { createProcessMetrics, type ProcessMetrics } from './process-metrics';
import { createRiskMetrics, type RiskMetrics } from './risk-metrics';
import { createTradingMetrics, type TradingMetrics } from './trading-metrics';
import { createBuildMetrics, type BuildMetrics } from './build-metrics';
import { createNotificationMetrics, type NotificationMetrics } from './notification-metrics';
import { createRunnerMetrics, type RunnerMetrics } from './runner-metrics';

export const METRIC_PREFIX = 'quanttrade_';

export interface Metrics {
  registry: Registry;
  http: HttpMetrics;
  db: DbMetrics;
  jobs: JobMetrics;
  auth: AuthMetrics;
  backtests: BacktestMetrics;
  broker: BrokerMetrics;
  process: ProcessMetrics;
  risk: RiskMetrics;
  trading: TradingMetrics;
  notifications: NotificationMetrics;
  build: BuildMetrics;
  runner: RunnerMetrics;
  reconcile: ReconcileMetrics;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Node process metrics: event-loop lag, heap, GC, handles, CPU — prefixed like ours.
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return {
    registry,
    http: createHttpMetrics(registry),
    db: createDbMetrics(registry),
    jobs: createJobMetrics(registry),
    auth: createAuthMetrics(registry),
    backtests: createBacktestMetrics(registry),
    broker: createBrokerMetrics(registry),
    process: createProcessMetrics(registry),
    risk: createRiskMetrics(registry),
    trading: createTradingMetrics(registry),
    notifications: createNotificationMetrics(registry),
    build: createBuildMetrics(registry),
    runner: createRunnerMetrics(registry),
    reconcile: createReconcileMetrics(registry),
  };
}
