// End-of-day reports of the deployments a daemon holds, built when their session closes and
// retried while the daemon runs: a build that fails (the database away, a lock timeout) is tried
// again after a bounded backoff (first delay, doubled each time up to a cap) until it is saved or
// the deployment is dropped — not left until the next resume. Every attempt is logged and
// counted (`quanttrade_eod_reports_total{outcome}`), the dates waiting for a retry are a gauge.
import type { Logger } from 'pino';
import type { Pool } from '../../db/pool';
import type { RunnerMetrics } from '../../metrics/runner-metrics';
import { buildEodReport, saveEodReport } from '../ledger/eod-report';

export interface EodRetry {
  /** Delay before the first retry (default 5 s). */
  firstMs: number;
  /** Longest delay between two retries (default 5 min). */
  maxMs: number;
}

export const DEFAULT_EOD_RETRY: EodRetry = { firstMs: 5000, maxMs: 300_000 };

/** The delay before retry number `attempt` (1 = the first retry): doubled each time, capped. */
export function eodRetryDelay(retry: EodRetry, attempt: number): number {
  return Math.min(retry.maxMs, retry.firstMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

export class EodReports {
  private readonly retries = new Map<string, NodeJS.Timeout>();
  /** Reports (deployment:date) that failed and are not saved yet. */
  private readonly pending = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  /** Bumped when a deployment is forgotten: a build started before does not schedule retries. */
  private readonly generation = new Map<number, number>();
  private stopped = false;

  constructor(
    private readonly options: {
      pool: Pool;
      log: Logger;
      retry?: EodRetry;
      metrics?: RunnerMetrics;
    },
  ) {}

  /** Builds and saves the report of each date; a failure is retried in the background. */
  async build(deploymentId: number, dates: readonly string[]): Promise<void> {
    for (const date of dates) await this.attempt(deploymentId, date, 0);
  }

  /** Stops the retries of a deployment this daemon no longer holds (its new holder builds them). */
  forget(deploymentId: number): void {
    this.generation.set(deploymentId, (this.generation.get(deploymentId) ?? 0) + 1);
    for (const [key, timer] of this.retries)
      if (key.startsWith(`${deploymentId}:`)) {
        clearTimeout(timer);
        this.retries.delete(key);
      }
    for (const key of this.pending) if (key.startsWith(`${deploymentId}:`)) this.pending.delete(key);
    this.gauge();
  }

  /** Stops every retry and waits for a build in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    await Promise.all([...this.running]);
  }

  private async attempt(deploymentId: number, date: string, failures: number): Promise<void> {
    const { pool, log, metrics } = this.options;
    const key = `${deploymentId}:${date}`;
    const generation = this.generation.get(deploymentId) ?? 0;
    try {
      await saveEodReport(pool, await buildEodReport(pool, deploymentId, date));
      metrics?.eodReports.inc({ outcome: 'saved' });
      this.pending.delete(key);
      log.info({ deploymentId, date, retries: failures }, 'end-of-day report saved');
    } catch (err) {
      metrics?.eodReports.inc({ outcome: 'failed' });
      if (this.stopped || generation !== (this.generation.get(deploymentId) ?? 0)) return;
      const delay = eodRetryDelay(this.options.retry ?? DEFAULT_EOD_RETRY, failures + 1);
      log.error(
        { deploymentId, date, attempt: failures + 1, retryInMs: delay, err: (err as Error).message },
        'end-of-day report failed; will retry',
      );
      this.pending.add(key);
      clearTimeout(this.retries.get(key));
      const timer = setTimeout(() => {
        this.retries.delete(key);
        const run = this.attempt(deploymentId, date, failures + 1);
        this.running.add(run);
        void run.finally(() => this.running.delete(run));
      }, delay);
      timer.unref();
      this.retries.set(key, timer);
    }
    this.gauge();
  }

  private gauge(): void {
    this.options.metrics?.eodReportsPending.set(this.pending.size);
  }
}
