// Starts one PostgreSQL for the whole test run — the embedded one, or TEST_DATABASE_URL — and
// prepares a migrated template database. Each test file clones its own database from it
// (test/support/database.ts), so files can run in parallel without seeing each other's rows.
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../daemon/src/db/embedded-postgres';
import { createPool } from '../daemon/src/db/pool';
import { migrate } from '../daemon/src/db/migration-runner';
import { packageRoot } from '../daemon/src/config/package-root';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export const TEMPLATE_DB = 'qt_template';

let embedded: EmbeddedPostgres | undefined;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function setup(project: TestProject): Promise<void> {
  const log = pino({ level: 'silent' });
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      home: join(packageRoot(), 'node_modules/.cache/quanttrade-test'),
      log,
    });
    adminUrl = embedded.connectionString;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'qt\\_test\\_%' OR datname = $1",
    [TEMPLATE_DB],
  );
  for (const { datname } of stale.rows) {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const pool = createPool({ connectionString: withDatabase(adminUrl, TEMPLATE_DB), log, max: 1 });
  await migrate(pool, join(packageRoot(), 'sql'), log);
  await pool.end();
  project.provide('pgAdminUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
