// What every `data` sub-command gets: a way to reach the same database as `start` (QUANTTRADE_HOME
// or DATABASE_URL), with migrations applied so a fresh installation works before the first start.
import { join } from 'node:path';
import { packageRoot } from '../../config/package-root';
import { migrate } from '../../db/migration-runner';
import type { Pool } from '../../db/pool';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';

export interface DataContext {
  withDatabase(configArgv: string[], fn: (pool: Pool) => Promise<number>): Promise<number>;
}

export const dataContext: DataContext = {
  async withDatabase(configArgv, fn) {
    const config = cliConfig(configArgv);
    const log = cliLogger(config);
    return withCliDatabase(config, log, async ({ pool }) => {
      await migrate(pool, join(packageRoot(), 'sql'), log);
      return fn(pool);
    });
  },
};
