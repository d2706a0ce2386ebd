// Cancelling backtests. To hold runs mid-flight without test-only switches, the test takes an
// exclusive lock on the bars table: runs are claimed (status running) and then wait inside their
// worker thread for the bars (each over a range no thread has cached). A cancel must stop such a run anyway — the thread is terminated —
// and withdraw queued ones at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from '../../daemon/src/db/pool';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { freshRange, seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  // Two workers (the test config's job concurrency): a third run stays queued.
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'CANCELTEST', 500);
});
afterAll(async () => {
  await t?.stop();
});

// Each run gets a range of its own, so no worker thread has its bars cached (see freshRange).
const input = () => ({
  template: 'ema-cross',
  universe: { symbols: [bars.symbol], timeframe: '1d' },
  ...freshRange(bars),
});

async function lockBars(): Promise<PoolClient> {
  const client = await t.pool.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE bars IN ACCESS EXCLUSIVE MODE');
  return client;
}

async function release(client: PoolClient): Promise<void> {
  await client.query('ROLLBACK');
  client.release();
}

describe('backtests.cancel', () => {
  it('stops running runs and withdraws queued ones', async () => {
    const api = t.api('operator');
    const lock = await lockBars();
    try {
      const [a, b, c] = [
        await api.backtests.submit.mutate(input()),
        await api.backtests.submit.mutate(input()),
        await api.backtests.submit.mutate(input()),
      ];
      await waitForStatus(t.pool, a.id, ['running']);
      await waitForStatus(t.pool, b.id, ['running']);
      expect((await api.backtests.get.query({ id: c.id })).status).toBe('queued');

      const queued = await api.backtests.cancel.mutate({ id: c.id });
      expect(queued).toMatchObject({
        status: 'cancelled',
        cancelRequested: true,
        error: 'cancelled before it started',
      });
      const { rows } = await t.pool.query(`SELECT state FROM pgboss.job WHERE id = $1`, [c.jobId]);
      expect(rows[0].state).toBe('cancelled');

      const running = await api.backtests.cancel.mutate({ id: a.id });
      expect(running.cancelRequested).toBe(true);
      const stopped = await waitForStatus(t.pool, a.id, ['cancelled', 'succeeded', 'failed'], 5000);
      expect(stopped).toMatchObject({ status: 'cancelled', error: 'cancelled by user' });
      // The other run is untouched: still waiting for the bars.
      expect((await api.backtests.get.query({ id: b.id })).status).toBe('running');
    } finally {
      await release(lock);
    }
  });

  it('lets the surviving runs finish once the bars are free, with nothing written for cancelled ones', async () => {
    const { rows } = await t.pool.query<{ id: number; status: string }>(
      `SELECT id, status FROM backtests ORDER BY id`,
    );
    for (const r of rows.filter((x) => x.status !== 'cancelled'))
      await waitForStatus(t.pool, r.id, ['succeeded']);
    const written = await t.pool.query(
      `SELECT count(*)::int AS n FROM backtest_equity e JOIN backtests b ON b.id = e.backtest_id WHERE b.status = 'cancelled'`,
    );
    expect(written.rows[0].n).toBe(0);
    // A replacement thread took over the terminated one: new runs still work.
    const again = await t.api('operator').backtests.submit.mutate(input());
    expect((await waitForStatus(t.pool, again.id, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('answers a finished run unchanged, and refuses an unknown one', async () => {
    const api = t.api('operator');
    const done = await api.backtests.submit.mutate(input());
    await waitForStatus(t.pool, done.id, ['succeeded']);
    expect(await api.backtests.cancel.mutate({ id: done.id })).toMatchObject({
      status: 'succeeded',
      cancelRequested: false,
    });
    await expect(api.backtests.cancel.mutate({ id: 999_999 })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
  });

  it('streams the cancelled status to a subscriber', async () => {
    const api = t.api('operator');
    const lock = await lockBars();
    try {
      const run = await api.backtests.submit.mutate(input());
      await waitForStatus(t.pool, run.id, ['running']);
      const seen = new Promise<string[]>((resolve, reject) => {
        const statuses: string[] = [];
        const sub = t.client('operator').api.backtests.progress.subscribe(
          { id: run.id },
          {
            onData(e) {
              statuses.push(e.status);
              if (e.status === 'cancelled') {
                sub.unsubscribe();
                resolve(statuses);
              }
            },
            onError: reject,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 200));
      await api.backtests.cancel.mutate({ id: run.id });
      expect(await seen).toEqual(['running', 'cancelled']);
    } finally {
      await release(lock);
    }
  });
});
