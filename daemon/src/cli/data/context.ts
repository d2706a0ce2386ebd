// What every `data` sub-command gets: a way to reach the same database as `start` (QUANTTRADE_HOME
// or DATABASE_URL), with migrations applied so a fresh installation works before the first start,
// and the daemon configuration (source URLs and credentials) parsed from the same flags.
import { join } from 'node:path';
import type { Config } from '../../config/load-config';
import { packageRoot } from '../../config/package-root';
import { migrate } from '../../db/migration-runner';
import type { Pool } from '../../db/pool';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';

export interface DataContext {
  withDatabase(configArgv: string[], fn: (pool: Pool, config: Config) => Promise<number>): Promise<number>;
}

export const dataContext: DataContext = {
  async withDatabase(configArgv, fn) {
    const config = cliConfig(configArgv);
    const log = cliLogger(config);
    return withCliDatabase(config, log, async ({ pool }) => {
      await migrate(pool, join(packageRoot(), 'sql'), log);
      return fn(pool, config);
    });
  },
};
