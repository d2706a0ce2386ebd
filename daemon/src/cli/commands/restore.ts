// `quanttrade restore FILE [--force]`: puts a `quanttrade backup` back. Stop the daemons first.
// A base backup (.tar.gz) goes into QUANTTRADE_HOME's embedded PostgreSQL, the data it replaces
// kept aside; a pg_dump file (.dump) into the DATABASE_URL database with pg_restore of the
// server's major version, in one transaction.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { restoreBaseBackup } from '../../db/base-restore';
import { CUSTOM_DUMP_MAGIC, restoreDatabase } from '../../db/logical-backup';
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { UsageError } from '../command';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage: quanttrade restore FILE [--force] [--pg-bin DIR] [--home DIR | --database-url URL]

Restores a file written by \`quanttrade backup\`. Stop every daemon on the database first.
  base backup (.tar.gz)  into the embedded PostgreSQL of QUANTTRADE_HOME; the data it replaces
                         is moved to <data dir>.before-restore-<time> (delete it when satisfied)
  pg_dump file (.dump)   into the DATABASE_URL database, with pg_restore of the server's major
                         version, all or nothing (one transaction); --force restores although
                         other QuantTrade sessions are connected`;

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

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const file = argv[0] && !argv[0].startsWith('--') ? resolve(argv[0]) : undefined;
  if (!file) throw new UsageError('a backup file is needed: quanttrade restore FILE');
  if (!existsSync(file)) throw new UsageError(`FILE: ${file} does not exist`);
  const { values, rest } = splitFlags(argv.slice(1), { force: 'boolean', 'pg-bin': 'string' });
  const flags = validateFlags(
    z.object({ force: z.boolean().optional(), 'pg-bin': z.string().min(1).optional() }),
    values,
  );
  const config = cliConfig(rest);
  const log = cliLogger(config);
  const kind = kindOf(file);
  if (kind === 'base') {
    if (config.databaseUrl)
      throw new UsageError(
        'this is a base backup of an embedded PostgreSQL: restore it without DATABASE_URL',
      );
    const { manifest, previous } = await restoreBaseBackup({ home: config.home, file, log });
    console.log(`restored ${file} (taken ${manifest.createdAt}) into ${config.home}`);
    if (previous) console.log(`the data it replaced is in ${previous}: delete it once you are satisfied`);
    return 0;
  }
  if (!config.databaseUrl)
    throw new UsageError(
      'this is a pg_dump file: restore it into an external server with --database-url or DATABASE_URL',
    );
  return withCliDatabase(config, log, async (db) => {
    const { major } = await restoreDatabase({
      pool: db.pool,
      connectionString: db.connectionString,
      input: file,
      pgBin: flags['pg-bin'],
      force: flags.force ?? false,
    });
    console.log(`restored ${file} into the database (pg_restore of PostgreSQL ${major})`);
    return 0;
  });
}
