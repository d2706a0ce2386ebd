// What the fault tests share: a PostgreSQL cluster of their own (the embedded binaries, in a
// temporary directory) that a test may restart fast or immediately, or stop for a while, without
// disturbing the shared test cluster; an operator and their token on a daemon's database; bars to
// backtest; runs held in flight by a lock on the bars table; and the check that every run ended
// exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { createToken } from '../../../daemon/src/api/auth/accounts';
import { hashPassword } from '../../../daemon/src/api/auth/password';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../daemon/src/db/embedded-postgres';
import { createPool, type Pool, type PoolClient } from '../../../daemon/src/db/pool';
import { testLogger } from '../../support/logger';
import { waitForStatus } from '../../backtests/support/backtest-helpers';
import { until } from './until';

export interface FaultCluster {
  /** Connection string of database `name` on the cluster. */
  url(name: string): string;
  /** Fast shutdown (SIGINT: sessions ended, checkpoint) and start again; `pauseMs` in between. */
  restart(mode: 'fast' | 'immediate', pauseMs?: number): Promise<void>;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultCluster(databases: string[]): Promise<FaultCluster> {
  const home = mkdtempSync(join(tmpdir(), 'qt-faults-'));
  const log = testLogger();
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ home, log });
  const admin = new pg.Client({ connectionString: server.connectionString });
  await admin.connect();
  for (const name of databases) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const base = server.connectionString;
  const stop = async (mode: 'fast' | 'immediate') => {
    if (!server) return;
    // Immediate: SIGQUIT, no checkpoint (crash recovery on the next start); stop() then waits.
    if (mode === 'immediate') server.kill();
    await server.stop();
    server = undefined;
  };
  const start = async () => {
    server ??= await startEmbeddedPostgres({ home, log });
  };
  return {
    url(name) {
      const u = new URL(base);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async restart(mode, pauseMs = 0) {
      await stop(mode);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      await start();
    },
    stop,
    start,
    async close() {
      await stop('fast');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A pool for the test's own checks, that shrugs off the restarts the test causes. */
export function checkPool(url: string): Pool {
  return createPool({ connectionString: url, max: 4, log: testLogger() });
}

/** An operator on the daemon's database and an API token for them. */
export async function addOperator(pool: Pool, email = 'faults@test.local'): Promise<string> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO users (email, role, password_hash) VALUES ($1, 'operator', $2)
     ON CONFLICT (email) DO UPDATE SET role = 'operator' RETURNING id`,
    [email, await hashPassword('fault tests password')],
  );
  const { token } = await createToken({ pool }, { label: 'system' }, { userId: rows[0]!.id, name: 'faults' });
  return token;
}

/** Holds every run that reads bars in flight until released (a slow run, deterministically). */
export async function lockBars(pool: Pool): Promise<{ release(): Promise<void> }> {
  const client: PoolClient = await pool.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE bars IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      // After a restart the connection is gone, and the lock with it.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
    },
  };
}

/** Every run succeeded, with exactly one stored result (equity curve, trades as counted). */
export async function expectEachDoneOnce(pool: Pool, ids: number[], timeoutMs = 120_000): Promise<void> {
  for (const id of ids) {
    const row = await waitForStatus(pool, id, ['succeeded', 'failed', 'cancelled'], timeoutMs);
    expect(row, `backtest ${id}`).toMatchObject({ status: 'succeeded' });
  }
  type Row = { id: number; expected: number; equity: number; trades: number; job: string | null };
  const read = async () =>
    (
      await pool.query<Row>(
        `SELECT b.id, (b.stats ->> 'trades')::int AS expected,
                (SELECT count(*)::int FROM backtest_equity e WHERE e.backtest_id = b.id) AS equity,
                (SELECT count(*)::int FROM backtest_trades t WHERE t.backtest_id = b.id) AS trades,
                (SELECT j.state::text FROM pgboss.job j WHERE j.id = b.job_id) AS job
           FROM backtests b WHERE b.id = ANY($1) ORDER BY b.id`,
        [ids],
      )
    ).rows;
  // The row is written before the job is recorded as completed: give the queue a moment.
  const rows = await until(read, (all) => all.every((r) => r.job === null || r.job === 'completed'), 30_000);
  expect(rows).toHaveLength(ids.length);
  for (const r of rows) {
    expect(r, `backtest ${r.id}`).toMatchObject({ equity: 1, trades: r.expected });
    // The queue agrees: completed (or already archived), never left active or retrying.
    expect([null, 'completed'], `job of backtest ${r.id}`).toContain(r.job);
  }
}

/** The daemon's counters of unhandled rejections and uncaught exceptions, from /metrics. */
export async function processFaults(url: string): Promise<{ rejections: number; exceptions: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rejections: read('quanttrade_unhandled_rejections_total'),
    exceptions: read('quanttrade_uncaught_exceptions_total'),
  };
}
