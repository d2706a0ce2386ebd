// `quanttrade migrate [--status]`: apply pending migrations (or list them) without starting the
// daemon. Uses the same database as `start`.
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../config/package-root';
import { migrate, migrationStatus } from '../../db/migration-runner';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage: quanttrade migrate [--status] [--home DIR | --database-url URL]

Applies pending sql/NNN_*.sql migrations in order, each in its own transaction, under an
advisory lock (safe while other daemons start). --status lists applied and pending ones only.`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const { values, rest } = splitFlags(argv, { status: 'boolean' });
  const flags = validateFlags(z.object({ status: z.boolean().optional() }), values);
  const config = cliConfig(rest);
  const log = cliLogger(config);
  const sqlDir = join(packageRoot(), 'sql');
  return withCliDatabase(config, log, async ({ pool }) => {
    if (flags.status) {
      const status = await migrationStatus(pool, sqlDir);
      console.log(JSON.stringify(status, null, 2));
      return status.pending.length ? 1 : 0;
    }
    const applied = await migrate(pool, sqlDir, log);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    return 0;
  });
}
