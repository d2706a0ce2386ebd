// Backups of an external server (DATABASE_URL): pg_dump's custom format, and pg_restore of the
// same major version into the database — in one transaction, stopping at the first error, so a
// restore either happens whole or not at all.
import { AppError } from '../core/errors';
import { findPgTool, libpqEnv, runPgTool } from './pg-client-tools';
import type { Pool } from './pool';

/** pg_dump's custom format starts with these bytes. */
export const CUSTOM_DUMP_MAGIC = 'PGDMP';

export async function serverMajor(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}

export async function dumpDatabase(options: {
  pool: Pool;
  connectionString: string;
  output: string;
  pgBin?: string;
}): Promise<{ tool: string; major: number }> {
  const major = await serverMajor(options.pool);
  const tool = await findPgTool('pg_dump', major, options.pgBin);
  await runPgTool(
    tool,
    ['--format=custom', '--compress=6', `--file=${options.output}`, '--no-password'],
    options.connectionString,
  );
  return { tool, major };
}

/** Daemons connected to the database (each holds its event listener and job-queue sessions). */
export async function otherDaemonSessions(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name IN ('quanttrade-events', 'quanttrade-jobs')`,
  );
  return rows[0]!.n;
}

// The dump grants to these cluster-wide roles; a fresh server does not have them yet.
const ROLES = `
DO $$
BEGIN
  BEGIN CREATE ROLE quanttrade_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN CREATE ROLE quanttrade_readonly NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN EXECUTE format('GRANT quanttrade_app, quanttrade_readonly TO %I', current_user);
  EXCEPTION WHEN others THEN NULL; END;
END
$$`;

export async function restoreDatabase(options: {
  pool: Pool;
  connectionString: string;
  input: string;
  pgBin?: string;
  force: boolean;
}): Promise<{ tool: string; major: number }> {
  const others = await otherDaemonSessions(options.pool);
  if (others > 0 && !options.force) {
    throw new AppError(
      'CONFLICT',
      `${others} QuantTrade connection(s) are open on this database: stop the daemons first (or pass --force)`,
    );
  }
  const major = await serverMajor(options.pool);
  const tool = await findPgTool('pg_restore', major, options.pgBin);
  await options.pool.query(ROLES);
  const { PGDATABASE } = libpqEnv(options.connectionString);
  await runPgTool(
    tool,
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      '--no-password',
      `--dbname=${PGDATABASE}`,
      options.input,
    ],
    options.connectionString,
  );
  return { tool, major };
}
