// A market ingest's row and its data.ingest job are one transaction (market/ingest-submit.ts):
// both are there together, or — when the job cannot be written — neither is. The failure is the
// real database's: a trigger on pg-boss' job table refuses data.ingest jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../daemon/src/events/event-bus';
import { startBoss, type Boss } from '../../daemon/src/jobs/boss';
import { submitIngest } from '../../daemon/src/market/ingest-submit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';

let db: TestDatabase;
let boss: Boss;
let bus: EventBus;
const woken: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const log = testLogger();
  boss = await startBoss({ connectionString: db.url, pool: db.pool, roles: [], log, schedules: [] });
  bus = createEventBus({ log });
  bus.subscribe(['jobs.enqueued'], (e) => woken.push(e.payload.queue));
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await db?.drop();
});

async function counts() {
  const { rows } = await db.pool.query<{ ingests: number; jobs: number }>(
    `SELECT (SELECT count(*)::int FROM market_ingests) AS ingests,
            (SELECT count(*)::int FROM pgboss.job WHERE name = 'data.ingest') AS jobs`,
  );
  return rows[0]!;
}

describe('market ingest outbox', () => {
  it('writes the row and its job together, the row naming the job and the job the row', async () => {
    const { ingestId, jobId } = await submitIngest(
      { pool: db.pool, boss, bus },
      'synthetic',
      { symbols: ['OUTBOX'] },
      null,
    );
    const { rows } = await db.pool.query(
      `SELECT i.status, i.job_id, j.data
         FROM market_ingests i JOIN pgboss.job j ON j.id::text = i.job_id
        WHERE i.id = $1 AND j.name = 'data.ingest'`,
      [ingestId],
    );
    expect(rows).toEqual([{ status: 'queued', job_id: jobId, data: { ingestId } }]);
    expect(woken).toEqual(['data.ingest']);
  });

  it('leaves neither the row nor the job when the job cannot be written', async () => {
    const before = await counts();
    woken.length = 0;
    await db.pool.query(`
      CREATE FUNCTION refuse_ingest_job() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'data.ingest jobs refused by the test'; END $$;
      CREATE TRIGGER refuse_ingest_job BEFORE INSERT ON pgboss.job
        FOR EACH ROW WHEN (NEW.name = 'data.ingest') EXECUTE FUNCTION refuse_ingest_job();`);
    try {
      await expect(
        submitIngest({ pool: db.pool, boss, bus }, 'synthetic', { symbols: ['LOST'] }, null),
      ).rejects.toThrow('data.ingest jobs refused by the test');
    } finally {
      await db.pool.query('DROP TRIGGER refuse_ingest_job ON pgboss.job; DROP FUNCTION refuse_ingest_job()');
    }
    expect(await counts()).toEqual(before);
    expect(woken).toEqual([]);
    const { rows } = await db.pool.query(`SELECT 1 FROM market_ingests WHERE request->'symbols' ? 'LOST'`);
    expect(rows).toHaveLength(0);
  });
});
