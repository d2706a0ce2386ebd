import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { testLogger } from '../../../test/support/logger';
import { packageRoot } from '../config/package-root';
import { migrate, migrationStatus, readMigrations } from './migration-runner';

const sqlDir = join(packageRoot(), 'sql');
const log = testLogger();
let db: TestDatabase | undefined;

afterEach(async () => {
  await db?.drop();
  db = undefined;
});

function copyOfSql(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qt-sql-'));
  cpSync(sqlDir, dir, { recursive: true });
  return dir;
}

describe('migration runner', () => {
  it('applies every migration to an empty database, and a second run is a no-op', async () => {
    db = await createTestDatabase({ migrated: false });
    const files = readMigrations(sqlDir).map((f) => f.file);
    expect(await migrationStatus(db.pool, sqlDir)).toEqual({ applied: [], pending: files });

    expect(await migrate(db.pool, sqlDir, log)).toEqual(files);
    expect(await migrate(db.pool, sqlDir, log)).toEqual([]);
    expect(await migrationStatus(db.pool, sqlDir)).toEqual({ applied: files, pending: [] });

    const { rows } = await db.pool.query('SELECT version, sha256 FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(readMigrations(sqlDir).map((f) => f.version));
    expect(rows[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const tables = await db.pool.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.rows[0].n).toBeGreaterThanOrEqual(17);
  });

  it('refuses a migration that changed after it was applied, naming the file', async () => {
    db = await createTestDatabase({ migrated: false });
    const dir = copyOfSql();
    await migrate(db.pool, dir, log);
    writeFileSync(join(dir, '001_init.sql'), '-- edited\n', { flag: 'a' });
    await expect(migrate(db.pool, dir, log)).rejects.toThrow(
      /sql\/001_init\.sql was changed after it was applied/,
    );
    await expect(migrationStatus(db.pool, dir)).rejects.toThrow(/001_init\.sql/);
  });

  it('rolls back a failing migration completely and names it', async () => {
    db = await createTestDatabase({ migrated: false });
    const dir = copyOfSql();
    writeFileSync(
      join(dir, '900_broken.sql'),
      'CREATE TABLE half_made (id int);\nSELECT no_such_function();\n',
    );
    await expect(migrate(db.pool, dir, log)).rejects.toThrow(
      /sql\/900_broken\.sql failed: .*no_such_function/,
    );
    const half = await db.pool.query("SELECT to_regclass('half_made') AS t");
    expect(half.rows[0].t).toBeNull();
    const status = await migrationStatus(db.pool, dir);
    expect(status.pending).toEqual(['900_broken.sql']);
  });

  it('is safe when two runs start together', async () => {
    db = await createTestDatabase({ migrated: false });
    const results = await Promise.all([migrate(db.pool, sqlDir, log), migrate(db.pool, sqlDir, log)]);
    const all = results.flat().sort();
    expect(all).toEqual(
      readMigrations(sqlDir)
        .map((f) => f.file)
        .sort(),
    );
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(readMigrations(sqlDir).length);
  });

  it('rejects badly named files', () => {
    const dir = copyOfSql();
    writeFileSync(join(dir, 'oops.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(
      /oops\.sql: migration files must be named NNN_lower_snake_case\.sql/,
    );
  });
});
