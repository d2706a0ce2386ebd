// The database for one-shot commands (migrate, user, data, export, reader, …): the same one as
// `start` (QUANTTRADE_HOME or DATABASE_URL, from the command's daemon options or the
// environment), attaching to a running daemon's embedded PostgreSQL when there is one. Logs go
// to stderr at warn level so stdout stays clean for output.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import type { Config } from '../config/load-config';
import { packageRoot } from '../config/package-root';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migration-runner';
import type { Pool } from '../db/pool';
import { createLogger } from '../logging/logger';
import { scrubSecrets } from '../logging/redaction';
import type { Invocation } from './command';

export function cliLogger(config: Config, colour = false): Logger {
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  return createLogger({
    level,
    format: config.logFormat,
    destination: process.stderr,
    isTerminal: Boolean(process.stderr.isTTY),
    colour,
  });
}

export async function withCliDatabase<T>(
  config: Config,
  log: Logger,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  let db: Database;
  try {
    db = await openDatabase({
      home: config.home,
      databaseUrl: config.databaseUrl,
      poolMax: 2,
      log,
      embedded: 'attach',
    });
  } catch (err) {
    // Unreachable server, refused password, missing database: say which database, no stack.
    const where = config.databaseUrl
      ? `DATABASE_URL ${scrubSecrets(config.databaseUrl)}`
      : `the embedded PostgreSQL in ${config.home}`;
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `cannot open ${where}: ${(err as Error).message}`,
      {},
      { cause: err },
    );
  }
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export interface CommandDatabase {
  db: Database;
  pool: Pool;
  config: Config;
  log: Logger;
}

/**
 * Runs `fn` on the command's database, with pending migrations applied first (so a fresh
 * installation works before the daemon's first start) unless `migrations: false`.
 */
export async function withCommandDatabase<T>(
  inv: Pick<Invocation<unknown>, 'config' | 'colour'>,
  fn: (context: CommandDatabase) => Promise<T>,
  options: { migrations?: boolean } = {},
): Promise<T> {
  const config = inv.config();
  const log = cliLogger(config, inv.colour.stderr);
  return withCliDatabase(config, log, async (db) => {
    if (options.migrations !== false) await migrate(db.pool, join(packageRoot(), 'sql'), log);
    return fn({ db, pool: db.pool, config, log });
  });
}
