// The database for `quanttrade paper`: as other one-shot commands (cli-database.ts), with a pool
// big enough for a deployment's work (venue and ledger transactions, lease renewals, the risk
// gate's kill-switch watch) running side by side.
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config';
import { openDatabase } from '../../db/database';
import type { Pool } from '../../db/pool';

export async function withPaperDatabase<T>(
  config: Config,
  log: Logger,
  fn: (pool: Pool) => Promise<T>,
): Promise<T> {
  const db = await openDatabase({
    home: config.home,
    databaseUrl: config.databaseUrl,
    poolMax: 8,
    log,
    embedded: 'attach',
  });
  try {
    return await fn(db.pool);
  } finally {
    await db.close();
  }
}
