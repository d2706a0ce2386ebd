// Shutdown while a job runs: jobs that finish within the bound complete; those that do not are
// aborted and handed back to the queue for retry — never lost, never left "active".
import { afterEach, describe, expect, it } from 'vitest';
import type { JobHandlerFactory } from '../../daemon/src/jobs/job-handler';
import { createTestDatabase } from '../support/database';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from '../backtests/support/backtest-helpers';
import { seedDailyBars } from '../backtests/support/seed-bars';

let t: TestDaemon | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** A risk.scan handler that runs for `ms` unless aborted; reports when it starts. */
function slowHandler(ms: number, started: (id: string) => void): JobHandlerFactory {
  return () => ({
    queue: 'risk.scan',
    pollingIntervalSeconds: 10,
    handle: (_data, { jobId, signal }) =>
      new Promise((resolve, reject) => {
        started(jobId);
        const timer = setTimeout(() => resolve({ done: true }), ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        });
      }),
  });
}

async function runAndStop(ms: number, boundSeconds: number): Promise<{ id: string; state: string }> {
  let onStart!: (id: string) => void;
  const started = new Promise<string>((resolve) => (onStart = resolve));
  const database = await createTestDatabase();
  t = await startTestDaemon({
    database,
    handlers: [slowHandler(ms, onStart)],
    config: { shutdownTimeoutSeconds: boundSeconds },
  });
  const id = await t.daemon.deps.jobs.enqueue('risk.scan', {});
  expect(await started).toBe(id);
  const daemon = t;
  t = undefined;
  await daemon.stop();
  const { rows } = await database.pool.query<{ state: string }>(
    'SELECT state FROM pgboss.job WHERE id = $1',
    [id],
  );
  await database.drop();
  return { id, state: rows[0]!.state };
}

describe('cancelling a running job', () => {
  it("aborts its handler's signal and counts the job as cancelled", async () => {
    let onStart!: (id: string) => void;
    const started = new Promise<string>((resolve) => (onStart = resolve));
    let onAbort!: (reason: unknown) => void;
    const aborted = new Promise<unknown>((resolve) => (onAbort = resolve));
    const handler: JobHandlerFactory = () => ({
      queue: 'risk.scan',
      handle: (_data, { jobId, signal }) => {
        onStart(jobId);
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            onAbort(signal.reason);
            reject(signal.reason as Error);
          }),
        );
      },
    });
    t = await startTestDaemon({ handlers: [handler] });
    const id = await t.daemon.deps.jobs.enqueue('risk.scan', {});
    await started;
    await t.daemon.deps.jobs.cancel('risk.scan', id);
    expect(((await aborted) as Error).message).toBe('job cancelled');
    expect(await t.daemon.deps.jobs.state('risk.scan', id)).toBe('cancelled');
    await new Promise((r) => setImmediate(r));
    const finished = await t.daemon.deps.metrics.jobs.finished.get();
    expect(finished.values).toContainEqual({
      value: 1,
      labels: { queue: 'risk.scan', outcome: 'cancelled' },
    });
  });
});

describe('shutdown while a job runs', () => {
  it('lets a job that finishes within the bound complete', async () => {
    expect((await runAndStop(500, 10)).state).toBe('completed');
  });

  it('hands a job still running at the bound back for retry', async () => {
    expect((await runAndStop(60_000, 1)).state).toBe('retry');
  });
});

describe('stopping a daemon that has run backtests', () => {
  it('ends its worker threads and their database connections before the database goes', async () => {
    const database = await createTestDatabase();
    t = await startTestDaemon({ database });
    const bars = await seedDailyBars(t.pool, 'STOPTEST', 300);
    const { id } = await t.api('operator').backtests.submit.mutate({
      template: 'sma-cross',
      params: { fast: 5, slow: 20, size: 10 },
      universe: { symbols: [bars.symbol], timeframe: '1d' },
      from: bars.from,
      to: bars.to,
    });
    expect((await waitForStatus(database.pool, id, ['succeeded', 'failed'])).status).toBe('succeeded');
    const threadConnections = async () =>
      (
        await database.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'quanttrade-backtest'`,
        )
      ).rows[0]!.n;
    // The thread keeps its pool between runs (30 s idle timeout) while the daemon runs.
    expect(await threadConnections()).toBeGreaterThan(0);
    const daemon = t;
    t = undefined;
    await daemon.stop();
    await expect.poll(threadConnections, { timeout: 3_000 }).toBe(0);
    await database.drop();
  }, 60_000);
});
