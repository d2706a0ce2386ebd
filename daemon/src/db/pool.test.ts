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
