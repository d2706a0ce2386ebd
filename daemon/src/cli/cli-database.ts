// Database access for one-shot commands (migrate, user): the same configuration as `start`
// (QUANTTRADE_HOME or DATABASE_URL), attaching to a running daemon's embedded PostgreSQL when
// there is one. Logs go to stderr at warn level so stdout stays clean for output.
import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import { loadConfig, type Config } from '../config/load-config';
import { packageRoot } from '../config/package-root';
import { openDatabase, type Database } from '../db/database';
import { createLogger } from '../logging/logger';
import { scrubSecrets } from '../logging/redaction';
import { UsageError } from './command';

export function cliConfig(argv: readonly string[]): Config {
  try {
    return loadConfig({ argv, env: process.env, cwd: process.cwd(), packageRoot: packageRoot() });
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG_INVALID') throw new UsageError(err.message);
    throw err;
  }
}

export function cliLogger(config: Config): Logger {
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  return createLogger({
    level,
    format: config.logFormat,
    destination: process.stderr,
    isTerminal: Boolean(process.stderr.isTTY),
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
