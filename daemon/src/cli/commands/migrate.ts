// `quanttrade migrate [--status]`: apply pending migrations (or list them) without starting the
// daemon. Uses the same database as `start`.
import { join } from 'node:path';
import { packageRoot } from '../../config/package-root';
import { migrate, migrationStatus } from '../../db/migration-runner';
import { withCommandDatabase } from '../cli-database';
import { defineCommand } from '../command';

export const command = defineCommand({
  summary: 'Apply pending database migrations (--status lists them)',
  usage: '[--status]',
  description:
    'Applies pending sql/NNN_*.sql migrations in order, each in its own transaction, under an\n' +
    'advisory lock (safe while other daemons start). Exit code 1 with --status when some are pending.',
  options: {
    status: { type: 'boolean', describe: 'list applied and pending migrations (JSON), apply nothing' },
  },
  daemonOptions: true,
  async run(inv) {
    const sqlDir = join(packageRoot(), 'sql');
    return withCommandDatabase(
      inv,
      async ({ pool, log }) => {
        if (inv.options.status) {
          const status = await migrationStatus(pool, sqlDir);
          console.log(JSON.stringify(status, null, 2));
          return status.pending.length ? 1 : 0;
        }
        const applied = await migrate(pool, sqlDir, log);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
        return 0;
      },
      { migrations: false },
    );
  },
});
