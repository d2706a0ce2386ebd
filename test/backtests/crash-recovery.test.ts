// Durability and scale-out with real daemon processes: two `quanttrade start --roles worker`
// daemons share the backtest queue; one is killed with SIGKILL while its runs are in flight, and
// the other completes them — each result written exactly once. An API-only daemon (in this
// process) takes the submissions and runs nothing itself.
//
// Runs are held in flight by an exclusive lock on the bars table (taken by the test): workers
// claim them and wait inside their threads for the bars, as a slow run would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from '../../daemon/src/db/pool';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { spawnDaemon, startTestDaemon, type SpawnedDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let db: TestDatabase;
let api: TestDaemon;
let bars: Seeded;
const workers: SpawnedDaemon[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDaemon({ database: db, config: { roles: ['api'] } });
  bars = await seedDailyBars(db.pool, 'CRASHTEST', 1500);
}, 120_000);

afterAll(async () => {
  for (const w of workers) await w.stop();
  await api?.stop();
  await db?.drop();
});

const worker = async () => {
  const w = await spawnDaemon({ databaseUrl: db.url, args: ['--roles', 'worker'] });
  workers.push(w);
  return w;
};

async function lockBars(): Promise<PoolClient> {
  const client = await db.pool.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE bars IN ACCESS EXCLUSIVE MODE');
  return client;
}

async function workersOf(ids: number[]): Promise<Map<number, string>> {
  const { rows } = await db.pool.query<{ id: number; worker: string }>(
    `SELECT id, worker FROM backtests WHERE id = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.worker]));
}

describe('a worker daemon killed mid-run', () => {
  it('has its runs completed by the other daemon, each result stored once', async () => {
    const [w1, w2] = [await worker(), await worker()];
    const lock = await lockBars();
    let ids: number[];
    try {
      const submit = () =>
        api.api('operator').backtests.submit.mutate({
          template: 'sma-cross',
          params: { fast: 4, slow: 16, size: 5 },
          universe: { symbols: [bars.symbol], timeframe: '1d' },
          from: bars.from,
          to: bars.to,
        });
      ids = [];
      for (let i = 0; i < 4; i++) ids.push((await submit()).id);
      // Two workers per daemon, four runs: every run is claimed, and both daemons hold some.
      for (const id of ids) await waitForStatus(db.pool, id, ['running'], 30_000);
      const held = await workersOf(ids);
      expect(new Set(held.values()).size).toBe(2);
      // The API-only daemon consumed nothing.
      const apiName = api.daemon.deps.bus.daemonId.slice(0, 8);
      expect([...held.values()].some((w) => w.endsWith(apiName))).toBe(false);

      w1.kill('SIGKILL');
      expect((await w1.exited).signal).toBe('SIGKILL');
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
    }
    for (const id of ids) {
      const row = await waitForStatus(db.pool, id, ['succeeded', 'failed'], 60_000);
      expect(row).toMatchObject({ status: 'succeeded', error: null });
    }
    const { rows } = await db.pool.query(
      `SELECT b.id, b.attempt, (b.stats ->> 'trades')::int AS expected,
              (SELECT count(*)::int FROM backtest_equity e WHERE e.backtest_id = b.id) AS equity,
              (SELECT count(*)::int FROM backtest_trades t WHERE t.backtest_id = b.id) AS trades
         FROM backtests b WHERE b.id = ANY($1) ORDER BY b.id`,
      [ids],
    );
    for (const r of rows) expect(r).toMatchObject({ equity: 1, trades: r.expected });
    expect(rows.every((r) => r.expected > 0)).toBe(true);
    // The killed daemon's runs were run again (attempt 2); the survivor's finished at once.
    expect(rows.map((r) => r.attempt).sort()).toEqual([1, 1, 2, 2]);
    const finishedBy = await workersOf(ids);
    expect(new Set(finishedBy.values()).size).toBe(1);
    expect(w2.output()).not.toMatch(/"level":(50|60)/);
  }, 120_000);
});
