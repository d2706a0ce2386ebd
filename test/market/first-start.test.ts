// The daemon's first start on a database happens once, whoever created the schema: after
// `quanttrade migrate` (the built CLI) the first daemon still loads the demo universe, a second
// start does not, a database an older daemon already ran on is not taken for a new one, and
// daemons starting together agree on which one was first.
import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_START_KEY } from '../../daemon/src/cli/prepare-database';
import { startupHooks } from '../../daemon/src/cli/startup-hooks';
import { migrate } from '../../daemon/src/db/migration-runner';
import { claimSetting, getSetting } from '../../daemon/src/db/settings-store';
import { packageRoot } from '../../daemon/src/config/package-root';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { runCli } from '../support/spawn-daemon';
import { join } from 'node:path';

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

async function demoIngests(database: TestDatabase): Promise<{ id: number; status: string }[]> {
  const { rows } = await database.pool.query(
    `SELECT id, status FROM market_ingests WHERE kind = 'synthetic' ORDER BY id`,
  );
  return rows as { id: number; status: string }[];
}

describe('the first daemon start', () => {
  it('loads the demo universe even when quanttrade migrate created the schema, and only once', async () => {
    db = await createTestDatabase({ migrated: false });
    const migrated = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
    expect(migrated.code).toBe(0);
    expect(await getSetting(db.pool, FIRST_START_KEY)).toBeUndefined();

    const first = await startTestDaemon({ database: db, hooks: startupHooks });
    try {
      expect(await demoIngests(db)).toHaveLength(1);
      expect(await getSetting(db.pool, FIRST_START_KEY)).toMatchObject({ by: expect.stringMatching(/pid/) });
    } finally {
      await first.stop();
    }
    const second = await startTestDaemon({ database: db, hooks: startupHooks });
    await second.stop();
    expect(await demoIngests(db)).toHaveLength(1);
  }, 120_000);

  it('is not claimed again on a database a daemon ran on before the marker existed', async () => {
    db = await createTestDatabase({ migrated: false });
    // What an earlier daemon leaves: pg-boss's schema (no command other than start creates it).
    await db.pool.query('CREATE SCHEMA pgboss');
    await migrate(db.pool, join(packageRoot(), 'sql'), testLogger());
    expect(await getSetting(db.pool, FIRST_START_KEY)).toMatchObject({ by: expect.stringContaining('016') });
    const daemon = await startTestDaemon({ database: db, hooks: startupHooks });
    await daemon.stop();
    expect(await demoIngests(db)).toEqual([]);
  }, 120_000);

  it('is claimed by exactly one of several daemons starting together', async () => {
    db = await createTestDatabase({ migrated: false });
    await migrate(db.pool, join(packageRoot(), 'sql'), testLogger());
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimSetting(db!.pool, FIRST_START_KEY, { by: `daemon ${i}` })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
