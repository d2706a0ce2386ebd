// Applies sql/NNN_name.sql files in order. Each file runs in its own transaction and is recorded
// in schema_migrations with its sha256. The whole run holds a PostgreSQL advisory lock, so two
// daemons starting together apply each file exactly once. An applied file whose contents changed
// stops start-up: a released migration is never edited.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Pool } from './pool';

/** Arbitrary constant: the advisory-lock key that serialises migration runs ("qtmigr"). */
const MIGRATION_LOCK_KEY = 0x7174_6d69_6772;

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  sha256: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const migrations = files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new MigrationError(`${join(dir, file)}: migration files must be named NNN_lower_snake_case.sql`);
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2]!,
      file,
      sql,
      sha256: createHash('sha256').update(sql).digest('hex'),
    };
  });
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new MigrationError(`${migrations[i - 1]!.file} and ${migrations[i]!.file} have the same number`);
    }
  }
  return migrations;
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    sha256     text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

function checkApplied(files: MigrationFile[], applied: AppliedRow[]): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `the database has migration ${row.version}_${row.name} but sql/ has no such file: ` +
          `this daemon is older than the database`,
      );
    }
    if (file.sha256 !== row.sha256) {
      throw new MigrationError(
        `sql/${file.file} was changed after it was applied (sha256 ${row.sha256.slice(0, 12)}… in the database, ` +
          `${file.sha256.slice(0, 12)}… on disk); released migrations must never be edited — add a new one`,
      );
    }
  }
}

/** Applies every pending migration. Returns the files applied by this call. */
export async function migrate(pool: Pool, dir: string, log: Logger): Promise<string[]> {
  const files = readMigrations(dir);
  const client = await pool.connect();
  const appliedNow: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<AppliedRow>('SELECT version, name, sha256 FROM schema_migrations');
    checkApplied(files, rows);
    const done = new Set(rows.map((r) => r.version));
    for (const file of files) {
      if (done.has(file.version)) continue;
      const started = Date.now();
      try {
        await client.query('BEGIN');
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [
          file.version,
          file.name,
          file.sha256,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`sql/${file.file} failed: ${(err as Error).message}`, { cause: err });
      }
      appliedNow.push(file.file);
      log.info({ migration: file.file, ms: Date.now() - started }, 'migration applied');
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return appliedNow;
}

/** What is applied and what is pending, without changing anything (for /readyz). */
export async function migrationStatus(pool: Pool, dir: string): Promise<MigrationStatus> {
  const files = readMigrations(dir);
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  const rows = exists.rows[0]?.t
    ? (await pool.query<AppliedRow>('SELECT version, name, sha256 FROM schema_migrations')).rows
    : [];
  checkApplied(files, rows);
  const done = new Set(rows.map((r) => r.version));
  return {
    applied: files.filter((f) => done.has(f.version)).map((f) => f.file),
    pending: files.filter((f) => !done.has(f.version)).map((f) => f.file),
  };
}
