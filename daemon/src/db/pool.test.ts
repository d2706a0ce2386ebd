import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { createPool, endPool, type Pool } from './pool';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function busyPool(applicationName: string, size: number): Promise<Pool> {
  const pool = createPool({
    connectionString: db.url,
    max: size,
    applicationName,
    log: pino({ level: 'silent' }),
  });
  await Promise.all(Array.from({ length: size }, () => pool.query('SELECT pg_sleep(0.01)')));
  return pool;
}

async function serverSessions(applicationName: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows[0]!.n;
}

describe('endPool', () => {
  it('resolves only once the server has closed every connection of the pool', async () => {
    // A server stopped while its sessions were still closing would terminate them, and each
    // would be logged as an idle-connection failure (db/database.ts close()).
    for (let round = 0; round < 10; round++) {
      const name = `qt-end-pool-${round}`;
      const pool = await busyPool(name, 8);
      expect(await serverSessions(name)).toBe(8);
      await endPool(pool);
      expect(await serverSessions(name)).toBe(0);
    }
  });

  it('resolves at once for a pool that never connected', async () => {
    const pool = createPool({ connectionString: db.url, log: pino({ level: 'silent' }) });
    await endPool(pool);
    expect(pool.ended).toBe(true);
  });
});

describe('a checked-out connection that the server ends', () => {
  it("fails its holder's next query instead of throwing an uncaught error", async () => {
    const pool = createPool({
      connectionString: db.url,
      max: 2,
      applicationName: 'qt-held',
      log: pino({ level: 'silent' }),
    });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // What a PostgreSQL restart does to every connection, while this one sits between queries.
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect(uncaught).toEqual([]);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await endPool(pool);
    }
  });
});
