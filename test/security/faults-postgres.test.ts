// Faults of PostgreSQL under a real daemon process (DATABASE_URL, a cluster of the test's own):
// restarted fast and immediately, and stopped for 30 s, while idle and while backtests run; then
// a second daemon joins and one of the two is killed with SIGKILL mid-run. Every time: the daemon
// says 503 while the database is away and 200 again on its own, every run ends exactly once, and
// no rejection or exception went unhandled. QUANTTRADE_FAULT_OUTAGE_SECONDS shortens the 30 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../daemon/src/api/client';
import type { Pool } from '../../daemon/src/db/pool';
import { waitForStatus } from '../backtests/support/backtest-helpers';
import { freshRange, seedDailyBars, type Seeded } from '../backtests/support/seed-bars';
import { spawnDaemon, type SpawnedDaemon } from '../support/daemon';
import {
  addOperator,
  checkPool,
  expectEachDoneOnce,
  lockBars,
  processFaults,
  startFaultCluster,
  type FaultCluster,
} from './support/fault-harness';
import { until } from './support/until';

const OUTAGE_MS = Number(process.env.QUANTTRADE_FAULT_OUTAGE_SECONDS ?? 30) * 1000;

let cluster: FaultCluster;
let pool: Pool;
let daemon: SpawnedDaemon;
let second: SpawnedDaemon | undefined;
let token: string;
let bars: Seeded;

beforeAll(async () => {
  cluster = await startFaultCluster(['faults']);
  daemon = await spawnDaemon({
    databaseUrl: cluster.url('faults'),
    env: { QUANTTRADE_JOB_CONCURRENCY: '2' },
  });
  pool = checkPool(cluster.url('faults'));
  token = await addOperator(pool);
  bars = await seedDailyBars(pool, 'FAULTS', 1500);
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await daemon?.stop();
  await pool?.end().catch(() => undefined);
  await cluster?.close();
});

async function readyz(url = daemon.url): Promise<number> {
  return fetch(`${url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
}

async function submit(n: number, url = daemon.url): Promise<number[]> {
  const api = createClient({ url, token }).api;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const range = freshRange(bars);
    const { id } = await api.backtests.submit.mutate({
      template: 'sma-cross',
      params: { fast: 4, slow: 16, size: 5 },
      universe: { symbols: [bars.symbol], timeframe: '1d' },
      ...range,
    });
    ids.push(id);
  }
  return ids;
}

/** Runs two of them in flight (claimed, held by the bars lock), the rest queued, then `fault`. */
async function whileRunning(fault: () => Promise<void>): Promise<number[]> {
  const lock = await lockBars(pool);
  try {
    const ids = await submit(5);
    await until(
      async () =>
        (
          await pool.query(
            `SELECT count(*)::int AS n FROM backtests WHERE id = ANY($1) AND status = 'running'`,
            [ids],
          )
        ).rows[0].n,
      (n) => n >= 2,
      30_000,
    );
    await fault();
    return ids;
  } finally {
    await lock.release();
  }
}

async function backToReady(): Promise<void> {
  expect(
    await until(
      () => readyz(),
      (s) => s === 200,
      60_000,
      250,
    ),
  ).toBe(200);
}

async function outage(mode: 'fast' | 'immediate', ms: number): Promise<void> {
  await cluster.stop(mode);
  expect(
    await until(
      () => readyz(),
      (s) => s === 503,
      20_000,
      250,
    ),
  ).toBe(503);
  if (ms) await new Promise((r) => setTimeout(r, ms));
  await cluster.start();
}

describe('PostgreSQL faults under a running daemon', () => {
  it('survives an immediate restart while idle, then runs new work', async () => {
    await outage('immediate', 0);
    await backToReady();
    await expectEachDoneOnce(pool, await submit(2));
  }, 120_000);

  it('survives a fast restart while runs are in flight: each ends exactly once', async () => {
    const ids = await whileRunning(() => outage('fast', 0));
    await backToReady();
    await expectEachDoneOnce(pool, ids);
  }, 180_000);

  it('survives an immediate restart while runs are in flight: each ends exactly once', async () => {
    const ids = await whileRunning(() => outage('immediate', 0));
    await backToReady();
    await expectEachDoneOnce(pool, ids);
  }, 180_000);

  it('survives PostgreSQL stopped for 30 s while runs are in flight', async () => {
    const ids = await whileRunning(() => outage('fast', OUTAGE_MS));
    await backToReady();
    await expectEachDoneOnce(pool, ids);
  }, 240_000);

  it('survives PostgreSQL stopped for 30 s while idle', async () => {
    await outage('fast', OUTAGE_MS);
    await backToReady();
    await expectEachDoneOnce(pool, await submit(2));
  }, 240_000);

  it('never stopped, and no rejection or exception went unhandled', async () => {
    expect(daemon.child.exitCode).toBeNull();
    expect(await processFaults(daemon.url)).toEqual({ rejections: 0, exceptions: 0 });
    expect(daemon.output()).not.toMatch(/"level":60/);
  });
});

describe('two daemons, one killed', () => {
  it('has the survivor finish every run exactly once, ready throughout', async () => {
    second = await spawnDaemon({
      databaseUrl: cluster.url('faults'),
      env: { QUANTTRADE_JOB_CONCURRENCY: '2' },
    });
    const lock = await lockBars(pool);
    let ids: number[];
    try {
      ids = await submit(4);
      // Two runs per daemon: both hold some.
      for (const id of ids) await waitForStatus(pool, id, ['running'], 30_000);
      second.kill('SIGKILL');
      expect((await second.exited).signal).toBe('SIGKILL');
      second = undefined;
    } finally {
      await lock.release();
    }
    expect(await readyz()).toBe(200);
    await expectEachDoneOnce(pool, ids);
    expect(await readyz()).toBe(200);
    expect(await processFaults(daemon.url)).toEqual({ rejections: 0, exceptions: 0 });
  }, 180_000);
});
