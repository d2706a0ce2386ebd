// Starts one PostgreSQL for the whole test run — a private embedded cluster in a temporary
// directory, or TEST_DATABASE_URL — and prepares a migrated template database. Each test file
// clones its own database from it (test/support/database.ts), so files run in parallel without
// seeing each other's rows, and concurrent test runs never share a cluster or a template.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../daemon/src/db/embedded-postgres';
import { createPool } from '../daemon/src/db/pool';
import { migrate } from '../daemon/src/db/migration-runner';
import { packageRoot } from '../daemon/src/config/package-root';
import { FIRST_START_KEY } from '../daemon/src/cli/prepare-database';
import { claimSetting } from '../daemon/src/db/settings-store';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

let embedded: EmbeddedPostgres | undefined;
let home: string | undefined;
let adminUrl: string | undefined;
let runId: string | undefined;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function setup(project: TestProject): Promise<void> {
  const log = pino({ level: 'silent' });
  runId = randomBytes(4).toString('hex');
  adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    home = mkdtempSync(join(tmpdir(), 'quanttrade-test-'));
    embedded = await startEmbeddedPostgres({ home, log });
    adminUrl = embedded.connectionString;
  }
  const template = `qt_template_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const pool = createPool({ connectionString: withDatabase(adminUrl, template), log, max: 1 });
  await migrate(pool, join(packageRoot(), 'sql'), log);
  // As if a daemon had started on it once: the daemons tests start on its clones do not each
  // load the demo universe (a job of seconds on a shared 2-core machine). Tests of the first
  // start use an empty database (createTestDatabase({ migrated: false })) or a fresh home.
  await claimSetting(pool, FIRST_START_KEY, { by: 'test template' });
  await pool.end();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
}

export async function teardown(): Promise<void> {
  if (embedded) {
    await embedded.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    return;
  }
  // External server: drop what this run created (test files drop their own; this catches leftovers).
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'qt\\_test\\_' || $2 || '\\_%'",
    [`qt_template_${runId}`, runId],
  );
  for (const { datname } of rows)
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  await admin.end();
}
