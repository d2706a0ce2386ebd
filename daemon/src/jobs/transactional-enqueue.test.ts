// The outbox against a real pg-boss: jobs written inside the caller's transaction commit and roll
// back with it, and a job pg-boss declines fails the transaction instead of vanishing silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { testLogger } from '../../../test/support/logger';
import { withTransaction } from '../db/pool';
import { startBoss, type Boss } from './boss';
import { enqueueInTransaction, newJobId } from './transactional-enqueue';

let db: TestDatabase;
let boss: Boss;
beforeAll(async () => {
  db = await createTestDatabase();
  boss = await startBoss({
    connectionString: db.url,
    pool: db.pool,
    roles: [],
    log: testLogger(),
    schedules: [],
  });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await db?.drop();
});

async function jobIds(queue: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    'SELECT id FROM pgboss.job WHERE name = $1 ORDER BY id',
    [queue],
  );
  return rows.map((r) => r.id);
}

describe('enqueueInTransaction', () => {
  it('commits the jobs with the transaction, under the ids the caller chose', async () => {
    const ids = [newJobId(), newJobId()].sort();
    await withTransaction(db.pool, (c) =>
      enqueueInTransaction(
        c,
        boss,
        'backtest.sweep',
        ids.map((id, i) => ({ id, data: { n: i } })),
      ),
    );
    expect(await jobIds('backtest.sweep')).toEqual(ids);
    const job = await boss.getJobById('backtest.sweep', ids[0]!);
    expect(job?.retryLimit).toBe(2); // the queue's policy (queues.ts) applies, as with send()
  });

  it('writes nothing when the transaction rolls back after it', async () => {
    const before = await jobIds('backtest.run');
    const failing = withTransaction(db.pool, async (c) => {
      await enqueueInTransaction(c, boss, 'backtest.run', [{ id: newJobId(), data: {} }]);
      throw new Error('the domain write after it failed');
    });
    await expect(failing).rejects.toThrow('the domain write after it failed');
    expect(await jobIds('backtest.run')).toEqual(before);
  });

  it('fails the transaction with CONFLICT when pg-boss declines a job (a stately queue already holds one)', async () => {
    // risk.scan is declared stately (queues.ts), but start-up's declaration (boss.ts) ends with
    // pg-boss' updateQueue without a policy, which resets it to 'standard': set it here.
    await db.pool.query(`UPDATE pgboss.queue SET policy = 'stately' WHERE name = 'risk.scan'`);
    await withTransaction(db.pool, (c) =>
      enqueueInTransaction(c, boss, 'risk.scan', [{ id: newJobId(), data: {} }]),
    );
    const held = await jobIds('risk.scan');
    expect(held).toHaveLength(1);
    const second = withTransaction(db.pool, async (c) => {
      await c.query(`INSERT INTO market_ingests (kind, request) VALUES ('synthetic', '{"stately": true}')`);
      await enqueueInTransaction(c, boss, 'risk.scan', [{ id: newJobId(), data: {} }]);
    });
    await expect(second).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '1 of 1 risk.scan jobs were not queued',
    });
    expect(await jobIds('risk.scan')).toEqual(held);
    const { rows } = await db.pool.query(`SELECT 1 FROM market_ingests WHERE request ? 'stately'`);
    expect(rows).toHaveLength(0);
  });
});
