// `quanttrade restore FILE [--force]`: puts a `quanttrade backup` back. Stop the daemons first.
// A base backup (.tar.gz) goes into QUANTTRADE_HOME's embedded PostgreSQL, the data it replaces
// kept aside; a pg_dump file (.dump) into the DATABASE_URL database with pg_restore of the
// server's major version, in one transaction.
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { restoreBaseBackup } from '../../db/base-restore';
import { CUSTOM_DUMP_MAGIC, restoreDatabase } from '../../db/logical-backup';
import { cliLogger, withCommandDatabase } from '../cli-database';
import { defineCommand, UsageError } from '../command';

function kindOf(file: string): 'base' | 'dump' {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(5);
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'base';
  if (head.toString('latin1') === CUSTOM_DUMP_MAGIC) return 'dump';
  throw new AppError(
    'VALIDATION_FAILED',
    `${file} is neither a base backup nor a pg_dump file from quanttrade backup`,
  );
}

export const command = defineCommand({
  summary: 'Restore a backup into a stopped installation (quanttrade restore FILE)',
  usage: 'FILE [--force] [--pg-bin DIR] [--home DIR | --database-url URL]',
  description:
    'Restores a file written by `quanttrade backup`. Stop every daemon on the database first.\n' +
    '  base backup (.tar.gz)  into the embedded PostgreSQL of QUANTTRADE_HOME; the data it replaces\n' +
    '                         is moved to <data dir>.before-restore-<time> (delete it when satisfied)\n' +
    "  pg_dump file (.dump)   into the DATABASE_URL database, with pg_restore of the server's major\n" +
    '                         version, all or nothing (one transaction); --force restores although\n' +
    '                         other QuantTrade sessions are connected',
  args: [{ name: 'FILE', describe: 'a file written by quanttrade backup', input: 'file' }],
  options: {
    force: { type: 'boolean', describe: 'pg_dump files: restore although other sessions are connected' },
    'pg-bin': { type: 'string', value: 'DIR', describe: 'where pg_restore is (DATABASE_URL only)' },
  },
  schema: z.object({ force: z.boolean().optional(), 'pg-bin': z.string().min(1, 'a directory').optional() }),
  daemonOptions: true,
  async run(inv) {
    const file = resolve(inv.args[0]!);
    const flags = inv.options;
    const config = inv.config();
    const kind = kindOf(file);
    if (kind === 'base') {
      if (config.databaseUrl)
        throw new UsageError(
          'this is a base backup of an embedded PostgreSQL: restore it without DATABASE_URL',
        );
      const log = cliLogger(config, inv.colour.stderr);
      const { manifest, previous } = await restoreBaseBackup({ home: config.home, file, log });
      console.log(`restored ${file} (taken ${manifest.createdAt}) into ${config.home}`);
      if (previous) console.log(`the data it replaced is in ${previous}: delete it once you are satisfied`);
      return 0;
    }
    if (!config.databaseUrl)
      throw new UsageError(
        'this is a pg_dump file: restore it into an external server with --database-url or DATABASE_URL',
      );
    // The dump brings its own schema and migration history: nothing is migrated first.
    return withCommandDatabase(
      inv,
      async ({ db }) => {
        const { major } = await restoreDatabase({
          pool: db.pool,
          connectionString: db.connectionString,
          input: file,
          pgBin: flags['pg-bin'],
          force: flags.force ?? false,
        });
        console.log(`restored ${file} into the database (pg_restore of PostgreSQL ${major})`);
        return 0;
      },
      { migrations: false },
    );
  },
});
