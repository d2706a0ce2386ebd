// Faults of the daemon process and its embedded PostgreSQL: the server killed under a running
// daemon (which starts it again itself), the daemon killed with SIGKILL while its server lives on
// (an orphan the next start stops), and both killed together (crash recovery from the WAL). Every
// time runs were in flight, and every run ends exactly once; the daemon is ready again — on its
// own after the server's death, after a restart (what systemd or Docker do) after its own.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../daemon/src/api/client';
import type { Pool } from '../../daemon/src/db/pool';
import { freshRange, seedDailyBars, type Seeded } from '../backtests/support/seed-bars';
import { spawnDaemon, type SpawnedDaemon } from '../support/daemon';
import { removeHome } from '../support/spawn-daemon';
import { addOperator, checkPool, expectEachDoneOnce, lockBars, processFaults } from './support/fault-harness';
import { until } from './support/until';

const home = mkdtempSync(join(tmpdir(), 'qt-kill-'));
const ENV = { QUANTTRADE_JOB_CONCURRENCY: '2' };
let daemon: SpawnedDaemon | undefined;
let pool: Pool;
let token: string;
let bars: Seeded;

function embedded(): { url: string; postmaster: number } {
  const { port, password, dataDir } = JSON.parse(readFileSync(join(home, 'postgres.json'), 'utf8')) as {
    port: number;
    password: string;
    dataDir?: string;
  };
  const pid = readFileSync(join(dataDir ?? join(home, 'pgdata'), 'postmaster.pid'), 'utf8').split('\n')[0];
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    postmaster: Number(pid),
  };
}

beforeAll(async () => {
  daemon = await spawnDaemon({ home, env: ENV });
  pool = checkPool(embedded().url);
  token = await addOperator(pool);
  bars = await seedDailyBars(pool, 'KILLED', 1500);
}, 120_000);

afterAll(async () => {
  await daemon?.stop();
  await pool?.end().catch(() => undefined);
  removeHome(home);
});

async function readyz(): Promise<number> {
  return fetch(`${daemon!.url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
}

/** Five runs, two held in flight by the bars lock, then `fault`; returns their ids. */
async function whileRunning(fault: () => Promise<void>): Promise<number[]> {
  const lock = await lockBars(pool);
  try {
    const api = createClient({ url: daemon!.url, token }).api;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await api.backtests.submit.mutate({
        template: 'sma-cross',
        params: { fast: 4, slow: 16, size: 5 },
        universe: { symbols: [bars.symbol], timeframe: '1d' },
        ...freshRange(bars),
      });
      ids.push(id);
    }
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

describe('killing the embedded PostgreSQL and the daemon', () => {
  it('starts its embedded PostgreSQL again after it was killed, and finishes every run once', async () => {
    const ids = await whileRunning(async () => {
      process.kill(embedded().postmaster, 'SIGKILL');
      expect(await until(readyz, (s) => s === 503, 20_000, 100)).toBe(503);
    });
    expect(await until(readyz, (s) => s === 200, 90_000, 250)).toBe(200);
    await expectEachDoneOnce(pool, ids);
    expect(daemon!.child.exitCode).toBeNull();
    expect(await processFaults(daemon!.url)).toEqual({ rejections: 0, exceptions: 0 });
  }, 240_000);

  it('after SIGKILL of the daemon alone (its PostgreSQL orphaned), a restart finishes every run once', async () => {
    const ids = await whileRunning(async () => {
      daemon!.kill('SIGKILL');
      await daemon!.exited;
    });
    daemon = await spawnDaemon({ home, env: ENV });
    await expectEachDoneOnce(pool, ids);
  }, 240_000);

  it('after SIGKILL of the daemon and its PostgreSQL together, a restart recovers and finishes every run once', async () => {
    const ids = await whileRunning(async () => {
      const { postmaster } = embedded();
      daemon!.kill('SIGKILL');
      process.kill(postmaster, 'SIGKILL');
      await daemon!.exited;
    });
    daemon = await spawnDaemon({ home, env: ENV });
    await expectEachDoneOnce(pool, ids);
    expect(await processFaults(daemon.url)).toEqual({ rejections: 0, exceptions: 0 });
  }, 240_000);
});
